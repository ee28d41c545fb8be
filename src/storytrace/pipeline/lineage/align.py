"""Sentence alignment between two articles: the evidence on which every derivation verdict rests.

Within one language sentences are first matched by word overlap (Dice over word sets), which is
exact enough to find agency copies even when a dateline, a figure or a clause changed; the rest are
matched by multilingual embedding cosine, which catches reworded (spun) sentences and, across
languages, translations. Matching is one-to-one in two steps over vectorised similarity matrices:
an order-preserving chain (a weighted longest-common-subsequence dynamic programme) that may use
moderately similar sentences, but only where they stand next to another match on the diagonal,
then a greedy best-first pass for strong matches out of order (a moved paragraph). Articles are
short (tens of sentences), so this costs well under a millisecond per pair.

Besides the sentence pairs an `Alignment` carries the summary numbers the classifier needs: how
much of each text is covered, the longest verbatim token run (also with quotations left out: two
independent reports quote the same statement word for word, but rarely write 20 words alike
outside quotation marks), and word 5-shingle containment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Literal

import numpy as np
from rapidfuzz.distance import Indel

from storytrace.pipeline.embed import embed, embeddable
from storytrace.pipeline.segment import split_sentences
from storytrace.pipeline.time.lexicon import LEXICONS

Method = Literal["lexical", "embedding"]

# CJK ideographs and kana are words of their own (those scripts do not separate words by spaces);
# elsewhere a token is a run of letters and digits.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+")
_SHINGLE = 5
# Months and weekdays are capitalised in English without being names: "on Tuesday" → "on Monday" swaps no name.
_CALENDAR_WORDS = frozenset(
    word.casefold() for lexicon in LEXICONS.values() for key in ("month", "weekday") for word in lexicon[key]
)
# Languages that capitalise common nouns, where a capitalised word is no sign of a name.
_NOUN_CAPITALISING = frozenset({"de", "lb"})
# A quotation within one paragraph, in the quotation marks of the languages served: “…”, «…», „…“,
# "…", 「…」, 『…』. Single quotes are left out: ’ and ' are also apostrophes.
_QUOTATION = re.compile(r'“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]|"[^"\n]*"|「[^」\n]*」|『[^』\n]*』')


@dataclass(frozen=True, slots=True)
class AlignSettings:
    """Thresholds of the aligner, measured on corpus/dev with evaluation/derivations_dev.py.

    Sentence pairs of judged derivations were compared with the best-matching sentence pairs of
    same-story articles that share no text (both splits looked at: the development split alone has
    too few judged links; see the caveat in that script).
    """

    # Word-set Dice: sentences that judged links share score 0.6-1.0 (a changed toll or dropped
    # clause costs 0.1-0.3); the best match of an unlinked same-story pair has median 0.46 (75th
    # percentile 0.58). A quarter of those pairs do share one sentence >= 0.6 (a quote, a stock lead),
    # which is why a derivation verdict needs several aligned sentences and coverage, not one match.
    lexical: float = 0.6
    # Embedding cosine (multilingual USE) above which a sentence pair is accepted anywhere in the text
    # (same language: synonym-spun sentences score 0.8-0.9, different sentences of two reports on one
    # event reach 0.7-0.76; across languages translations score 0.7-0.9).
    same_language_embedding: float = 0.8
    cross_language_embedding: float = 0.7
    # Lower floor for pairs on the order-preserving chain: spun sentences and loose translations
    # score 0.6-0.75, and only their order tells them from look-alike sentences of another report.
    same_language_chain: float = 0.65
    cross_language_chain: float = 0.55
    # Sentences shorter than this many tokens (headings, bylines, "Share") only align when identical.
    min_tokens: int = 4


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One earlier sentence matched to one later sentence, with the score of the method that matched it."""

    source_index: int
    target_index: int
    source_sentence: str
    target_sentence: str
    score: float
    method: Method


@dataclass(frozen=True, slots=True)
class Alignment:
    """A one-to-one sentence alignment of an earlier and a later text and its summary numbers.

    Coverages are shares of characters (of the sentences) in each text that belong to aligned
    sentences; `longest_unquoted_run` is the longest verbatim token run outside quotation marks in
    both texts; containment is the share of the later text's word 5-shingles found in the earlier one
    (and `containment_earlier` the converse); `order_agreement` is the share of aligned-pair couples
    that keep their relative order (1.0 for a copy, lower for a reshuffled rewrite).
    """

    pairs: tuple[AlignedPair, ...]
    same_language: bool
    earlier_chars: int
    later_chars: int
    coverage_earlier: float
    coverage_later: float
    mean_score: float
    longest_verbatim_run: int | None  # None: not measured (`align_prepared(..., runs=False)`, see `with_runs`)
    longest_unquoted_run: int | None
    containment: float
    containment_earlier: float
    order_agreement: float
    name_swaps: int | None = None  # measured with the runs (`with_runs`)

    @property
    def shorter_coverage(self) -> float:
        """Coverage of the shorter text: how much of it the longer one accounts for."""
        return self.coverage_later if self.later_chars <= self.earlier_chars else self.coverage_earlier

    @property
    def longer_coverage(self) -> float:
        """Coverage of the longer text."""
        return self.coverage_earlier if self.later_chars <= self.earlier_chars else self.coverage_later

    @property
    def shorter_containment(self) -> float:
        """Share of the shorter text's 5-shingles found verbatim in the longer one."""
        return self.containment if self.later_chars <= self.earlier_chars else self.containment_earlier


def tokenize(text: str) -> list[str]:
    """Case-folded word tokens (CJK characters one by one), found before folding so that they keep
    their offsets (folding "İ" would split a word)."""
    return [m.group().casefold() for m in _TOKEN.finditer(text)]


@dataclass(slots=True)
class PreparedText:
    """An article split into sentences and tokens once, so that it can be aligned with many others.

    `embeddings` rows correspond to `sentences`; they are computed on first need, or supplied by a
    caller that caches them (see `embed_sentences`); so is `document_embedding`, of the whole text.
    `quoted` flags the tokens of `all_tokens` that stand inside quotation marks.
    """

    sentences: list[str]
    tokens: list[list[str]]
    language: str | None
    embeddings: np.ndarray | None = None
    text: str = ""
    document_embedding: np.ndarray | None = None
    quoted: list[bool] = field(default_factory=list)
    all_tokens: list[str] = field(init=False)
    shingles: set[tuple[str, ...]] = field(init=False)
    lengths: np.ndarray = field(init=False)
    vocabulary: dict[str, int] = field(init=False)  # every distinct token of the text → its column of `incidence`
    incidence: np.ndarray = field(init=False)  # (sentences, vocabulary): 1.0 where the sentence has the word
    distinct_words: np.ndarray = field(init=False)  # each sentence's number of distinct words

    def __post_init__(self) -> None:
        self.all_tokens = [t for sentence in self.tokens for t in sentence]
        self.vocabulary = {}
        rows: list[int] = []
        columns: list[int] = []
        for row, sentence in enumerate(self.tokens):
            for token in sentence:
                rows.append(row)
                columns.append(self.vocabulary.setdefault(token, len(self.vocabulary)))
        self.incidence = np.zeros((len(self.tokens), len(self.vocabulary)), dtype=np.float32)
        self.incidence[np.asarray(rows, dtype=np.intp), np.asarray(columns, dtype=np.intp)] = 1.0
        self.distinct_words = self.incidence.sum(axis=1)
        self.quoted = self.quoted or [False] * len(self.all_tokens)
        self.shingles = _shingles(self.all_tokens)
        self.lengths = np.array([len(s) for s in self.sentences], dtype=np.float64)

    def sentence_embeddings(self) -> np.ndarray:
        """The (n, 512) sentence embeddings, computed once."""
        if self.embeddings is None:
            self.embeddings = embed(self.sentences)
        return self.embeddings

    def text_embedding(self) -> np.ndarray:
        """The embedding of the whole text (the encoder reads its head), computed once."""
        if self.document_embedding is None:
            self.document_embedding = embed([self.text])[0]
        return self.document_embedding


def sentence_texts(text: str) -> list[str]:
    """The sentences of a text as the aligner sees them (the rows of `embed_sentences`)."""
    return [s.text for s in split_sentences(text)]


def embed_sentences(text: str) -> np.ndarray:
    """Sentence embeddings of a text in `sentence_texts` order, for callers that cache them per article."""
    return embed(sentence_texts(text))


def prepare(
    text: str,
    language: str | None = None,
    embeddings: np.ndarray | None = None,
    document_embedding: np.ndarray | None = None,
    *,
    stale_embeddings: bool = False,
) -> PreparedText:
    """Split and tokenise a text for alignment; `embeddings` must match `sentence_texts(text)`, unless
    `stale_embeddings` says they may be of another segmentation (vectors stored by an earlier version):
    then embeddings of another length are left out, and computed when needed."""
    split = split_sentences(text)
    if embeddings is not None and len(embeddings) != len(split):
        if not stale_embeddings:
            raise ValueError(f"{len(embeddings)} embeddings for {len(split)} sentences")
        embeddings = None
    tokens: list[list[str]] = []
    starts: list[int] = []  # each token's offset in `text`
    for sentence in split:
        matches = list(_TOKEN.finditer(sentence.text))
        tokens.append([m.group().casefold() for m in matches])  # as `tokenize`, in the same pass
        starts.extend(sentence.start + m.start() for m in matches)
    return PreparedText(
        [s.text for s in split],
        tokens,
        language,
        embeddings,
        text,
        document_embedding,
        _inside_quotations(text, starts),
    )


def _inside_quotations(text: str, offsets: list[int]) -> list[bool]:
    """Whether each offset of `text` falls inside a quotation (`_QUOTATION`): after the opening mark of the last
    quotation opened at or before it, and before its closing mark."""
    quotations = np.array([m.span() for m in _QUOTATION.finditer(text)], dtype=np.int64)  # in text order, disjoint
    if not len(quotations):
        return [False] * len(offsets)
    at = np.asarray(offsets, dtype=np.int64)
    last = np.searchsorted(quotations[:, 0], at, side="right") - 1
    return ((last >= 0) & (at < quotations[last, 1])).tolist()


def _unquoted(prepared: PreparedText, side: str) -> list[str | tuple[str, int]]:
    """The text's tokens with each quoted one replaced by a placeholder that matches nothing else."""
    pairs = enumerate(zip(prepared.all_tokens, prepared.quoted, strict=True))
    return [(side, i) if quoted else token for i, (token, quoted) in pairs]


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < _SHINGLE:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)}


def _dice_matrix(a: PreparedText, b: PreparedText) -> np.ndarray:
    """Word-set Dice coefficient of every sentence of `a` with every sentence of `b` (sets of their words).

    The overlaps are one product of the texts' sentence-word incidences restricted to the words they share:
    2.7× faster than intersecting the word sets of every pair of sentences (61 against 167 µs a pair on pairs of
    the 10k scale corpus's texts, ~15 sentences each), where that was 22% of the link time. Counts are exact in
    float32, which the division keeps."""
    shared = a.vocabulary.keys() & b.vocabulary.keys()
    columns_a, columns_b = (
        np.fromiter((text.vocabulary[word] for word in shared), dtype=np.intp, count=len(shared)) for text in (a, b)
    )
    overlap = a.incidence[:, columns_a] @ b.incidence[:, columns_b].T
    sizes = a.distinct_words[:, None] + b.distinct_words[None, :]
    return np.divide(2.0 * overlap, sizes, out=np.zeros_like(overlap), where=sizes > 0)


def _greedy(scores: np.ndarray, threshold: float, free_a: np.ndarray, free_b: np.ndarray) -> list[tuple[int, int]]:
    """Best-first one-to-one matching of cells >= threshold among free rows and columns (updated in place)."""
    masked = np.where(free_a[:, None] & free_b[None, :], scores, -np.inf)
    rows, cols = np.nonzero(masked >= threshold)
    matched: list[tuple[int, int]] = []
    for k in np.argsort(-masked[rows, cols], kind="stable"):
        i, j = int(rows[k]), int(cols[k])
        if free_a[i] and free_b[j]:
            free_a[i] = free_b[j] = False
            matched.append((i, j))
    return matched


def _monotone_chain(weights: np.ndarray) -> list[tuple[int, int]]:
    """The order-preserving one-to-one set of cells with the largest total weight (cells <= 0 excluded).

    The dynamic programme of a weighted longest common subsequence: what a faithful copy, paraphrase
    or translation keeps is the order of its source, so a chain of moderately similar sentences in
    the same order is evidence that a scattered handful of equally similar ones is not.
    """
    n, m = weights.shape
    rows = weights.tolist()  # Python floats: the loop below reads cells one by one, numpy scalars are slower
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i, row in enumerate(rows):
        above, current = best[i], best[i + 1]
        for j, weight in enumerate(row):
            diagonal = above[j] + weight if weight > 0 else -math.inf
            current[j + 1] = max(above[j + 1], current[j], diagonal)
    chain: list[tuple[int, int]] = []
    i, j = n, m
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            chain.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return chain[::-1]


def _order_agreement(pairs: list[AlignedPair]) -> float:
    if len(pairs) < 2:
        return 1.0
    src = np.array([p.source_index for p in sorted(pairs, key=lambda p: p.target_index)])
    upper = np.triu(np.ones((len(src), len(src)), dtype=bool), k=1)
    return float((src[None, :] > src[:, None])[upper].mean())


def verbatim_runs(earlier: PreparedText, later: PreparedText) -> tuple[int, int]:
    """The longest verbatim token run the two texts share, and the longest outside quotation marks."""
    run = SequenceMatcher(None, earlier.all_tokens, later.all_tokens, autojunk=False).find_longest_match()
    unquoted = SequenceMatcher(None, _unquoted(earlier, "a"), _unquoted(later, "b"), autojunk=False)
    return run.size, unquoted.find_longest_match().size


def with_runs(alignment: Alignment, earlier: PreparedText, later: PreparedText) -> Alignment:
    """`alignment` (of these texts) with its verbatim runs and its name swaps measured."""
    verbatim, unquoted = verbatim_runs(earlier, later)
    return replace(
        alignment,
        longest_verbatim_run=verbatim,
        longest_unquoted_run=unquoted,
        name_swaps=name_swaps(alignment.pairs, earlier, later),
    )


def _new_name(words: list[str], other: PreparedText) -> list[str]:
    """The capitalised words of `words` that are no month or weekday and that the other text never uses."""
    return [
        word
        for word in words
        if word[:1].isupper()
        and len(word) > 1
        and (folded := word.casefold()) not in _CALENDAR_WORDS
        and folded not in other.vocabulary
    ]


def swaps_a_name(earlier_sentence: str, later_sentence: str, earlier: PreparedText, later: PreparedText) -> bool:
    """Whether the later sentence puts another name where the earlier one has one: a replaced stretch of at
    most three words (not the first word of either sentence, capitalised anyway) holds, on each side, a
    capitalised word the other text never uses, and the two are not spellings of one name (Indel similarity
    below 0.7: "Prigozhin" / "Prigojin" is 0.82). A copy keeps its names, and a respelling or a title made a
    first name ("M. Trump" → "Donald Trump", a word the copy's source uses elsewhere) is no swap; a report of
    a look-alike event in one house style, or a template filled twice, swaps most of them ("Shopkeepers in
    Taity told Express …" → "Voters in Drigryn told Mirror …")."""
    words_a, words_b = _TOKEN.findall(earlier_sentence), _TOKEN.findall(later_sentence)
    if not (_new_name(words_a[1:], later) and _new_name(words_b[1:], earlier)):
        return False  # no name that the other text lacks on one side: nothing to swap (most pairs; no diff needed)
    folded_a, folded_b = [w.casefold() for w in words_a], [w.casefold() for w in words_b]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, folded_a, folded_b, autojunk=False).get_opcodes():
        if op != "replace" or i1 == 0 or j1 == 0 or i2 - i1 > 3 or j2 - j1 > 3:
            continue
        names_a, names_b = _new_name(words_a[i1:i2], later), _new_name(words_b[j1:j2], earlier)
        if names_a and names_b and Indel.normalized_similarity(" ".join(names_a), " ".join(names_b)) < 0.7:
            return True
    return False


def name_swaps(pairs: tuple[AlignedPair, ...], earlier: PreparedText, later: PreparedText) -> int:
    """How many aligned sentence pairs swap a name (`swaps_a_name`); 0 across languages and in the languages
    that capitalise their nouns, where capitals tell no names apart."""
    languages = {earlier.language, later.language}
    if len(languages) > 1 or languages & _NOUN_CAPITALISING:
        return 0
    return sum(
        swaps_a_name(p.source_sentence, p.target_sentence, earlier, later)
        for p in pairs
        if p.source_sentence != p.target_sentence
    )


def _containments(earlier: PreparedText, later: PreparedText) -> tuple[float, float]:
    """Shares of the later and of the earlier text's 5-shingles found in the other."""
    common = len(earlier.shingles & later.shingles)
    return (
        common / len(later.shingles) if later.shingles else 0.0,
        common / len(earlier.shingles) if earlier.shingles else 0.0,
    )


@dataclass(frozen=True, slots=True)
class _Similarities:
    """Sentence-by-sentence similarities of an earlier and a later text, as the aligner weighs them."""

    lexical: np.ndarray  # word Dice, short sentences kept only when identical
    anchors: np.ndarray  # lexical >= `lexical`
    cosine: np.ndarray  # embedding cosine of long sentences, zero when not needed or not meaningful
    chained: float  # the embedding floor of the chain, and the strong match of either order
    strong: float
    same_language: bool

    def coverage_bound(self, earlier: PreparedText, later: PreparedText) -> float:
        """An upper bound of the alignment's shorter coverage: the share of the shorter text's characters in
        sentences with some cell the aligner can take (an anchor, or a cosine above the chain floor; a strong
        out-of-order match is above it too)."""
        possible = self.anchors | (self.cosine > self.chained)
        if later.lengths.sum() <= earlier.lengths.sum():
            shorter, rows = later, possible.any(axis=0)
        else:
            shorter, rows = earlier, possible.any(axis=1)
        total = float(shorter.lengths.sum())
        return float(shorter.lengths[rows].sum()) / total if total else 0.0


def _similarities(earlier: PreparedText, later: PreparedText, settings: AlignSettings) -> _Similarities:
    same_language = earlier.language is None or later.language is None or earlier.language == later.language
    chained, strong = (
        (settings.same_language_chain, settings.same_language_embedding)
        if same_language
        else (settings.cross_language_chain, settings.cross_language_embedding)
    )
    n, m = len(earlier.sentences), len(later.sentences)
    long_a = np.array([len(t) >= settings.min_tokens for t in earlier.tokens], dtype=bool)
    long_b = np.array([len(t) >= settings.min_tokens for t in later.tokens], dtype=bool)
    lexical = _dice_matrix(earlier, later)
    # Short sentences only count when identical.
    lexical[~(long_a[:, None] & long_b[None, :]) & (lexical < 1.0)] = 0.0
    anchors = lexical >= settings.lexical
    cosine = np.zeros((n, m))
    unanchored = long_a & ~anchors.any(axis=1), long_b & ~anchors.any(axis=0)
    # The encoder's vectors of a language it was not trained on are close whatever they say.
    meaningful = embeddable(earlier.language) and embeddable(later.language)
    if meaningful and unanchored[0].any() and unanchored[1].any():
        cosine = np.where(
            long_a[:, None] & long_b[None, :],
            earlier.sentence_embeddings() @ later.sentence_embeddings().T,
            0.0,
        )
    return _Similarities(lexical, anchors, cosine, chained, strong, same_language)


def align_prepared(
    earlier: PreparedText, later: PreparedText, settings: AlignSettings = AlignSettings(), *, runs: bool = True
) -> Alignment:
    """Align two prepared texts; see `align_sentences`. With `runs=False` the verbatim runs and the name swaps, the
    costliest numbers (difflib over both token lists), are left unmeasured (None) for the caller to add by
    `with_runs`."""
    alignment = _aligned(earlier, later, _similarities(earlier, later, settings))
    return with_runs(alignment, earlier, later) if runs else alignment


def align_within_reach(
    earlier: PreparedText,
    later: PreparedText,
    reachable: Callable[[float, float], bool],
    settings: AlignSettings = AlignSettings(),
) -> Alignment | None:
    """`align_prepared(earlier, later, settings, runs=False)`, or None when `reachable(c, s)` says that an
    alignment whose shorter coverage is at most c (`_Similarities.coverage_bound`) and whose shorter containment
    is s is of no use to the caller. Most candidate pairs of verification are other reports of a story sharing
    a sentence or two (on the 10k scale corpus 80% of the verified pairs stay below every coverage a derivation
    needs), and the bound needs only the similarity matrices, not the chain and the matches built from them."""
    similarities = _similarities(earlier, later, settings)
    containment, containment_earlier = _containments(earlier, later)
    shorter_containment = containment if later.lengths.sum() <= earlier.lengths.sum() else containment_earlier
    if not reachable(similarities.coverage_bound(earlier, later), shorter_containment):
        return None
    return _aligned(earlier, later, similarities)


def _aligned(earlier: PreparedText, later: PreparedText, similarities: _Similarities) -> Alignment:
    """The alignment of two texts from their similarities, without the verbatim runs."""
    lexical, anchors, cosine = similarities.lexical, similarities.anchors, similarities.cosine
    chained, strong = similarities.chained, similarities.strong
    n, m = lexical.shape
    # Anchors outweigh any embedding match; embedding matches weigh by their margin over the floor.
    weights = np.where(anchors, 1.0 + lexical, np.maximum(cosine - chained, 0.0))
    free_a, free_b = np.ones(n, dtype=bool), np.ones(m, dtype=bool)
    chain = _monotone_chain(weights) if n and m else []
    # A weak match counts only next to another match on the diagonal: a lone look-alike sentence
    # is what two independent reports of one event share, a run of them is a rewrite or translation.
    cells = set(chain)
    matched = [
        (i, j) for i, j in chain if anchors[i, j] or cosine[i, j] >= strong or {(i - 1, j - 1), (i + 1, j + 1)} & cells
    ]
    for i, j in matched:
        free_a[i] = free_b[j] = False
    # Strong matches out of order: a copy may move a paragraph.
    matched += _greedy(np.where(anchors, 1.0 + lexical, cosine), strong, free_a, free_b)
    pairs = sorted(
        (
            AlignedPair(i, j, earlier.sentences[i], later.sentences[j], float(lexical[i, j]), "lexical")
            if anchors[i, j]
            else AlignedPair(i, j, earlier.sentences[i], later.sentences[j], float(cosine[i, j]), "embedding")
            for i, j in matched
        ),
        key=lambda p: p.target_index,
    )
    containment, containment_earlier = _containments(earlier, later)
    total_a, total_b = float(earlier.lengths.sum()), float(later.lengths.sum())
    covered_a = float(earlier.lengths[[p.source_index for p in pairs]].sum())
    covered_b = float(later.lengths[[p.target_index for p in pairs]].sum())
    return Alignment(
        pairs=tuple(pairs),
        same_language=similarities.same_language,
        earlier_chars=int(total_a),
        later_chars=int(total_b),
        coverage_earlier=covered_a / total_a if total_a else 0.0,
        coverage_later=covered_b / total_b if total_b else 0.0,
        mean_score=float(np.mean([p.score for p in pairs])) if pairs else 0.0,
        longest_verbatim_run=None,
        longest_unquoted_run=None,
        containment=containment,
        containment_earlier=containment_earlier,
        order_agreement=_order_agreement(pairs),
    )


def align_sentences(
    earlier: str,
    later: str,
    earlier_lang: str | None,
    later_lang: str | None,
    *,
    earlier_embeddings: np.ndarray | None = None,
    later_embeddings: np.ndarray | None = None,
    settings: AlignSettings = AlignSettings(),
) -> Alignment:
    """Align the sentences of an earlier and a later text, one-to-one, each later sentence to at most one.

    Precomputed embeddings (rows in `sentence_texts` order, e.g. from `embed_sentences`) avoid
    re-encoding an article that takes part in many pairs; otherwise they are computed only if some
    sentences are left unmatched by word overlap. An unknown language counts as the same language.
    """
    return align_prepared(
        prepare(earlier, earlier_lang, earlier_embeddings),
        prepare(later, later_lang, later_embeddings),
        settings,
    )
