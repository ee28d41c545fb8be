"""Fingerprint stage: an exact-content hash and a MinHash signature of word shingles.

The hash identifies revisions and exact duplicates; the signature feeds near-copy search (LSH)
in the lineage stage, which must use the same `NUM_PERM` and `SHINGLE_WORDS` defined here.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from storytrace.model import Article, Reject
from storytrace.pipeline.base import Stage

NUM_PERM = 128
SHINGLE_WORDS = 5  # word 5-grams: long enough that shared phrases ("the president said") rarely collide
_WORD = re.compile(r"\w+", re.UNICODE)


def normalized_words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def content_hash(text: str) -> str:
    """Hash of the case-folded word sequence: punctuation and spacing changes do not make a new text."""
    return hashlib.blake2b(" ".join(normalized_words(text)).encode("utf-8"), digest_size=16).hexdigest()


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash_signature(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM)
    signature.update_batch(list(shingles(normalized_words(text))))
    return signature


def signature_from_bytes(data: bytes) -> MinHash:
    """Rebuild a MinHash from its stored bytes (the inverse of what `Fingerprint` stores)."""
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64))


class Fingerprint(Stage):
    name = "fingerprint"

    def process_article(self, article: Article) -> Article | Reject:
        article.content_hash = content_hash(article.text)
        article.minhash = minhash_signature(article.text).hashvalues.astype(np.uint64).tobytes()
        return article
