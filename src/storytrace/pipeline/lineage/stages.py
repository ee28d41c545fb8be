"""Per-article lineage stages that run in the workers with the rest of ingest."""

from __future__ import annotations

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.lineage.citations import extract_citations


class ExtractCitations(Stage):
    """What the article explicitly credits ("according to Reuters", "(AP) —", "Source: BNR")."""

    name = "citations"

    def process_article(self, article: Article) -> Article | Reject:
        article.citations = extract_citations(article.text, article.language)
        self.count("credits", len(article.citations))
        return article
