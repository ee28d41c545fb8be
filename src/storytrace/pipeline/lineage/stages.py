"""Per-article lineage stages that run in the workers with the rest of ingest."""

from __future__ import annotations

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage
from storytrace.pipeline.lineage.citations import ranked_citations


class ExtractCitations(Stage):
    """What the article explicitly credits ("according to Reuters", "(AP) —", "Source: BNR"), stored
    most prominent first, so the first named media credit is the article's primary source."""

    name = "citations"

    def process_article(self, article: Article) -> Article | Reject:
        article.citations = ranked_citations(article.text, article.language)
        self.count("credits", len(article.citations))
        return article
