"""Candidate pairs without comparing everything with everything.

Two blocking keys, both persisted in the store so that a new batch is compared with all that is
stored without recomputing it:
- MinHash LSH band keys over word 5-shingles (same-language near-copies, excerpts). The banding
  is datasketch's: its `_optimal_param` picks bands × rows for the threshold, and a band key is a
  hash of that slice of the signature, so two articles collide in a band exactly when datasketch's
  MinHashLSH would put them in the same bucket.
- nearest neighbours of the multilingual lead embedding (paraphrases, translations), see store/ann.py.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from storytrace.pipeline.fingerprint import NUM_PERM

# Jaccard threshold of the LSH: agency copies and excerpts of a third or more of a text share at
# least this much of their 5-shingles; rewrites share far less and are found by embeddings instead.
LSH_THRESHOLD = 0.3


@lru_cache(maxsize=4)
def lsh_shape(threshold: float = LSH_THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives + negatives with equal weight."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_keys(signature: bytes, threshold: float = LSH_THRESHOLD) -> list[int]:
    """One signed 64-bit key per band (band number mixed in, so equal slices of other bands differ)."""
    values = np.frombuffer(signature, dtype=np.uint64)
    bands, rows = lsh_shape(threshold, len(values))
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(
            values[band * rows : (band + 1) * rows].tobytes(), digest_size=8, salt=band.to_bytes(8, "little")
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
