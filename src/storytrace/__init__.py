"""storytrace: stories, provenance, attribution and timelines from piles of dated news articles."""

from storytrace.corpus import Corpus
from storytrace.model import Article, IngestSummary, Reject

__all__ = ["Article", "Corpus", "IngestSummary", "Reject"]
__version__ = "0.1.0"
