"""Extract stage: HTML pages become main text plus page metadata (title, date, site name, canonical URL)."""

from __future__ import annotations

import trafilatura

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage

MIN_WORDS = 8  # below this what trafilatura finds is navigation ("Home"), not an article


class ExtractHtml(Stage):
    """Run trafilatura on articles that carry raw HTML; text inputs pass through untouched."""

    name = "extract"

    def process_article(self, article: Article) -> Article | Reject:
        if article.html is None:
            return article
        document = trafilatura.bare_extraction(
            article.html, url=article.url, with_metadata=True, include_comments=False, favor_precision=True
        )
        article.html = None
        if document is None or len((document.text or "").split()) < MIN_WORDS:
            self.count("no_main_text")
            return Reject(
                article.origin, "no_main_text", "HTML page has no extractable article text", article_id=article.id
            )
        article.text = document.text
        article.title = article.title or document.title
        article.url = document.url or article.url
        if document.date and article.published is None:
            article.published = document.date
            article.meta["date_source"] = "html"
        if document.sitename:
            article.meta["site_name"] = document.sitename
        if document.author:
            article.meta["author"] = document.author
        self.count("pages")
        return article
