"""NLP stages: quotes and attributed claims (who says what, on whose authority)."""

from storytrace.pipeline.nlp.attribution import Attribution, Span, extract_attributions

__all__ = ["Attribution", "Span", "extract_attributions"]
