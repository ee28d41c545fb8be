"""Quotes and attributed claims: who says what, on whose authority.

English uses spaCy's dependency parse: a speech verb (cue) takes its subject as the source and its
clausal complement, an adjoining quotation, or the clause it interrupts as the content; "according
to X", "X reportedly" and "a document shows" follow the same path. To keep the cost near a plain NER
pass, only sentences whose surface text holds a cue word are parsed (a word-set prefilter), in chunks of
consecutive candidate sentences of one paragraph, and `extract_attributions_batch` parses the chunks of
many texts in one stream through the model (spaCy's cost per call falls with larger batches). Every cue
candidate of a parsed sentence (a lexicon verb, "according to", an evidential adverb, a reporting noun with its
complement as in "the claim that …" or "criticism of …", a colon after a name as in "Ryan: …", or any other verb
with a clausal complement) is read as an attribution, and a small learned model (`cue_model.py`, fitted on
PolNeAR train) keeps those whose frame looks like reporting: a "said" inside a quotation is dropped, a verb
outside the lexicon ("clarified that …") is kept when its lemma and frame make it likely enough.

Other languages fall back to patterns: quotation marks plus per-language cue lists (`cues.json`).

Nesting is kept as a chain of sources, outermost first: an attribution found inside the content of
another inherits its sources, and "on the basis of what Y reported" / "which relies on Z" inside a
source phrase add Y and Z.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from storytrace.pipeline.lineage.outlets import canonical_outlet
from storytrace.pipeline.nlp.cue_model import CueModel, load_cue_model
from storytrace.pipeline.nlp.cues import EnglishCues, PatternCues, english_cues, pattern_cues
from storytrace.pipeline.nlp.entities import QUANTITY_NOUNS, fold
from storytrace.pipeline.nlp.nlp_model import language_code, load_nlp
from storytrace.pipeline.nlp.parses import cue_chunks, lemma_of, parse_texts, past_dateline
from storytrace.pipeline.nlp.quotes import Quote, find_quotes
from storytrace.pipeline.segment import Sentence, dateline_length, split_sentences

SOURCE_TYPES = ("named_person", "anonymous", "organisation", "media", "document", "social_media", "unknown")
STANCES = ("assert", "confirm", "deny", "decline")
FIRST_PERSON = english_cues().first_person

# Dependency labels that end a source noun phrase on the right ("Prigozhin, who has vowed ...").
_NP_STOP_DEPS = frozenset({"relcl", "appos", "punct", "advcl", "parataxis"})
# Clausal children of a cue verb that are content, not part of the cue frame.
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
# Characters between a cue and a quotation it introduces or follows at most ("“…,” the former senator from
# Illinois said on Tuesday in a statement": ~60); farther apart the quotation belongs to another frame.
MAX_FRAME_GAP = 200
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Subordinators of a clause that tells when, why or despite what: such a clause before a cue is no complement of it,
# whatever the parse labels it.
_ADVERBIAL_MARKS = ("as", "when", "while", "after", "before", "because", "since", "although", "though", "once", "until")
_CITING_LEMMAS = frozenset({"cite", "quote"})
# Source kinds a cited phrase must have to join the chain of the report that cites it.
_CITED_KINDS = frozenset({"document", "anonymous", "media", "organisation", "named_person", "social_media"})
# Prepositions of the occasion of a report ("at a briefing", "during a debate", "in an interview", "on Fox")
_OCCASION_PREPOSITIONS = frozenset({"at", "during", "in", "on", "before", "after", "following", "with"})
# A cue without a subject of its own takes that of the clause it hangs on: through coordination and
# non-finite clauses ("…, saying X", "vowed to …"), and through a phrase that holds it ("rallied supporters
# by warning X", "took the last step of announcing X", "issued a statement saying X", "are quick to point out X").
_CLAUSE_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl"})
_SUBJECT_CLIMB_DEPS = _CLAUSE_CLIMB_DEPS | {"acl", "pcomp", "prep", "dative", "pobj", "dobj", "acomp"}
# Steps up the tree from the cue: "statement saying" (acl) -> "issued" takes two, "step of announcing"
# (pcomp, prep, dobj) three, and a conjunct of one of those one more.
_SUBJECT_CLIMB = 5
# Prepositions that name who holds the position a reporting noun states: "criticism from Democrats", "claims by
# the campaign", "support among voters".
_HOLDER_PREPOSITIONS = frozenset({"by", "from", "among"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "it"})
_EDGE_PUNCT = " \t\n,.;:—–-"
_COLON_AFTER = re.compile(r"[ \t]*:\s*")
# Nouns that label a passage before a colon rather than name who speaks it.
_LABEL_NOUNS = frozenset({
    "note", "update", "updated", "correction", "clarification", "disclosure", "disclaimer",
    "photo", "image", "picture", "video", "footage", "credit", "caption", "source",  # "Photo: Joe Raedle/Getty"
})
# Verbs whose if/whether clause (often parsed as an adverbial) is what they ask.
_QUESTION_VERBS = frozenset({"ask", "wonder", "inquire"})
# A whole answer in one word right after a cue ("said no", "said so", "did not say when"): what is said.
_ANSWER_WORDS = frozenset({"yes", "no", "so", "when", "why", "how", "where"})
# Marks after which a new clause starts that the clause before them does not report ("X: he called it …").
_CLAUSE_BREAKS = frozenset({":", ";", "-", "—", "–", "--"})
# Opening and closing quotation marks of the styles quotes.py finds, "''" included.
_QUOTE_MARKS = "“”\"«»„‘’'"
_ASIDE_MARKS = frozenset({",", "—", "–", "--", ";"})
# Subordinators of an adverbial clause that, set off by a dash after what is said, is the writer's setting of it.
_CONTRAST_MARKS = ("as", "while", "though", "although", "whereas")
_PHRASE_BREAKS = frozenset({",", ";", "“", "”", '"', "''", "«", "»"})
_ENTITY_PERSON = "PERSON"
_ENTITY_ORG = frozenset({"ORG", "NORP", "GPE", "FAC"})
# How far back (characters) a subject person is preferred over a nearer non-subject one as the
# antecedent of he/she: about two news sentences, the span a pronoun reaches back in practice.
ANTECEDENT_WINDOW = 300
# A speaker named between a quotation and its verb ("“…,” Gene Sperling, a top adviser, said") is a noun
# phrase with perhaps an apposition; a longer stretch is running text, not a quotative frame.
MAX_QUOTATIVE_SUBJECT_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?][\"'”’»]*\s")
_WORD = re.compile(r"\w+")
# Dependents of a clause's verb that make the words before an inserted frame part of what is said.
_FRONTED_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "dobj", "attr", "ccomp", "advcl"})
# What may stand between a parenthetical frame's cue and the content it interrupts: adjuncts of the frame
# ("said on Tuesday", "argued in court") up to the comma that closes it.
_FRAME_TAIL = re.compile(r"[^,;:.!?()\"“”«»]{0,60},\s*")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the input text with its [start, end) character offsets."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed claim.

    `source` is who the claim is attributed to, resolved (a pronoun is replaced by its antecedent's
    mention); `mention` is where that source is named at the cue ("he", "who") when it differs.
    `medium` is the channel the source used ("his Telegram channel", "a statement"), typed by
    `medium_type` with the same vocabulary as `source_type`. `chain` lists nested sources,
    outermost first (the source itself is the first element when there is one); `chain_types` gives each
    its kind, read off the parse like `source_type` ("Other leaked documents" is a document, though
    "other" alone would be people).
    """

    content: Span
    cue: Span
    source: Span | None
    source_type: str
    direct: bool
    stance: str
    chain: tuple[Span, ...] = ()
    mention: Span | None = None
    medium: Span | None = None
    medium_type: str | None = None
    chain_types: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        source = None if self.source is None else {**self.source.to_dict(), "type": self.source_type}
        medium = None if self.medium is None else {**self.medium.to_dict(), "type": self.medium_type}
        return {
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict(),
            "source": source,
            "mention": None if self.mention is None else self.mention.to_dict(),
            "medium": medium,
            "chain": [
                {**span.to_dict(), "type": kind}
                for span, kind in zip(self.chain, self.chain_types or ("unknown",) * len(self.chain), strict=True)
            ],
            "stance": self.stance,
            "direct": self.direct,
        }


def extract_attributions(text: str, language: str | None = "en", nlp: Language | None = None) -> list[Attribution]:
    """All attributions in `text`, in order of their content.

    `nlp` defaults to `load_nlp(language)`; English needs a pipeline with a parser and NER.
    """
    return extract_attributions_batch([(text, language)], nlp)[0]


def extract_attributions_batch(
    items: Sequence[tuple[str, str | None]], nlp: Language | None = None
) -> list[list[Attribution]]:
    """The attributions of each (text, language) pair, as `extract_attributions` gives them one by one.

    English candidates are kept where the cue model accepts them (`cue_model.load_cue_model`), and so are
    back-references ("This was reported by X"): the frame is explicit, and it is how news writes the chains of
    sources, but PolNeAR rarely marks it (11 of 70 such candidates on train), so the model would drop it.
    """
    languages = [language_code(language) for _, language in items]
    english_ids = [index for index, language in enumerate(languages) if language == "en"]
    english: dict[int, list[Attribution]] = {}
    if english_ids:
        model = load_cue_model()
        candidates = attribution_candidates([items[index][0] for index in english_ids], nlp)
        for index, found in zip(english_ids, candidates, strict=True):
            english[index] = accepted_attributions(found, model)
    return [
        _after_datelines(
            text,
            english[index]
            if index in english
            else _with_nesting(_pattern_extract(text, find_quotes(text), pattern_cues(language))),
        )
        for index, ((text, _), language) in enumerate(zip(items, languages, strict=True))
    ]


def _after_datelines(text: str, found: list[Attribution]) -> list[Attribution]:
    """The attributions with each content that opens a paragraph starting after its wire dateline: in "OSTREL
    (MP) — Valdoria signed a deal …, the minister said" the place and agency are the report's, not the minister's."""
    trimmed = []
    for item in found:
        opens = not text[: item.content.start].rstrip(" \t") or text[: item.content.start].rstrip(" \t").endswith("\n")
        cut = dateline_length(item.content.text) if opens else 0
        trimmed.append(replace(item, content=_span(text, item.content.start + cut, item.content.end)) if cut else item)
    return trimmed


def accepted_attributions(
    candidates: Sequence[CueCandidate], model: CueModel, threshold: float | None = None
) -> list[Attribution]:
    """The attributions of one text's candidates that the cue model accepts (at `threshold`, by default the
    model's own), deduplicated and chained: what `extract_attributions` returns for English."""
    return _with_nesting(
        [
            a
            for c in candidates
            if c.back_reference or model.accepts(c.lemma, c.features, threshold)
            for a in c.attributions
        ]
    )


def top_level(attributions: Sequence[Attribution]) -> list[Attribution]:
    """The attributions whose cue lies in no other attribution's content: one per reported statement.

    In "According to one memo, Ivan Petrenko told an aide that the bridge was unsafe" the extractor reports the
    memo's attribution and, inside its content, Petrenko's, whose chain (memo → Petrenko) keeps the nesting.
    Annotation schemes without nesting mark only the outer one (PolNeAR: none of its 24,776 attributions has its
    cue inside another's content), and so does a reader who wants each statement once. The parts of an
    interrupted quotation share their cue and stay together; two attributions each holding the other's cue
    (a misparse) both stay."""
    contents: dict[tuple[int, int], list[Span]] = {}
    for item in attributions:
        contents.setdefault((item.cue.start, item.cue.end), []).append(item.content)

    def holds(cue: tuple[int, int], other: tuple[int, int]) -> bool:
        return any(part.start <= other[0] and other[1] <= part.end for part in contents[cue])

    nested = {
        cue
        for cue in contents
        if any(other != cue and holds(other, cue) and not holds(cue, other) for other in contents)
    }
    return [item for item in attributions if (item.cue.start, item.cue.end) not in nested]


@dataclass(frozen=True, slots=True)
class CueCandidate:
    """What one English cue token would yield, with the features the cue model decides on."""

    lemma: str
    features: dict[str, float]
    attributions: tuple[Attribution, ...]
    back_reference: bool = False


def attribution_candidates(texts: Sequence[str], nlp: Language | None = None) -> list[list[CueCandidate]]:
    """Every cue candidate of each English text, before the cue model (also what `--fit` learns from).

    The candidate chunks of all texts go through the model as one stream (`parses.parse_texts`, in this
    process), which costs less than one call of the model per text; the parses stay in its memo for the
    events and entity stages of the same batch.
    """
    extractors = [_EnglishExtractor(text, english_cues(), find_quotes(text)) for text in texts]
    pieces = [extractor.chunk_text(chunk) for extractor in extractors for chunk in extractor.chunks]
    docs = iter(parse_texts(nlp or load_nlp("en"), pieces) if pieces else [])
    return [extractor.run([next(docs) for _ in extractor.chunks]) for extractor in extractors]


# --------------------------------------------------------------------------- shared helpers


def _span(text: str, start: int, end: int) -> Span:
    """A span trimmed of surrounding whitespace and separating punctuation."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return Span(start, end, text[start:end])


def _contains(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer != inner


def _with_nesting(found: list[Attribution]) -> list[Attribution]:
    """Deduplicate, then prepend the chain of the attribution whose content holds each cue."""
    unique: dict[tuple[int, int, int, int], Attribution] = {}
    for item in found:
        unique.setdefault((item.content.start, item.content.end, item.cue.start, item.cue.end), item)
    ordered = sorted(unique.values(), key=lambda a: a.content.start - a.content.end)  # widest first
    resolved: list[Attribution] = []
    for item in ordered:
        outers = [o for o in resolved if _contains(o.content, item.cue) and o.chain]
        if outers:
            outer = min(outers, key=lambda o: o.content.end - o.content.start)
            if outer.direct and item.source is not None and item.source.text.lower() in FIRST_PERSON:
                # "I" inside a quotation is its speaker.
                speaker = {"source": outer.source, "source_type": outer.source_type, "mention": item.source}
                item = replace(item, **speaker, chain=(), chain_types=())
            kinds = dict(zip(outer.chain, outer.chain_types, strict=True)) | dict(
                zip(item.chain, item.chain_types, strict=True)
            )
            inherited = tuple(s for s in outer.chain if s not in item.chain)
            chain = inherited + tuple(s for s in item.chain if s not in inherited)
            item = replace(item, chain=chain, chain_types=tuple(kinds[s] for s in chain))
        resolved.append(item)
    return sorted(resolved, key=lambda a: (a.content.start, a.cue.start))


# --------------------------------------------------------------------------- English (parsed)


class _EnglishExtractor:
    """One text's extraction: find the candidate chunks to parse, then read attributions off each cue."""

    def __init__(self, text: str, cues: EnglishCues, quotes: list[Quote]) -> None:
        self.text = text
        self.cues = cues
        self.quotes = quotes
        # quotations are in text order and do not overlap: their starts and ends are both sorted
        self.quote_starts = [q.start for q in quotes]
        self.quote_ends = [q.end for q in quotes]
        self.sentences = split_sentences(text)
        self.chunks = cue_chunks(self.sentences, text)
        # PERSON mentions in text order with whether each is a grammatical subject, for antecedents.
        self.persons: list[tuple[Span, bool]] = []
        self.person_names: set[str] = set()
        self.organisation_names: set[str] = set()  # names tagged as an organisation somewhere in the text
        # Sources of the attributions read so far that an "it" may stand for (organisations, media), by span.
        self.body_sources: dict[Span, str] = {}
        self.chain_kinds: dict[Span, str] = {}  # the kind of each chain link read so far, by span

    # -- driver
    def chunk_text(self, chunk: tuple[int, int]) -> str:
        return self.text[chunk[0] : chunk[1]]

    def run(self, docs: list[Doc]) -> list[CueCandidate]:
        """The cue candidates read off `docs`, the parses of `self.chunks` in order."""
        self._collect_persons(zip(self.chunks, docs, strict=True))
        found: list[CueCandidate] = []
        for chunk, doc in zip(self.chunks, docs, strict=True):
            found.extend(self._from_doc(doc, chunk[0]))
        return found

    def _collect_persons(self, parsed: Iterable[tuple[tuple[int, int], Doc]]) -> None:
        """PERSON mentions; a name tagged PERSON once (or its surname) counts as a person everywhere, and one
        tagged ORG once (or its first name) as an organisation wherever the model left it untagged ("Shares of
        Vardex Holdings fell. Vardex said …")."""
        parsed = list(parsed)
        for _, doc in parsed:
            for ent in doc.ents:
                if ent.label_ == _ENTITY_PERSON and self._organisation_titled(ent.root):
                    self.organisation_names.add(ent.text)  # "state space corporation Roscosmos", tagged PERSON
                elif ent.label_ == _ENTITY_PERSON:
                    self.person_names.add(ent.text)
                    self.person_names.add(ent.text.split()[-1])
                elif ent.label_ == "ORG":  # and its first name, the short form ("Orvel Airlines" -> "Orvel")
                    self.organisation_names.update({ent.text, ent[0].text} if ent[0].pos_ == "PROPN" else {ent.text})
        for chunk, doc in parsed:
            for ent in doc.ents:
                if ent.label_ == _ENTITY_PERSON or ent.text in self.person_names:
                    start = chunk[0] + ent.start_char
                    subject = ent.root.dep_ in _SUBJECT_DEPS
                    self.persons.append((Span(start, start + len(ent.text), ent.text), subject))
            for token in doc:  # "Vellner did not answer. He wrote …": a known person's name the model left untagged
                if not token.ent_type_ and token.pos_ == "PROPN" and token.text in self.person_names:
                    start = chunk[0] + token.idx
                    self.persons.append((Span(start, start + len(token.text), token.text), token.dep_ in _SUBJECT_DEPS))
        self.persons.sort(key=lambda p: p[0].start)

    def _antecedent(self, position: int) -> Span | None:
        """The person a he/she at `position` refers to: the latest subject person nearby, else the latest."""
        before = [p for p in self.persons if p[0].end <= position]
        for span, subject in reversed(before):
            if position - span.start > ANTECEDENT_WINDOW:
                break
            if subject:
                return span
        return before[-1][0] if before else None

    def _organisation_titled(self, name: Token) -> bool:
        """Whether a name carries a common noun of organisations before it ("state space corporation Roscosmos",
        "the bank Vardex"): whatever the NER made of it, the phrase says it is an organisation."""
        return any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and lemma_of(c) in self.cues.organisation_heads
            for c in name.children
        )

    def _body_antecedent(self, position: int) -> Span | None:
        """The organisation, outlet or document an "it" at `position` refers to: the latest such source of an
        attribution before it, nearby ("… the agency said. It added that …", "The memo describes … It warns …")."""
        near = [span for span in self.body_sources if span.end <= position <= span.start + ANTECEDENT_WINDOW]
        return max(near, key=lambda span: span.start, default=None)

    def _from_doc(self, doc: Doc, offset: int) -> Iterator[CueCandidate]:
        for token in doc:
            kind, lemma, found = self._read_cue(token, offset)
            if found:
                features = self._features(token, kind, lemma, found, offset)
                back_reference = kind == "verb" and "passive" in features and _refers_back(token)
                yield CueCandidate(lemma, features, tuple(found), back_reference)

    def _read_cue(self, token: Token, offset: int) -> tuple[str, str, list[Attribution]]:
        """(kind, lemma, attributions) of `token` as a cue; kind "open" is a verb outside the lexicon that
        takes a clausal complement ("made clear that …"), left to the cue model."""
        lower = token.lower_
        if lower == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            return "according", "according to", list(self._according(token, offset))
        if lower in self.cues.adverb_cues and token.dep_ == "advmod":
            return "adverb", lower, list(self._adverb(token, offset))
        if token.text == ":":
            return "colon", ":", list(self._colon(token, offset))
        if lower == "in" and token.dep_ == "prep":
            return "in_document", "in/document", list(self._in_document(token, offset))
        if token.pos_ == "NOUN":  # a complement follows the noun: most nouns outside the lexicon have nothing there
            return self._noun_cue(token, offset) if token.n_rights or lower in self.cues.noun_forms else ("", "", [])
        if token.pos_ == "ADJ":
            return self._adjective_cue(token, offset) if lower in self.cues.adjective_cues else ("", "", [])
        if token.pos_ != "VERB":
            return "", "", []
        if lemma := self.cues.verb_lemma(lemma_of(token), lower):
            if lemma in self.cues.raising_verbs:
                return "raising", lemma, list(self._raising(token, offset))
            return "verb", lemma, list(self._verb(token, lemma, offset))
        if token.is_alpha and _has_child(token, "ccomp"):
            lemma = lemma_of(token)
            return "open", lemma, list(self._verb(token, lemma, offset))
        return "", "", []

    def _adjective_cue(self, adjective: Token, offset: int) -> tuple[str, str, list[Attribution]]:
        """(kind, lemma, attributions) of a predicate adjective of attitude with its complement: "is confident that
        …", "was critical of …", "is eager to …", "made clear that …" (kind "adjective"). The subject of the verb
        it completes holds the position; with no subject ("it is unclear whether") there is no one to attribute
        it to. Its lemma is marked "/a": an adjective's rate of being a cue is its own."""
        verb = adjective.head
        if adjective.dep_ not in ("acomp", "ccomp", "oprd") or verb.pos_ not in ("VERB", "AUX"):
            return "", "", []
        complement = _adjective_complement(adjective, self.cues.object_prepositions)
        subject = self._subject(verb, False)
        if complement is None or subject is None or subject.lower_ == "it":
            return "", "", []
        content = self._tokens_span(complement.subtree, offset)
        if content is None:
            return "", "", []
        source, mention, subject_tokens = self._resolve_source(subject, offset)
        cue = self._tokens_span([adjective, *(c for c in verb.children if c.dep_ == "neg")], offset)
        attribution = self._make(
            content, source, mention, subject_tokens, adjective, offset,
            cue=cue, stance="assert", medium=None, medium_type=None, direct=False,
        )  # fmt: skip
        return "adjective", adjective.lower_ + "/a", [attribution]

    def _noun_cue(self, noun: Token, offset: int) -> tuple[str, str, list[Attribution]]:
        """(kind, lemma, attributions) of a reporting noun with its complement: "the claim that …", "calls to …",
        "criticism of …" (kind "noun"), or a noun outside the lexicon with a that-clause ("the fear that …",
        kind "noun_open"). Its lemma is marked "/n": a noun's rate of being a cue is not its verb's."""
        lemma = self.cues.noun_forms.get(noun.lower_)
        # "made the claim that …", "voiced support for …", "backed away from a suggestion that …", "cling to the hope"
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else None
        received = self._received(noun, lemma, verb)
        if received is not None:  # "Cruz won the endorsement of X", "faced criticism from X": X speaks of Cruz
            backed, backer = received
            content = self._np(backed, offset)
            source, mention, subject_tokens = self._resolve_source(backer, offset) if backer else (None, None, [])
            prep = backer.head if backer is not None else None
            return self._noun_attribution("noun", lemma, noun, prep, content, source, mention, subject_tokens, offset)
        frame = _noun_frame(noun, self.cues.object_prepositions if lemma else frozenset())
        if frame is None:
            return "", "", []
        kind, lemma = ("noun", lemma) if lemma else ("noun_open", lemma_of(noun))
        _, complement, prep = frame
        content = self._tokens_span(complement.subtree, offset)
        holders = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in _HOLDER_PREPOSITIONS]
        holder = next((o for c in holders for o in c.children if o.dep_ == "pobj"), None)
        subject = next((c for c in noun.children if c.dep_ == "poss"), None) or holder
        if subject is None and verb is not None and verb.pos_ == "VERB":
            subject = self._subject(verb, _has_child(verb, "auxpass") or _has_child(verb, "nsubjpass"))
        source, mention, subject_tokens = self._resolve_source(subject, offset) if subject else (None, None, [])
        return self._noun_attribution(kind, lemma, noun, prep, content, source, mention, subject_tokens, offset)

    def _noun_attribution(
        self,
        kind: str,
        lemma: str,
        noun: Token,
        prep: Token | None,
        content: Span | None,
        source: Span | None,
        mention: Span | None,
        subject_tokens: list[Token],
        offset: int,
    ) -> tuple[str, str, list[Attribution]]:
        """(kind, lemma, attributions) of a reporting noun once its content and source are read; the cue is the
        noun with a preposition right after it ("support for")."""
        if content is None or (mention is not None and _contains(content, mention)):
            return "", "", []
        cue = self._tokens_span([noun, *([prep] if prep is not None and prep.i == noun.i + 1 else [])], offset)
        direct = any(q.start <= content.start and content.end <= q.end for q in self.quotes)
        common = {"cue": cue, "stance": "assert", "medium": None, "medium_type": None}
        found = self._make(content, source, mention, subject_tokens, noun, offset, direct=direct, **common)
        return kind, f"{lemma}/n", [found]

    def _received(self, noun: Token, lemma: str | None, verb: Token | None) -> tuple[Token, Token | None] | None:
        """(the one backed or criticised, the backer or critic if named) when a noun of backing or criticism is
        received: "won the endorsement of X", "faced criticism from X", "came under attack". A noun with a
        complement of its own ("support for the plan") says what is backed instead."""
        cues = self.cues
        if lemma not in cues.received_backing or verb is None or lemma_of(verb) not in cues.receiving_verbs:
            return None
        if noun.dep_ != "dobj" and not (noun.dep_ == "pobj" and noun.head.lower_ == "under"):
            return None
        # "faced criticism from X": the parse may hang the critic's phrase on the verb
        preps = [c for c in noun.rights if c.dep_ == "prep"] or [
            c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "from" and c.i > noun.i
        ]
        if any(c.lower_ not in ("of", "from") for c in preps[:1]) or _noun_frame(noun, frozenset()) is not None:
            return None
        backer = next((o for c in preps[:1] for o in c.children if o.dep_ == "pobj"), None)
        backed = self._subject(verb, False)
        return (backed, backer) if backed is not None else None

    def _features(self, token: Token, kind: str, lemma: str, found: list[Attribution], offset: int) -> dict[str, float]:
        """Named features of a cue candidate for the cue model: its kind and word classes, the token's tag and
        dependency, the frame's children, where it stands relative to quotations, and what it yielded. A noun
        cue's tag and dependency are features of their own ("noun_dep=dobj"), as is its frame."""
        cues, first = self.cues, found[0]
        position = offset + token.idx
        sentence = token.sent
        start, end = offset + sentence.start_char, offset + sentence.end_char
        children = {c.dep_ for c in token.children}
        source = first.mention or first.source
        words = len(_WORD.findall(first.content.text))
        noun = "noun_" if kind.startswith("noun") else ""
        frame = _noun_frame(token, cues.object_prepositions) if noun else None
        flags = {
            f"kind={kind}": True,
            f"{noun}tag={token.tag_}": True,
            f"{noun}dep={token.dep_}": True,
            f"source={first.source_type if first.source is not None else 'none'}": True,
            f"stance={first.stance}": True,
            "attitude_verb": lemma in cues.attitude_verbs,
            "cognition_verb": lemma in cues.cognition_verbs,
            "recipient_object_verb": lemma in cues.recipient_object_verbs,
            "has_ccomp": "ccomp" in children,
            "has_xcomp": "xcomp" in children,
            "has_dobj": "dobj" in children,
            "has_neg": "neg" in children,
            "has_modal": any(c.tag_ == "MD" for c in token.children),
            "passive": "auxpass" in children or "nsubjpass" in children,
            # An object is what was said mostly in a clause with a speaker of its own: a gerund deep in a phrase
            # ("by backing Rubio") names an action more often than a position; "said it" rarely states a claim.
            "object_in_phrase": not noun and self._subject(token, "nsubjpass" in children, _CLAUSE_CLIMB_DEPS) is None,
            "pronoun_object": any(c.dep_ in ("dobj", "pobj") and c.pos_ == "PRON" for c in token.children),
            "that_clause": any(c.dep_ == "ccomp" and _has_mark(c, ("that",)) for c in token.children),
            "source_pronoun": source is not None and source.text.lower() in cues.pronoun_persons,
            "source_first_person": source is not None and source.text.lower() in cues.first_person,
            "source_second_person": source is not None and source.text.lower() in cues.second_person,
            "source_relative": source is not None and source.text.lower() in cues.relative_pronouns,
            "medium": first.medium is not None,
            "direct": any(a.direct for a in found),
            "several_parts": len(found) > 1,
            "content_before_cue": first.content.end <= first.cue.start,
            "content_other_sentence": first.content.end <= start or first.content.start >= end,
            "cue_in_quote": any(q.start < position < q.end for q in self.quotes),
            "sentence_has_quote": any(q.start < end and q.end > start for q in self.quotes),
            "question": self.text[start:end].rstrip().endswith("?"),
            "sentence_start": token.i - sentence.start <= 1,
            # "Ryan: …" (a headline or a transcript line) rather than a colon ending a clause of the writer's
            "colon_after_name_only": kind == "colon" and source is not None and self._only_punct(start, source.start),
        }
        if frame is not None:
            flags[f"noun_frame={frame[0]}"] = True
            if frame[2] is not None:
                flags[f"noun_prep={frame[2].lower_}"] = True
        # "I think", "you know", or any think/know inside a quotation: more often a speaker's hedge than a source.
        flags["cognition_aside"] = flags["cognition_verb"] and (
            flags["source_first_person"] or flags["source_second_person"] or flags["cue_in_quote"]
        )
        features = {name: 1.0 for name, on in flags.items() if on}
        # Content length on a log scale: a one-word "content" is rarely what an annotator marks as said.
        features["content_words_log"] = math.log1p(words)
        return features

    # -- spans from tokens
    def _tokens_span(self, tokens: Iterable[Token], offset: int) -> Span | None:
        tokens = list(tokens)
        if not tokens:
            return None
        start = offset + min(t.idx for t in tokens)
        end = offset + max(t.idx + len(t.text) for t in tokens)
        span = _span(self.text, start, end)
        return span if span.text else None

    def _np_tokens(self, head: Token) -> list[Token]:
        """The noun phrase headed by `head`, without trailing relative clauses and appositions."""
        tokens = [head]
        for child in reversed(list(head.lefts)):
            # a premodifier touches its head; past a comma or quotation mark lies another phrase
            if any(t.text in _PHRASE_BREAKS for t in child.doc[child.right_edge.i : head.i]):
                break
            tokens.extend(child.subtree)
        for child in head.rights:
            if child.dep_ == "case":  # "the mayor's": the possessive marker is not part of the name
                continue
            close_appos = child.dep_ == "appos" and not child.doc[child.left_edge.i - 1].is_punct
            if close_appos:  # "the newspaper Harbour Herald" stays whole
                tokens.extend(self._np_tokens(child))
                continue
            if child.dep_ in _NP_STOP_DEPS or (child.dep_ == "prep" and self._when_or_medium(child)):
                break  # "Sean Spicer on Thursday evening said": the time is the frame's, not the name's
            stating = _has_child(child, "ccomp") or self.cues.verb_lemma(lemma_of(child), child.lower_)
            if child.dep_ == "acl" and stating:
                # "a poll found that …", "a memo saying that …", "officials urging people to stay out": what it
                # states is not part of its name
                break
            tokens.extend(child.subtree)
        return sorted(tokens, key=lambda t: t.i)

    def _np(self, head: Token, offset: int) -> Span | None:
        return self._tokens_span(self._np_tokens(head), offset)

    def _clause_without(self, head: Token, removed: Iterable[Token], offset: int) -> Span | None:
        """The clause headed by `head` minus the `removed` tokens, cut to the side that holds the head."""
        removed_ids = {t.i for t in removed}
        kept = [t for t in head.subtree if t.i not in removed_ids]
        if not kept or not removed_ids:
            return self._tokens_span(kept, offset)
        lo, hi = min(removed_ids), max(removed_ids)
        side = [t for t in kept if (t.i < lo) == (head.i < lo)] if head.i < lo or head.i > hi else kept
        return self._tokens_span(side, offset)

    # -- cue kinds
    def _verb(self, verb: Token, lemma: str, offset: int) -> Iterator[Attribution]:
        pointing = _has_child(verb, "prt") or any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
        if verb.dep_ in ("amod", "compound") or (lemma == "point" and not pointing):  # "point out/to", not "point"
            return
        if lemma_of(verb.head) == "let":  # "let's say"
            return
        if _is_that_said(verb):
            return
        passive = _has_child(verb, "auxpass") or _has_child(verb, "nsubjpass")
        frame = _frame_before_participle(verb, self.cues)
        if _is_trailing_frame(verb) and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
            # “…,” Ramos, 58, told AFP: the clause it conjoins is the content, its subject not the speaker
            subject = self._quotative_subject(verb, offset)
        elif (appositive := _appositive_frame_subject(verb)) is not None:
            subject = appositive
        elif frame is not None:  # "…, the Ledger reported, citing a memo": who cites is who reports
            subject = _appositive_frame_subject(frame) or self._subject(frame, False)
        elif (matrix := _matrix_of_participle(verb)) is not None:
            subject = self._subject(matrix, False)
        elif (parallel := _parallel_verb(verb)) is not None:
            subject = self._subject(parallel, False)
        else:
            subject = (
                self._subject(self._outer_cue(verb) or verb, passive)
                or self._quotative_subject(verb, offset)
                or (None if passive else _preverbal_subject(verb))
            )
            if subject is not None and self._quoted_before(subject, verb, offset):
                # “Very good reporter, this guy,” Trump said: the parse took the quotation's noun as the subject
                subject = self._quotative_subject(verb, offset)
        cue_span = self._cue_span(verb, offset)
        medium = self._medium(verb, offset)
        quotes = self._adjacent_quotes(verb, subject, offset)
        if quotes and self._has_unquoted_complement(verb, offset):
            quotes = []
        quotes = [
            q
            for q in quotes
            if not self._inside_object(verb, lemma, q, offset)
            and not self._in_adjunct(verb, q, offset)
            and not self._quote_of_head(verb, q, offset)
        ]
        source = mention = None
        if subject is not None:
            source, mention, subject_tokens = self._resolve_source(subject, offset)
        else:
            subject_tokens = []
        stance = self._stance(verb, lemma)
        common = {"cue": cue_span, "stance": stance, "medium": medium[0], "medium_type": medium[1]}
        if quotes:
            lead = self._interrupted_lead(quotes[0], verb, subject, offset)
            if lead is not None:  # "The plan, the mayor said, “is dead.”": the clause starts before the frame
                yield self._make(lead, source, mention, subject_tokens, verb, offset, direct=False, **common)
            for quote in quotes:
                content = self._quote_content(quote, verb, offset)
                direct = content.start == quote.start
                yield self._make(content, source, mention, subject_tokens, verb, offset, direct=direct, **common)
            topic = self._said_of(verb, offset)
            if topic is not None:  # “It’s unanimous,” Levine said of the council's vote: what the quote is about
                yield self._make(topic, source, mention, subject_tokens, verb, offset, direct=False, **common)
            return
        content = self._verb_content(verb, lemma, passive, subject, offset)
        if content is None or (mention is not None and _contains(content, mention)):
            return
        content = self._through_quote(content)
        direct = any(q.start <= content.start and content.end <= q.end for q in self.quotes)
        yield self._make(content, source, mention, subject_tokens, verb, offset, direct=direct, **common)
        other = self._parenthetical_part(content, cue_span, verb, subject, offset)
        if other is not None:  # "Many of the closures, he said, have involved …": one content around the frame
            yield self._make(other, source, mention, subject_tokens, verb, offset, direct=False, **common)

    def _according(self, according: Token, offset: int) -> Iterator[Attribution]:
        to = according.doc[according.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in according.children if c.dep_ == "pobj"]
        if not objects:
            return
        phrase = list(according.subtree) + ([] if to in according.subtree else list(to.subtree))
        head = according.head if according.head != according else None
        if head is None:
            return
        content = self._clause_without(head, phrase, offset)
        if content is None:
            return
        source, mention, tokens = self._resolve_source(objects[0], offset)
        cue = self._tokens_span([according, to], offset)
        assert cue is not None
        yield self._make(
            content,
            source,
            mention,
            tokens,
            according,
            offset,
            direct=False,
            cue=cue,
            stance="assert",
            medium=None,
            medium_type=None,
        )

    def _raising(self, verb: Token, offset: int) -> Iterator[Attribution]:
        """ "The plan seems to work": the subject belongs to the judged content and no one speaks but the
        writer, unless an experiencer is named ("seemed to voters", "To Harrison, it appeared ...")."""
        complement = next((c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd", "ccomp", "attr")), None)
        if complement is None:
            return
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "there")), None)
        tokens = [*complement.subtree, *(subject.subtree if subject is not None else ())]
        content, cue = self._tokens_span(tokens, offset), self._tokens_span([verb], offset)
        if content is None or cue is None:
            return
        to = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
        experiencer = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if experiencer is None:
            yield Attribution(content, cue, None, "unknown", direct=False, stance="assert")
            return
        source, mention, source_tokens = self._resolve_source(experiencer, offset)
        common = {"cue": cue, "stance": "assert", "medium": None, "medium_type": None}
        yield self._make(content, source, mention, source_tokens, verb, offset, direct=False, **common)

    def _colon(self, colon: Token, offset: int) -> Iterator[Attribution]:
        """ "Ryan: ‘Images have no place in a campaign.’" / "… surprise pollster Daron Shaw: “…”": a noun phrase
        before a colon speaks what follows it, the quotation that opens right after it (also in the next paragraph,
        "Stated Stone:" above a quoted block), else the rest of its sentence. A colon after a cue verb or its
        object ("he said:", "told reporters:") is the verb's frame, read there."""
        doc = colon.doc
        speaker = doc[colon.i - 1] if colon.i > colon.sent.start else None
        if speaker is None or speaker.pos_ not in ("PROPN", "NOUN", "PRON") or speaker.lower_ in _LABEL_NOUNS:
            return  # "Editor's note:", "UPDATE:": a label of the text, not a speaker
        if self._in_cue_frame(speaker):
            return
        end = offset + colon.idx + 1
        quote = next((q for q in self.quotes if q.start >= end and not self.text[end : q.start].strip()), None)
        if quote is not None:
            content = Span(quote.start, quote.end, self.text[quote.start : quote.end])
        else:
            holder = next((s for s in self.sentences if s.start <= end - 1 < s.end), None)
            content = _span(self.text, end, holder.end if holder is not None else offset + colon.sent.end_char)
        if sum(w.isalpha() for w in _WORD.findall(content.text)) < 2:  # "Clinton: 547." is a table row
            return
        before = [t for t in self._np_tokens(speaker) if t.i < colon.i]
        source = self._tokens_span(before, offset)
        mention = None
        if speaker.lower_ in self.cues.pronoun_persons:
            source, mention, before = self._antecedent(offset + speaker.idx) or source, source, []
        common = {"cue": Span(end - 1, end, ":"), "stance": "assert", "medium": None, "medium_type": None}
        yield self._make(content, source, mention, before, colon, offset, direct=quote is not None, **common)

    def _in_document(self, prep: Token, offset: int) -> Iterator[Attribution]:
        """ "Clinton led Sanders 2-1 in an NBC News poll": a finding stated in a document (a poll, a study, a
        report) is attributed to it, as "according to" would; after a cue verb ("said in a report") it is the verb's
        medium instead."""
        document = next((c for c in prep.children if c.dep_ == "pobj"), None)
        head = prep.head
        if head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr"):  # "has a decisive lead in the polls"
            head = head.head
        if document is None or lemma_of(document) not in self.cues.document_heads:
            return
        if head.pos_ not in ("VERB", "AUX") and not (head.pos_ == "NOUN" and head.dep_ == "ROOT"):
            return  # a noun as the root: "In the survey, 71 percent of supporters approved" parsed without a verb
        if self.cues.verb_lemma(lemma_of(head), head.lower_) or lemma_of(document) in self.cues.medium_heads:
            return
        content = self._clause_without(head, prep.subtree, offset)
        cue = self._tokens_span([prep], offset)
        if content is None or cue is None:
            return
        source, mention, tokens = self._resolve_source(document, offset)
        common = {"cue": cue, "stance": "assert", "medium": None, "medium_type": None}
        yield self._make(content, source, mention, tokens, prep, offset, direct=False, **common)

    def _in_cue_frame(self, token: Token) -> bool:
        """Whether `token` is a reporting noun or lies in the frame of a cue verb ("said in a statement:", "released
        the following statement:"): a colon after it hands the cue its content rather than naming a speaker."""
        cues = self.cues
        if token.lower_ in cues.noun_forms or lemma_of(token) in cues.medium_heads:
            return True
        return any(a.pos_ == "VERB" and cues.verb_lemma(lemma_of(a), a.lower_) for a in token.ancestors)

    def _adverb(self, adverb: Token, offset: int) -> Iterator[Attribution]:
        content = self._clause_without(adverb.head, [adverb], offset)
        cue = self._tokens_span([adverb], offset)
        if content is None or cue is None:
            return
        yield Attribution(content, cue, None, "unknown", direct=False, stance="assert")

    # -- frame parts
    def _subject(self, verb: Token, passive: bool, climb: frozenset[str] = _SUBJECT_CLIMB_DEPS) -> Token | None:
        """The speaker: the subject, the agent of a passive, or the subject of a governing verb reached
        through `climb` dependencies."""
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        current = verb
        for _ in range(_SUBJECT_CLIMB):
            # the nearest: "Voters, Clinton suggested, don't …" may give the cue both nouns as subjects
            subjects = [c for c in current.children if c.dep_ in _SUBJECT_DEPS]
            if subjects:
                return past_dateline(min(subjects, key=lambda c: abs(c.i - current.i)), verb)
            if current.dep_ not in climb or current.head == current:
                return None
            if current.dep_ == "acl" and current.tag_ in ("VBD", "VBZ", "VBP", "VBN") and current.head.dep_ == "ROOT":
                return current.head  # "A Quinnipiac poll found …" parsed with the verb as a clause on its subject
            if (
                current.dep_ == "acl"
                and current.tag_ == "VBG"
                and lemma_of(current.head) not in self.cues.medium_heads
                and not _is_recipient(current.head)
                and not self._is_addressed(current.head)
            ):
                # "a memo saying …": the noun speaks; "issued a statement saying …" and "sent a text to supporters
                # saying …" climb to who issued or sent it
                return current.head
            current = current.head
        return None

    def _is_addressed(self, noun: Token) -> bool:
        """Whether a noun is the object of a verb of saying or sending: "emailed supporters saying …" climbs to
        the sender."""
        verb = noun.head
        return noun.dep_ == "dobj" and verb.pos_ == "VERB" and bool(self.cues.verb_lemma(lemma_of(verb), verb.lower_))

    def _outer_cue(self, verb: Token) -> Token | None:
        """The cue whose frame a subjectless conjunct shares though the parse conjoined it inside that cue's
        content: "He said A and said B" (the same verb), "Clinton adds that she released A and called on B" (the
        content's subject a pronoun, the speaker again)."""
        participle = verb.dep_ == "advcl" and verb.tag_ == "VBG"  # "insisted that he has A, claiming B"
        if (
            (verb.dep_ != "conj" and not participle)
            or verb.pos_ != "VERB"
            or any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
            or not self.cues.verb_lemma(lemma_of(verb), verb.lower_)  # "he didn't seek or receive A": one content
        ):
            return None
        clause = verb.head
        while clause.dep_ == "conj" and clause.head != clause:  # "… he'd sit Putin down and tell him A and tells B"
            clause = clause.head
        outer = clause.head
        if clause.dep_ != "ccomp" or outer.pos_ != "VERB" or not self.cues.verb_lemma(lemma_of(outer), outer.lower_):
            return None
        if lemma_of(outer) == lemma_of(verb):
            return outer
        if verb.dep_ == "conj" and verb.tag_ == outer.tag_ == "VBG" and clause.tag_ in ("VBD", "VBZ", "VBP"):
            return outer  # "saying the struggle continues and vowing to compete": a participle joins a participle
        subject = next((c for c in clause.children if c.dep_ in _SUBJECT_DEPS), None)
        return outer if subject is not None and subject.lower_ in self.cues.pronoun_persons else None

    def _quote_of_head(self, verb: Token, quote: Quote, offset: int) -> bool:
        """Whether `quote` stands between the participle `verb` and a cue verb governing it from before the
        quotation ('He vowed, “…,” referring to ISIS', the participle parsed inside the quoted clause): the
        quotation is that cue's, not the participle's."""
        if verb.tag_ != "VBG" or quote.end > offset + verb.idx:
            return False
        return any(
            a.pos_ == "VERB"
            and offset + a.idx + len(a) <= quote.start
            and bool(self.cues.verb_lemma(lemma_of(a), a.lower_))
            for a in verb.ancestors
        )

    def _other_report(self, verb: Token, offset: int) -> bool:
        """A cue verb with a speaker of its own named by a noun, set off by a comma as an adverbial or conjoined
        clause inside another cue's content, outside quotations ("…, while other voters said B", "…, and analysts
        said B"): a second report, not part of the first. A pronoun speaker may be the first one again ("said
        they support A, but they would not advocate B"), and a quotation is the speaker's whole."""
        if verb.dep_ not in ("advcl", "conj") or verb.pos_ != "VERB":
            return False
        if not self.cues.verb_lemma(lemma_of(verb), verb.lower_):
            return False
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ == "PRON" or _is_relative_pronoun(subject):
            return False
        start = _conjunct_start(verb)
        position = offset + verb.doc[start].idx
        return start > 0 and verb.doc[start - 1].text == "," and not self._in_quotation(position)

    def _in_quotation(self, position: int) -> bool:
        """Whether the character at `position` lies in a quotation (its opening mark included)."""
        return any(q.start <= position < q.end for q in self.quotes)

    def _quoted_before(self, token: Token, verb: Token, offset: int) -> bool:
        """Whether `token` lies in a quotation that closes before `verb`."""
        position, cue = offset + token.idx, offset + verb.idx
        return any(q.start <= position < q.end <= cue for q in self.quotes)

    def _quotative_subject(self, verb: Token, offset: int) -> Token | None:
        """The speaker of “…,” NAME said when the parse took NAME into the quoted clause: in that frame the
        noun phrase between the closing mark and the verb is the verb's subject."""
        position = offset + verb.idx
        quote = next((q for q in reversed(self.quotes) if q.end <= position), None)
        if quote is None or not quote.closed or _SENTENCE_END.search(self.text[quote.end : position]):
            return None
        gap = [t for t in verb.doc if quote.end <= offset + t.idx < position and not t.is_punct]
        if not gap:  # “…,” said Edward Leamer, an economist, “…”: the parse may give the name to the next clause
            return self._inverted_subject(verb)
        ids = {t.i for t in gap}
        heads = [t for t in gap if t.head.i not in ids and t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not heads and all(t.is_title for t in gap):  # “…,” Will wrote: a name the tagger read as another word
            heads = gap[-1:]
        return heads[0] if heads and len(gap) <= MAX_QUOTATIVE_SUBJECT_WORDS else None

    @staticmethod
    def _inverted_subject(verb: Token) -> Token | None:
        """The head of the proper name right after a quotative verb ("said Edward Leamer"), through its compounds."""
        doc = verb.doc
        name = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
        if name is None:
            return None
        if name.pos_ != "PROPN":
            # “…,” added a New Hampshire Democrat: a noun phrase right after the verb, parsed as its object
            return next(
                (c for c in verb.rights if c.left_edge.i == verb.i + 1 and c.pos_ in ("NOUN", "PROPN")
                 and c.dep_ in ("dobj", "nsubj", "attr", "npadvmod")),
                None,
            )
        while name.dep_ in ("compound", "flat") and name.head.i > name.i and name.head.pos_ == "PROPN":
            name = name.head
        return name

    def _cue_span(self, verb: Token, offset: int) -> Span:
        """The verb with its particle and negation, plus a medium phrase right after it ("wrote on X")."""
        tokens = [verb] + [c for c in verb.children if c.dep_ in ("prt", "neg")]
        for child in verb.rights:
            if child.dep_ == "prep" and child.i == verb.i + 1 and self._medium_object(child) is not None:
                tokens.extend(child.subtree)
        span = self._tokens_span(tokens, offset)
        assert span is not None
        return span

    def _medium_object(self, prep: Token) -> Token | None:
        """The object of "on his Telegram channel" / "in a statement" when it names a channel of speech."""
        if prep.lower_ not in ("on", "in", "via", "through"):
            return None
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
        words = {t.lower_ for t in obj.subtree}
        if lemma_of(obj) in self.cues.medium_heads or words & self.cues.social_media:
            return obj
        name = " ".join(t.lower_ for t in obj.subtree if t.dep_ != "det")
        return obj if prep.lower_ == "on" and name in self.cues.media_names else None  # "said on CNN"

    def _medium(self, verb: Token, offset: int) -> tuple[Span | None, str | None]:
        for child in verb.children:
            if child.dep_ == "prep" and (obj := self._medium_object(child)) is not None:
                span = self._np(obj, offset)
                return span, self._classify(self._np_tokens(obj))
        return None, None

    def _adjacent_quotes(self, verb: Token, subject: Token | None, offset: int) -> list[Quote]:
        """Quotations joined to the cue frame by nothing but punctuation and the frame's own words."""
        frame = {t.i for t in _frame_tokens(verb)}
        if subject is not None:
            frame |= {t.i for t in subject.subtree}
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and lemma_of(verb) not in self.cues.recipient_object_verbs:
            # "charged the group with “crimes against humanity”": past its object the quote completes what is
            # said of the object, it is not the whole of what was said
            frame -= {t.i for t in obj.subtree}
        doc = verb.doc
        frame_start = offset + min(doc[i].idx for i in frame)
        attached: list[Quote] = []
        # only quotations within MAX_FRAME_GAP of the cue can attach (the gap test below)
        first = bisect_left(self.quote_ends, offset + verb.idx - MAX_FRAME_GAP)
        last = bisect_right(self.quote_starts, offset + verb.idx + len(verb) + MAX_FRAME_GAP)
        for quote in self.quotes[first:last]:
            if quote.end <= offset + verb.idx:  # “…,” he said
                lo, hi = quote.end, offset + verb.idx
                # A quote closed by a full stop ends its sentence: the next frame is not its cue, unless that
                # frame says nothing of its own (“… emails.” Trump said.).
                closed_off = quote.ends_with_full_stop(self.text) and "," not in self.text[lo:hi]
                if closed_off and not self._bare_frame(verb, frame):
                    continue
            elif quote.start >= offset + verb.idx + len(verb):  # he said: “…”
                lo, hi = offset + verb.idx + len(verb), quote.start
                if _SENTENCE_END.search(self.text[lo:hi] + " ") and not self.text[lo:hi].rstrip().endswith(":"):
                    continue
            else:
                continue
            if hi - lo > MAX_FRAME_GAP or (lo < frame_start and not self._only_punct(quote.end, frame_start)):
                continue
            if self._gap_is_frame(doc, offset, lo, hi, frame):
                attached.append(quote)
        if attached and attached[-1].end <= offset + verb.idx:
            attached.extend(self._continuation(attached[-1], verb, offset))
        return attached

    def _interrupted_lead(self, quote: Quote, verb: Token, subject: Token | None, offset: int) -> Span | None:
        """The words before a frame set off by commas inside a sentence whose quotation, right after the frame,
        goes on in lower case: the clause the quotation completes ("The plan, the mayor said, “is dead.”")."""
        words = _WORD.findall(self.text[quote.start : quote.end])
        if quote.start < offset + verb.idx or not words or not words[0][:1].islower():
            return None
        return self._lead_before_frame(verb, subject, offset)

    def _parenthetical_part(
        self, content: Span, cue: Span, verb: Token, subject: Token | None, offset: int
    ) -> Span | None:
        """The other side of one content that a frame set off by commas interrupts: the words before the frame when
        the content goes on right after its closing comma ("Many of the closures, he said, have involved …"), or
        the rest of the clause after the frame when the content ends at its opening comma ("Varga had two
        interviews, officials said, the first in May"; "It is no surprise, Garin said, that she leads")."""
        frame = min([verb, *(subject.subtree if subject is not None else ())], key=lambda t: t.i)
        frame_start = offset + frame.idx
        if _FRAME_TAIL.fullmatch(self.text, cue.end, content.start):
            if verb.head == verb:
                return None
            # the clause the frame interrupts, before it, when it holds an argument of that clause's verb ("Many of
            # the closures"); a fronted adverbial alone ("Rather, he said, …", "Six months ago, …") is not said
            lead = [t for t in verb.head.subtree if t.i < frame.i and not t.is_punct]
            if not any(t.head == verb.head and t.dep_ in _FRONTED_ARGUMENT_DEPS for t in lead):
                return None
            if self.text[offset + lead[-1].idx + len(lead[-1]) : frame_start].strip() != ",":
                return None
            if self._in_quotation(offset + lead[0].idx):
                return None
            return self._tokens_span(lead, offset)
        if content.end > frame_start or self.text[content.end : frame_start].strip() != ",":
            return None
        doc = verb.doc
        closing = doc[verb.right_edge.i]
        if verb.dep_ == "parataxis" and closing.text == ",":
            tail = [t for t in verb.head.subtree if t.i > closing.i and not t.is_punct]
            if tail and (tail[0].pos_ in ("SCONJ", "CCONJ") or tail[0].dep_ in ("mark", "cc", "advmod")):
                return None  # "…, he said, as the council met": the writer's clause on the telling
        else:
            clause = next((c for c in verb.rights if c.dep_ == "ccomp" and doc[c.left_edge.i - 1].text == ","), None)
            tail = list(clause.subtree) if clause is not None and _has_mark(clause, ("that",)) else []
        if not tail or self._in_quotation(offset + tail[0].idx):
            return None
        return self._tokens_span(tail, offset)

    def _lead_before_frame(self, verb: Token, subject: Token | None, offset: int) -> Span | None:
        """The sentence's words before a frame (the cue and its subject) that a comma sets off from them, unless a
        quotation lies there."""
        frame = [verb, *(subject.subtree if subject is not None else ())]
        start, frame_start = offset + verb.sent.start_char, offset + min(t.idx for t in frame)
        if not self.text[start:frame_start].rstrip().endswith(",") or any(
            q.start < frame_start and q.end > start for q in self.quotes
        ):
            return None
        return _span(self.text, start, frame_start)

    def _through_quote(self, content: Span) -> Span:
        """`content` run on to the end of a quotation it opens but does not close: the parse often hangs the rest
        of a quoted passage elsewhere ('said he was “truly, gravely concerned …, and …”', 'her "long experience,"
        "firm grasp of the issues" and …'); cut before one whose opening mark alone it took."""
        for quote in self.quotes[bisect_left(self.quote_starts, content.start) :]:
            if quote.start >= content.end:
                break
            if not quote.closed or quote.end <= content.end:
                continue
            if self.text[quote.start : content.end].strip(_QUOTE_MARKS + " "):
                return _span(self.text, content.start, quote.end)
            # only the opening mark: the parse ran the content into the next sentence's quotation
            return _span(self.text, content.start, quote.start)
        # "said that there is only one candidate:" above a quoted paragraph: the quotation goes on with what is said
        colon = _COLON_AFTER.match(self.text, content.end - content.text.endswith(":"))
        if colon is not None:
            position = bisect_left(self.quote_starts, colon.end())
            if position < len(self.quotes) and self.quotes[position].start == colon.end():
                return _span(self.text, content.start, self.quotes[position].end)
        return content

    def _said_of(self, verb: Token, offset: int) -> Span | None:
        """The object of "of" right after a cue verb ("said of the vote"), part of what a quotation says."""
        following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if following is None or following.lower_ != "of" or following.head != verb:
            return None
        obj = next((c for c in following.children if c.dep_ in ("pobj", "pcomp")), None)
        return self._tokens_span(obj.subtree, offset) if obj is not None else None

    def _quote_content(self, quote: Quote, verb: Token, offset: int) -> Span:
        """The quotation, or with the unquoted words that lead into it in its sentence when it only ends a
        clause ('Gore, he said, “made a strategic mistake,” said Reyes': a word right before the mark)."""
        sentence_start = offset + verb.sent.start_char
        lead = self.text[sentence_start : quote.start].rstrip()
        if quote.end <= offset + verb.idx and lead and (lead[-1].isalnum() or lead[-1] in "’'"):
            return _span(self.text, sentence_start, quote.end)
        return Span(quote.start, quote.end, self.text[quote.start : quote.end])

    def _continuation(self, quote: Quote, verb: Token, offset: int) -> list[Quote]:
        """“A,” he said. “B.” — the quote that opens right after the frame's sentence goes on speaking, and so does
        each quoted paragraph after it that is a quotation and nothing else (news convention: a quoted paragraph
        without a frame of its own is the last speaker's).

        The sentence is the segmenter's: inside a chunk the parser may take the next quote's opening mark into
        the frame's sentence or end it at an abbreviation ("Arlington, Va.; …"), and then no quote follows it."""
        position = offset + verb.idx
        holder = next((s for s in self.sentences if s.start <= position < s.end), None)
        end = holder.end if holder is not None else offset + verb.sent.end_char
        found: list[Quote] = []
        for following in self.quotes[bisect_left(self.quote_starts, end) :]:
            gap = self.text[end : following.start]
            if gap.strip() or ("\n" in gap and not self._fills_paragraph(following)):
                break
            found.append(following)
            end = following.end
        return found

    def _fills_paragraph(self, quote: Quote) -> bool:
        """Whether `quote` opens its paragraph and nothing but punctuation follows it there."""
        line_start = self.text.rfind("\n", 0, quote.start) + 1
        line_end = self.text.find("\n", quote.end)
        rest = self.text[quote.end : len(self.text) if line_end < 0 else line_end]
        return not self.text[line_start : quote.start].strip() and not rest.strip(" .,;")

    def _has_unquoted_complement(self, verb: Token, offset: int) -> bool:
        """Whether the cue has a complement of its own after it outside every quotation: a clause, or the object
        of a verb whose object is what it says ("Although he says he “loves China,” he also accuses it of …")."""
        # an object only in subject-verb order: in "“…,” added another pilot" the parse may take the speaker for one
        says_object = lemma_of(verb) not in self.cues.recipient_object_verbs and any(
            c.dep_ in _SUBJECT_DEPS and c.i < verb.i for c in verb.children
        )
        objects = ("ccomp", "dobj", "xcomp") if says_object else ("ccomp",)
        for child in verb.children:
            if child.dep_ in objects and child.i > verb.i and not _is_relative_pronoun(child):
                start = offset + child.left_edge.idx
                if not self._in_quotation(start):
                    return True
        return False

    def _inside_object(self, verb: Token, lemma: str, quote: Quote, offset: int) -> bool:
        """Whether `quote` is a fragment quoted inside the cue's object phrase ("called for a “clean energy
        economy” plan"): the phrase, not the fragment, is what was said."""
        obj = self._content_object(verb, lemma)
        if obj is None or self._medium_object(obj.head) is obj:
            return False
        words = [t for t in obj.subtree if not t.is_punct]
        starts = [offset + t.idx for t in words]
        inside = [quote.start <= s < quote.end for s in starts]
        return any(inside) and not all(inside)

    def _in_adjunct(self, verb: Token, quote: Quote, offset: int) -> bool:
        """Whether `quote` starts inside a prepositional phrase of the cue: a title ("said in his book, ''An
        American Son.''"), not what was said."""
        return any(
            child.dep_ == "prep" and offset + child.idx <= quote.start < offset + child.right_edge.idx
            for child in verb.children
        )

    def _only_punct(self, start: int, end: int) -> bool:
        return not self.text[start:end].strip(" \t,;:—–-")

    def _bare_frame(self, verb: Token, frame: set[int]) -> bool:
        """Whether the cue's sentence is its frame alone ("Trump said.", "Bush said in a statement."): no
        content of its own, so the quotation just before it is what was said."""
        if any(c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis") for c in verb.children):
            return False
        return all(t.i in frame or t.is_punct or t.is_space for t in verb.sent)

    def _gap_is_frame(self, doc: Doc, offset: int, lo: int, hi: int, frame: set[int]) -> bool:
        """Whether text[lo:hi] holds only punctuation and frame words; the part outside this parsed chunk (a
        quote in the sentence before, which had no cue word) must be punctuation alone, or a paragraph break after
        a frame that ends in a colon ("He said:" above a quoted paragraph)."""
        if "\n" in self.text[lo:hi].strip():
            return False
        doc_end = offset + len(doc.text)
        if hi <= offset or lo >= doc_end:
            return self._only_punct(lo, hi)
        tail = self.text[min(hi, doc_end) : hi]
        introduced = self.text[lo:hi].rstrip().endswith(":") and not tail.strip()
        if not (self._only_punct(lo, max(lo, offset)) and (self._only_punct(min(hi, doc_end), hi) or introduced)):
            return False
        for token in doc:
            position = offset + token.idx
            if lo <= position < hi and not (token.is_punct or token.is_space or token.i in frame):
                return False
        return True

    def _verb_content(self, verb: Token, lemma: str, passive: bool, subject: Token | None, offset: int) -> Span | None:
        cues = self.cues
        if passive and _refers_back(verb):
            return self._previous_sentence(offset + verb.idx)
        if subject is not None and subject == _appositive_frame_subject(verb):
            return self._lead_before_frame(verb, subject, offset)
        for child in verb.children:
            if child.i < verb.i and any(_is_clause_break(t) for t in verb.doc[child.right_edge.i + 1 : verb.i]):
                continue  # "Even its backers sounded equivocal: Harman called it …": the sentence before the colon
            if child.dep_ == "ccomp" and child.i < verb.i and _has_mark(child, _ADVERBIAL_MARKS):
                continue  # "In late January, as reserves fell, he proposed to sell": when, not what, he proposed
            # "Those who take on heavy debt struggle, he said.": a clause before a closing frame that the parse left
            # unlabelled is its complement
            fronted = (
                child.dep_ == "dep"
                and child.i < verb.i
                and verb.doc[child.right_edge.i + 1].text == ","
                and any(t.pos_ in ("VERB", "AUX") for t in child.subtree)
                and not any(c.dep_ in ("ccomp", "xcomp", "dobj", "parataxis") for c in verb.rights)
            )
            if child.dep_ == "ccomp" or fronted or (child.dep_ == "xcomp" and lemma in cues.xcomp_verbs):
                span = self._complement(verb, child, offset)
                if span is None:
                    return None
                second = next(
                    (c for c in verb.rights if c.dep_ == "conj" and c.i > child.i and _has_mark(c, ("that",))), None
                )
                if second is not None and not self._in_quotation(offset + second.idx):
                    # "believes there are no good options, but that sometimes …": a second complement of the cue
                    span = _span(self.text, span.start, offset + second.right_edge.idx + len(second.right_edge))
                obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < child.i), None)
                participle = child.tag_ in ("VBN", "VBG") and not any(c.dep_ in _SUBJECT_DEPS for c in child.children)
                if obj is None or not (child.dep_ == "xcomp" or participle):
                    return span
                # "urged conservatives to obey the ruling": the object is the subject of what is urged
                return _span(self.text, offset + obj.left_edge.idx, span.end)
            if child.dep_ == "advcl" and lemma in _QUESTION_VERBS and _has_mark(child, ("if", "whether")):
                return self._tokens_span(child.subtree, offset)  # "asked the students if …": the question
            if child.dep_ == "advcl" and _is_infinitive(child) and any(_is_for_mark(m) for m in child.children):
                # "called for Republicans to back Christie": a for-to clause, parsed as an adverbial, is what is said
                return self._tokens_span([t for t in child.subtree if not _is_for_mark(t)], offset)
        fronted_clause = _subject_clause_before_speaker(verb)
        if fronted_clause is not None:  # "Luna-25 spun out of control and crashed, the agency Roscosmos said"
            return self._tokens_span(fronted_clause.subtree, offset)
        hung = _complement_in_phrase(verb, cues.noun_forms) or self._complement_past_citing(verb)
        if hung is not None:  # "said during a news conference that he may wait": the parse hung it on the noun
            return self._complement(verb, hung, offset)
        answer = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if answer is not None and answer.head == verb and answer.lower_ in _ANSWER_WORDS:
            return self._tokens_span([answer], offset)  # "the candidate said no", "55 percent said so"
        if (
            verb.dep_ == "parataxis"
            or (verb.dep_ == "ccomp" and verb.i > verb.head.i and _comma_before(verb))
            or _is_trailing_frame(verb)
        ):
            return self._clause_without(verb.head, verb.subtree, offset)
        obj = self._content_object(verb, lemma)
        description = self._characterisation(verb) if obj is None and lemma in cues.characterising_verbs else []
        if description:  # "in what officials called a hate crime", "called her “weak”" (parsed without an object)
            return self._tokens_span(description, offset)
        if obj is None and self._is_as_frame(verb, lemma):
            return self._clause_without(verb.head, verb.subtree, offset)
        if passive and lemma in _QUESTION_VERBS:  # "was asked a simple question", "was asked about the protests":
            # the subject is the one asked; the retained object or what it was asked about is the question
            asked = next((c for c in verb.children if c.dep_ == "dobj"), None) or obj
            return self._tokens_span(asked.subtree, offset) if asked is not None else None
        if obj is None and (subject is not None or passive):  # "Rubio is seen as the favourite": no one need see it
            return self._patient(verb, lemma, passive, offset)
        if obj is None or subject is None:
            return None
        if lemma in cues.characterising_verbs:
            complement = self._characterisation(verb)
            if complement:
                return self._tokens_span([*obj.subtree, *complement], offset)
        # "endorsed the re-election of …", "discussing the economy, women's health, …": the parse often splits one
        # object (a hyphenated word, a list) into several objects of the verb
        objects = [obj, *(c for c in verb.rights if c.dep_ == "dobj" and c.i > obj.i)]
        tokens = [t for o in objects for t in _restrictive(o)]
        tokens = sorted({*tokens, *self._object_complements(verb, objects[-1])}, key=lambda t: t.i)
        return self._tokens_span(_without_closing_apposition(tokens), offset)

    def _complement_past_citing(self, verb: Token) -> Token | None:
        """ "The Lantern reported, citing the Institute, which relies on officials, that Brandt was arrested": the
        parse hangs the that-clause on the cited noun as a relative clause, but a "that" with a subject of its own
        after it is a complementizer, and the clause is what the report says."""
        for cited in self._cited_sources(verb):
            for clause in cited.subtree:
                if clause.dep_ in ("relcl", "acl") and _has_mark(clause, ("that",)) and any(
                    c.dep_ in _SUBJECT_DEPS for c in clause.children
                ):
                    return clause
        return None

    def _characterisation(self, verb: Token) -> list[Token]:
        """What a verb of characterising says its object is: "called it [a disgrace]", "described them [as
        peaceful]"."""
        return [
            t
            for c in verb.children
            if c.dep_ in ("oprd", "xcomp", "attr") or (c.dep_ == "prep" and c.lower_ == "as")
            for t in c.subtree
        ]

    def _patient(self, verb: Token, lemma: str, passive: bool, offset: int) -> Span | None:
        """What is said or judged when it stands before the cue: the subject of a passive ("the proposal was
        rejected by voters"; not after a verb whose object is the hearer, "he was told"), with what it is taken
        as ("is seen as the favourite"), or the noun a relative clause without an object of its own describes ("the
        provision Democrats opposed")."""
        if passive and lemma not in self.cues.recipient_object_verbs:
            patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            span = self._np(patient, offset) if patient is not None else None
            as_phrase = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
            if span is None or as_phrase is None:
                return span
            # "Rubio is seen as the favourite": what he is seen as is part of what is said of him
            return _span(self.text, span.start, offset + as_phrase.right_edge.idx + len(as_phrase.right_edge))
        if verb.dep_ == "relcl" and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp") and not _is_relative_pronoun(c) for c in verb.children
        ):
            return self._np(verb.head, offset)
        return None

    def _is_as_frame(self, verb: Token, lemma: str) -> bool:
        """ "as Comey noted, people could still face sanctions": an as-clause of a verb of saying with nothing
        said of its own comments on the clause it hangs on. Verbs of attitude and of talking are left out:
        "as supporters celebrated" / "as Trump spoke" tell when, not what."""
        if verb.dep_ != "advcl" or lemma in self.cues.attitude_verbs or lemma in self.cues.addressee_to_verbs:
            return False
        return _has_mark(verb, ("as",))

    def _object_complements(self, verb: Token, obj: Token) -> list[Token]:
        """The phrases after an object that complete what is said of it: the charge or description after a
        direct object ("accused X of Y"), and an infinitive saying what the object should do ("challenged X
        to be humbler", "called for X to release Y"), and a phrase that runs on from the object with no break
        ("endorsed Cruz in the Senate race", "backed the pact with Canada"): the parse often hangs a modifier of the
        object on the verb, and a comma is where the writer's own additions start."""
        found: list[Token] = []
        edge = obj.right_edge.i
        for child in verb.rights:
            if child.i <= obj.i:
                continue
            adjacent = child.dep_ == "prep" and child.left_edge.i == edge + 1 and not self._circumstance(child)
            if (
                adjacent
                or (obj.dep_ == "dobj" and child.dep_ == "prep" and child.lower_ in self.cues.complement_prepositions)
                or (child.dep_ in ("xcomp", "advcl") and _is_infinitive(child))
                # "view Clinton as more prepared": the description, parsed as an adverbial clause led by "as"
                or (
                    child.dep_ == "advcl"
                    and child.left_edge.lower_ == "as"
                    and child.left_edge.i == edge + 1
                    and not any(c.dep_ in _SUBJECT_DEPS for c in child.children)
                )
            ):
                kept = _restrictive(child)
                found.extend(kept)
                edge = kept[-1].i
        return found

    def _circumstance(self, prep: Token) -> bool:
        """Whether a prepositional phrase tells when, where or through what something was said ("before the
        speech", "on Monday", "on Twitter") rather than running on from what was said."""
        return prep.lower_ in self.cues.circumstance_prepositions or self._when_or_medium(prep)

    def _when_or_medium(self, prep: Token) -> bool:
        """Whether a prepositional phrase names a time ("on Monday") or a channel of speech ("on Twitter")."""
        if self._medium_object(prep) is not None:
            return True
        return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)

    def _content_object(self, verb: Token, lemma: str) -> Token | None:
        """The object that states what was said ("denied the report", "called for a ceasefire")."""
        if lemma not in self.cues.recipient_object_verbs:
            # "the provision that Democrats opposed": the relative pronoun stands for the noun, read as the patient
            obj = next((c for c in verb.children if c.dep_ == "dobj" and not _is_relative_pronoun(c)), None)
            if obj is not None:
                return obj
        for child in verb.rights:
            if child.lower_ == "to" and lemma in self.cues.addressee_to_verbs:
                continue  # "spoke to reporters": the hearer
            if (
                child.dep_ == "prep"
                and child.lower_ in self.cues.object_prepositions
                and not self._when_or_medium(child)  # "responded on Twitter", "reported on Wednesday": not what
            ):
                return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        return None

    def _complement(self, verb: Token, clause: Token, offset: int) -> Span | None:
        """A clausal complement; one that closes the cue's sentence runs on to its end, as the parse of a
        long complement often leaves trailing pieces (relative clauses, conjuncts) attached elsewhere, but
        not past a comma or dash after it: what follows one is the writer's aside ("…, part of a lashing")."""
        # "which he said the government should pay for": a fronted relative pronoun puts the frame inside the
        # complement's subtree; the complement is read on its head's side of the cue
        tokens = [t for t in clause.subtree if (t.i > verb.i) == (clause.i > verb.i)]
        # "reported, citing the Institute, which relies on officials, that …": what the report cites is its chain
        citing = {t.i for p in clause.subtree if _frame_before_participle(p, self.cues) == verb for t in p.subtree}
        tokens = [t for t in tokens if t.i not in citing]
        repeat = next((t for t in clause.subtree if t.i > verb.i and self._outer_cue(t) == verb), None)
        if repeat is not None:  # "He said A and said B": A ends before the second frame
            return self._tokens_span([t for t in tokens if t.i < _conjunct_start(repeat)], offset)
        other = next((t for t in clause.subtree if t.i > clause.i and self._other_report(t, offset)), None)
        if other is not None:  # "Some said A, while others said B": B and its speaker are a report of their own
            return self._tokens_span([t for t in tokens if t.i < _conjunct_start(other)], offset)
        aside = self._closing_aside(clause, offset)
        if aside is not None:  # "…in his comments, which raised concerns": the writer's comment on what was said
            return self._tokens_span([t for t in tokens if t.i < aside.left_edge.i], offset)
        narration = _narration_after(clause)
        if narration is not None and narration > verb.i:
            return self._tokens_span([t for t in tokens if t.i < narration], offset)
        if clause.i > verb.i:  # "said the pier would close if the council agreed": the parse hangs the condition on
            # the cue, but a condition after what is said is part of it
            tokens += [t for c in verb.rights if c.i > clause.right_edge.i and _is_condition(c) for t in c.subtree]
        span = self._tokens_span(tokens, offset)
        sentence = verb.sent
        trailing = [t for t in sentence if t.i > clause.right_edge.i and not t.is_punct]
        if span is None or clause.i < verb.i or verb.dep_ != "ROOT" or any(t.head == verb for t in trailing):
            return span
        aside = next((t for t in sentence if t.i > clause.right_edge.i and t.text in _ASIDE_MARKS), None)
        end = offset + (aside.idx if aside is not None else sentence.end_char)
        return _span(self.text, span.start, max(end, span.end))

    def _closing_aside(self, clause: Token, offset: int) -> Token | None:
        """A non-restrictive relative clause (", which …", ", who …") or apposition (", a red line for many") that
        closes `clause`, outside quotations: the writer's comment on what was said."""
        doc = clause.doc
        for token in clause.subtree:
            first = token.left_edge
            relative = token.dep_ == "relcl" and (_is_relative_pronoun(first) or first.lower_ in ("when", "where"))
            apposition = _is_apposition(token) and _is_aside_mark(doc[first.i - 1])
            if (
                ((relative and doc[first.i - 1].text == ",") or apposition)
                and token.right_edge.i == clause.right_edge.i
                and not self._in_quotation(offset + first.idx)
            ):
                return token
        return None

    def _previous_sentence(self, position: int) -> Span | None:
        before = [s for s in self.sentences if s.end <= position]
        current = next((s for s in self.sentences if s.start <= position < s.end), None)
        if not before or current is None:
            return None
        previous = before[-1]
        return _span(self.text, previous.start, previous.end)

    def _stance(self, verb: Token, lemma: str) -> str:
        """assert, confirm, deny, or decline: no answer ("did not respond to requests for comment", "declined to say
        whether"), which neither confirms nor denies."""
        cues = self.cues
        negated = _has_child(verb, "neg")
        refused = verb.dep_ == "xcomp" and lemma_of(verb.head) in cues.refusal_verbs  # "declined to [say]"
        if (negated or refused) and lemma in cues.no_comment_verbs:
            return "decline"
        if lemma in cues.refusal_verbs and any(
            c.dep_ == "xcomp" and lemma_of(c) in cues.no_comment_verbs for c in verb.children
        ):
            return "decline"
        particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
        if lemma in cues.deny_verbs or any(f"{lemma} {p}" in cues.deny_particle_verbs for p in particles):
            return "assert" if negated else "deny"
        if negated and lemma in cues.deny_when_negated:
            return "deny"
        if lemma in cues.confirm_verbs:
            return "confirm"
        if lemma in cues.characterising_verbs and self._frames_as_false(verb):
            return "deny"
        return "assert"

    def _frames_as_false(self, verb: Token) -> bool:
        """ "called the report nonsense", "dismissed it as a hoax": the frame itself says it is false."""
        framing = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "attr", "prep", "dobj")]
        return any(t.lower_ in self.cues.deny_words for c in framing for t in c.subtree)

    # -- sources
    def _resolve_source(self, token: Token, offset: int) -> tuple[Span | None, Span | None, list[Token]]:
        """(source, mention, source tokens): pronouns resolve to their antecedent's mention."""
        cues = self.cues
        lower = token.lower_
        mention = self._tokens_span([token], offset)
        if lower in cues.relative_pronouns and token.head.dep_ == "relcl":
            noun = token.head.head
            return self._np(noun, offset), mention, self._np_tokens(noun)
        if token.pos_ == "PRON" and lower in cues.pronoun_persons:
            antecedent = self._antecedent(offset + token.idx)
            return (antecedent or mention), mention, []
        if token.pos_ == "PRON" and lower == "it" and token.dep_ in _SUBJECT_DEPS:
            antecedent = self._body_antecedent(offset + token.idx)
            return (antecedent or mention), mention, []
        if token.pos_ == "NOUN":  # "the other candidate on the stage, Hillary Clinton, said": the name
            name = next((c for c in token.rights if c.dep_ == "appos" and c.pos_ == "PROPN" and _comma_before(c)), None)
            token = name or token
        return self._np(token, offset), None, self._np_tokens(token)

    def _classify(self, tokens: list[Token], resolved_person: bool = False) -> str:
        """The kind of source a noun phrase names, from word lists and entity labels."""
        cues = self.cues
        if resolved_person:
            return "named_person"
        if not tokens:
            return "unknown"
        words = [t.lower_ for t in tokens]
        text = " ".join(words)
        head = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
        group = _partitive_group(head)
        if group is not None:  # "one of the officials": whoever the group is, one unnamed member of it
            kind = self._classify(self._np_tokens(group))
            if group.lower_ in cues.party_members or (kind == "named_person" and group.pos_ != "PROPN"):
                return "anonymous"  # "one of the Democrats", "one of the ministers": an unnamed person
            return kind
        head_lemma = lemma_of(head)
        if set(words) & cues.social_media or "social media" in text:
            return "social_media"
        if head.pos_ == "NOUN" and head.text.islower() and head_lemma in cues.social_media_heads:
            return "social_media"  # "a deleted post by a senior officer"
        if head_lemma in cues.anonymous_heads and head.pos_ != "PROPN":
            return "anonymous" if not _is_definite_role(head, cues) else "named_person"
        names = {t.lower_ for t in tokens if t.pos_ == "PROPN"}
        if text.removeprefix("the ") in cues.media_names or names & cues.media_names:
            return "media"
        if head.pos_ == "PROPN" and head_lemma in cues.media_name_suffixes and head.i > tokens[0].i:
            return "media"
        if cues.names_media(head_lemma, words) or cues.names_media(head.lower_, words) or any(
            cues.names_media(t.lower_, words) and t.dep_ in ("compound", "amod", "nmod") for t in tokens
        ):
            return "media"
        if head_lemma in cues.document_heads or head.lower_ in cues.document_heads:
            return "document"
        if head.pos_ == "PROPN" and self._organisation_titled(head):
            return "organisation"
        if head.ent_type_ == _ENTITY_PERSON or head.text in self.person_names:
            return "named_person"
        if head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS") and head.lower_ not in cues.party_members:
            return "anonymous"  # "Moroccans posted videos": people of a nation, unnamed; "Republicans" are a party
        if (
            head.ent_type_ in _ENTITY_ORG
            or head_lemma in cues.organisation_heads
            or head.lower_ in cues.organisation_heads  # "the opposition Civic Union": a name's head word
            or text in cues.organisation_heads
        ):
            return "organisation"
        if head_lemma in cues.person_roles:  # "the minister" is one identified person, "a man" or "world leaders" not
            return "anonymous" if _is_unidentified(head) else "named_person"
        if head.pos_ == "PROPN":
            if head.ent_type_ == "" and head.text in self.organisation_names - self.person_names:
                return "organisation"
            return "named_person" if head.ent_type_ in ("", _ENTITY_PERSON) else "organisation"
        return "unknown"

    def _chain(self, source_tokens: list[Token], verb: Token, source: Span | None, offset: int) -> tuple[Span, ...]:
        """The source followed by the sources it relies on ("on the basis of Y", "which relies on Z"), and by what it
        cites ("…, citing the Halden Institute, which in turn relies on …": the institute, then its sources)."""
        if source is None:
            return ()
        chain = [source]
        if source_tokens:
            head = next((t for t in source_tokens if t.head not in source_tokens or t.head == t), None)
            owner = self._possessor(head, offset) if head is not None else None
            if owner is not None:
                chain.insert(0, owner)
                self.chain_kinds[owner] = "media" if owner.text.lower() in self.cues.media_names else "organisation"
            search = [t for t in _frame_tokens(verb) if t not in source_tokens and t != verb]
            search += [t for t in (head.subtree if head is not None else []) if t not in source_tokens]
            self._extend_chain(chain, search, {t.i for t in source_tokens}, offset)
        for cited in self._cited_sources(verb):
            span = self._np(cited, offset)
            if span is not None and span not in chain:
                chain.append(span)
                self.chain_kinds[span] = self._classify(self._np_tokens(cited))
                seen = {t.i for t in self._np_tokens(cited)}
                self._extend_chain(chain, [t for t in cited.subtree if t.i not in seen], seen, offset)
        return tuple(chain)

    def _extend_chain(self, chain: list[Span], search: list[Token], seen: set[int], offset: int) -> None:
        """Append to `chain` the sources that `search` says the last one relies on, each in turn."""
        for _ in range(4):  # a chain longer than five sources is not written in news prose
            inner = self._inner_source(search, seen)
            if inner is None:
                return
            span = self._np(inner, offset)
            if span is None or span in chain:
                return
            chain.append(span)
            self.chain_kinds[span] = self._classify(self._np_tokens(inner))
            seen |= {t.i for t in self._np_tokens(inner)}
            search = [t for t in inner.subtree if t.i not in seen]

    def _cited_sources(self, verb: Token) -> list[Token]:
        """What a report rests on by a participle of citing or quoting after it ("…, the Ledger reported, citing a
        leaked memo and two officials"): the heads of the cited phrases that name a source (a document, people, an
        outlet, a body); what else one cites ("said, citing low economic growth") is a reason, not a source."""
        return [
            obj
            for participle in verb.sent
            if participle.i > verb.i and _frame_before_participle(participle, self.cues) == verb
            for obj in participle.children
            if obj.dep_ == "dobj" and self._classify(self._np_tokens(obj)) in _CITED_KINDS
        ]

    def _possessor(self, head: Token, offset: int) -> Span | None:
        """ "Meduza's sources" / "Meduza sources": the outlet or body that relays anonymous sources."""
        if lemma_of(head) not in self.cues.anonymous_heads:
            return None
        for child in head.children:
            relays = child.ent_type_ == "ORG" or child.lower_ in self.cues.media_names
            if child.dep_ in ("poss", "compound") and child.pos_ == "PROPN" and relays:
                name = [t for t in child.subtree if t.dep_ in ("compound", "flat") or t == child]
                return self._tokens_span(name, offset)
        return None

    def _inner_source(self, tokens: list[Token], seen: set[int]) -> Token | None:
        markers = self.cues.chain_markers
        ordered = sorted(tokens, key=lambda t: t.i)
        for marker in ordered:
            if lemma_of(marker) not in markers and marker.lower_ not in markers:
                continue
            for token in sorted(marker.subtree, key=lambda t: t.i):
                if token.i <= marker.i or token.i in seen:
                    continue
                if (
                    token.dep_ in ("pobj", "dobj")
                    and token.pos_ in ("NOUN", "PROPN")
                    and (lemma_of(token) not in markers and token.lower_ not in ("turn", "part"))
                ):
                    return token
        return None

    def _make(
        self,
        content: Span,
        source: Span | None,
        mention: Span | None,
        source_tokens: list[Token],
        cue_token: Token,
        offset: int,
        **fields: Any,
    ) -> Attribution:
        resolved = mention is not None and source is not None and source != mention and not source_tokens
        if resolved and source in self.body_sources:  # "it" standing for an organisation or outlet
            source_type = self.body_sources[source]
        else:
            source_type = "unknown" if source is None else self._classify(source_tokens, resolved)
        if source is not None and source_type == "unknown" and source.text in self.person_names:
            source_type = "named_person"
        if source is not None and source_type in ("organisation", "media", "document"):
            self.body_sources[source] = source_type
        chain = self._chain(source_tokens, cue_token, source, offset)
        kinds = tuple(source_type if span == source else self.chain_kinds.get(span, "unknown") for span in chain)
        return Attribution(
            content, source=source, source_type=source_type, chain=chain, chain_types=kinds, mention=mention, **fields
        )


def _is_clause_break(token: Token) -> bool:
    """A colon, semicolon or dash between clauses; a hyphen joining words ("KING-TV") is none."""
    if token.text != "-":
        return token.text in _CLAUSE_BREAKS
    return bool(token.whitespace_) and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _subject_clause_before_speaker(verb: Token) -> Token | None:
    """The clause of an inverted frame that the parse split into two subjects of the cue: "Luna-25 spun out of
    control and crashed into the moon, the agency Roscosmos said" gives "said" the subjects "Luna-25" (with the
    rest of the clause hung on it as `acl`) and "Roscosmos". The speaker is the nearer subject (`_subject`); the
    farther one, its clause and a comma before the speaker make what is said."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) != 2:
        return None
    content, speaker = subjects
    if not any(c.dep_ == "acl" and c.pos_ == "VERB" for c in content.children):
        return None
    between = verb.doc[content.right_edge.i + 1 : speaker.left_edge.i]
    return content if any(t.text == "," for t in between) else None


def _complement_in_phrase(verb: Token, content_nouns: Container[str]) -> Token | None:
    """A that-clause with its own subject that the parse hung on the last noun of a prepositional phrase after
    the cue ("said on Friday during a news conference that he may wait", "told reporters at a briefing that
    …"): "that" there is a complementizer (a relative "that" would be the clause's subject or object), so the
    clause is what is said, not a description of the conference."""
    phrase = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _OCCASION_PREPOSITIONS]
    while phrase:
        nouns = [c for c in phrase[-1].children if c.dep_ in ("pobj", "dobj")]  # "following a vote": a verbal object
        if not nouns:
            return None
        clause = next((c for c in nouns[0].rights if c.dep_ in ("relcl", "acl")), None)
        if clause is not None and nouns[0].lower_ not in content_nouns:
            own_subject = any(c.dep_ in _SUBJECT_DEPS for c in clause.children)
            return clause if own_subject and _has_mark(clause, ("that",)) else None
        phrase = [c for c in nouns[0].rights if c.dep_ == "prep"] or phrase[:-1]
    return None


def _is_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and _has_mark(clause, ("if", "unless"))


def _has_mark(clause: Token, words: tuple[str, ...]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in clause.children)


def _has_child(token: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in token.children)


def _adjective_complement(adjective: Token, prepositions: frozenset[str]) -> Token | None:
    """What a predicate adjective of attitude is about: its clause ("confident that X", "eager to X"; after "made
    (it) clear" the parse may hang the that-clause on the adjective as advcl or csubj, or on the verb), else the
    object of one of `prepositions` ("critical of X", "worried about X")."""
    for child in adjective.children:
        if child.dep_ in ("ccomp", "xcomp") or (child.dep_ in ("advcl", "csubj") and _has_mark(child, ("that",))):
            return child
    if adjective.lower_ == "clear" and lemma_of(adjective.head) == "make":
        clause = next((c for c in adjective.head.rights if c.dep_ == "ccomp" and c.i > adjective.i), None)
        if clause is not None:
            return clause
    for child in adjective.rights:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _noun_frame(noun: Token, prepositions: frozenset[str]) -> tuple[str, Token, Token | None] | None:
    """(frame, complement, preposition) of a reporting noun: a that-clause ("the claim that X"), else, for lexicon
    nouns only (pass no `prepositions` for others: any noun takes an infinitive, "a plan to", and is the subject
    of "the problem is that"), the clause of "be" it is the subject of ("his argument was that X"), an infinitive
    ("calls to X") or the object of one of `prepositions` ("criticism of X")."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp") and _has_mark(child, ("that",)):
            return "that", child, None
    if not prepositions:
        return None
    if noun.dep_ == "nsubj" and lemma_of(noun.head) == "be":  # "his argument was that …", "the question is what …"
        clause = next((c for c in noun.head.rights if c.dep_ == "ccomp"), None)
        if clause is not None:
            return "copula", clause, None
    for child in noun.children:
        if child.dep_ == "acl" and _is_infinitive(child):
            return "to", child, None
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return "prep", obj, child
    return None


def _restrictive(head: Token) -> list[Token]:
    """The subtree of `head` without its non-restrictive modifiers: a relative clause or apposition set off by a
    comma or dash ("Feltman, a State Department official"; "the ban, which …") is the writer's description of
    the referent, not part of what is said or supported; so is a participle set off by a comma that the parse
    hung on a noun inside it ("reaffirmed their opposition to Trump, underscoring party divisions")."""
    doc = head.doc
    asides = [
        child
        for child in head.rights
        if (child.dep_ == "relcl" or _is_apposition(child)) and _is_aside_mark(doc[child.left_edge.i - 1])
    ]
    asides += [
        t
        for t in head.subtree
        if t.tag_ == "VBG"
        and t.dep_ in ("conj", "acl")
        and t.head.pos_ in ("NOUN", "PROPN")
        and doc[t.left_edge.i - 1].text == ","
    ]
    aside = {t.i for child in asides for t in doc[child.left_edge.i - 1 : child.right_edge.i + 1]}
    return [t for t in head.subtree if t.i not in aside]


def _without_closing_apposition(tokens: list[Token]) -> list[Token]:
    """`tokens` (in text order) up to an apposition set off at their end, however deep the parse hung it: "to back
    Jerusalem as the capital of Israel, a red line for many" is the writer's description, not what is said."""
    if not tokens:
        return tokens
    doc, last = tokens[0].doc, tokens[-1].i
    mark = next(
        (
            doc[t.left_edge.i - 1]
            for t in tokens
            if _is_apposition(t) and t.right_edge.i == last and _is_aside_mark(doc[t.left_edge.i - 1])
        ),
        None,
    )
    return tokens if mark is None else [t for t in tokens if t.i < mark.i]


def _is_apposition(token: Token) -> bool:
    """An apposition, not the second item of a list the parse read as one ("differ on Israel, the nuclear deal and
    the court": "deal", with a conjunct of its own, is an item like "Israel", not a description of it)."""
    if token.dep_ != "appos":
        return False
    return not (_has_child(token, "cc") and _has_child(token, "conj"))


def _is_aside_mark(token: Token) -> bool:
    """A comma, semicolon or dash setting off an aside; a hyphen only when spaced like a dash."""
    return token.text in _ASIDE_MARKS or (token.text == "-" and _is_clause_break(token))


def _narration_after(clause: Token) -> int | None:
    """Where the writer's narration takes over inside a complement's subtree, by the parse's misattachments: a
    finite verb with no subject conjoined to a non-finite complement belongs to the cue's subject ("has proposed
    conducting surveillance on mosques and signaled support for …"), and a participle set off by a comma after
    the complement comments on it ("wants to avoid giving grist to her opponents, recalling how …"), as does an
    adverbial clause of contrast or time set off by a dash ("… -- even as Clinton closed in")."""
    doc = clause.doc
    for token in clause.subtree:
        if token.i <= clause.i:
            continue
        if token.dep_ == "advcl" and _has_mark(token, _CONTRAST_MARKS) and _is_dash(doc[token.left_edge.i - 1]):
            return token.left_edge.i - 1  # "pledged to take his campaign to the floor -- even as Clinton closed in"
        if token.pos_ != "VERB" or any(c.dep_ in _SUBJECT_DEPS for c in token.children):
            continue
        if token.dep_ == "conj" and token.tag_ in ("VBD", "VBZ", "VBP") and token.head.tag_ in ("VBG", "VB", "VBN"):
            return _conjunct_start(token)
        if token.dep_ == "advcl" and token.tag_ == "VBG" and token.head == clause:
            comma = token.left_edge.i - 1
            if doc[comma].text == ",":
                return comma
    return None


def _is_dash(token: Token) -> bool:
    return token.text in ("—", "–", "--") or (token.text == "-" and _is_clause_break(token))


def _conjunct_start(conjunct: Token) -> int:
    """Where a conjunct begins, its coordinating conjunction included ("… and said B")."""
    return min([c.i for c in conjunct.head.children if c.dep_ == "cc" and c.i < conjunct.i] + [conjunct.left_edge.i])


def _refers_back(verb: Token) -> bool:
    """ "This was reported by X": a passive report whose subject points at the sentence before."""
    return any(c.dep_ == "nsubjpass" and c.lower_ in _DEMONSTRATIVES for c in verb.children)


def _is_relative_pronoun(token: Token) -> bool:
    return token.tag_ in ("WDT", "WP", "WP$")


def _is_for_mark(token: Token) -> bool:
    return token.dep_ == "mark" and token.lower_ == "for"


def _is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _frame_tokens(verb: Token) -> list[Token]:
    """The cue frame of `verb` in text order: its subtree without the clauses under it (its content), i.e.
    without the subtrees of its children attached as clauses."""
    content = {t.i for child in verb.children if child.dep_ in _CLAUSE_DEPS for t in child.subtree}
    return [t for t in verb.subtree if t.i not in content]


def _is_that_said(verb: Token) -> bool:
    """ "That said, …" / "This said, …": a discourse connective that opens a sentence, not a report."""
    doc = verb.doc
    subject = doc[verb.i - 1] if verb.i > 0 else None
    opens = subject is not None and subject.i == subject.sent.start and subject.lower_ in ("that", "this")
    return opens and verb.i + 1 < len(doc) and doc[verb.i + 1].text == ","


# What sets a frame off from the clause it reports: a comma, a closing quotation mark, a dash.
_FRAME_BREAKS = frozenset({",", "”", '"', "’", "—"})


def _comma_before(token: Token) -> bool:
    left = token.left_edge
    return left.i > 0 and token.doc[left.i - 1].text in _FRAME_BREAKS


# Dependencies that lead from inside an apposition up to its head ("spokesman in Baghdad", "president and
# general manager").
_APPOSITION_INNER_DEPS = frozenset({"pobj", "prep", "conj", "compound", "amod", "nummod"})


def _preverbal_subject(verb: Token) -> Token | None:
    """The name right before a finite cue that the parse left without a subject, having hung the name on an
    earlier phrase ("while campaigning for his wife Hillary Clinton, former president Bill Clinton said …", Clinton
    as an apposition of Hillary): the noun touching the verb, or the head of an apposition set off by commas
    ("her adviser, Jake Sullivan, said")."""
    misread = verb.dep_ == "ROOT" and verb.tag_ in ("VBN", "NNS")  # a finite verb read as a participle or noun
    if (verb.tag_ not in ("VBD", "VBZ", "VBP") and not misread) or verb.i == 0:
        return None
    doc = verb.doc
    before = doc[verb.i - 1]
    if before.text == ")":  # "Sen. Elizabeth Warren (D-MA) said": the name before the parenthesis
        opening = next((t for t in reversed(doc[before.sent.start : before.i]) if t.text == "("), None)
        if opening is None or opening.i == 0:
            return None
        before = doc[opening.i - 1]
    comma = before.text == "," and before.i > 0
    if comma:
        before = doc[before.i - 1]
        if before.like_num and before.dep_ == "appos" and before.head.i < before.i:  # "Lazar, 44, said"
            return before.head if before.head.pos_ == "PROPN" else None
    if before.pos_ not in ("PROPN", "NOUN", "NUM") or before.ent_type_ in ("DATE", "TIME"):
        return None
    if before.head == verb:
        # "Trump predicts that …" / "Less than a third agreed …" / "About 4 in 10 say …" parsed as a compound or
        # a measure of the verb
        return before if not comma and before.dep_ in ("compound", "npadvmod", "nummod") else None
    if before.pos_ == "NUM":
        return None
    if not comma:
        return before
    # "Col. Steven Warren, a military spokesman in Baghdad, said": from the word before the comma up to the
    # apposition it ends, whose head is the name
    while before.dep_ in _APPOSITION_INNER_DEPS and before.head.i < before.i and doc[before.i - 1].text != ",":
        before = before.head
    return before.head if before.dep_ == "appos" and before.head.i < before.i else None


def _is_recipient(noun: Token) -> bool:
    """Whether a noun is the object of "to": whom something was said or sent to ("a pitch to voters")."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "to"


def _is_trailing_frame(verb: Token) -> bool:
    """ "The plan will work, he told reporters." parsed with the cue as a conjunct of the clause it reports (or as
    an adverbial clause without a subordinator: "…, sooner than expected, the Office reported"): one whose subject
    (or itself) follows a comma alone (no "and", "but") is a frame placed after its content. The subject's edge
    is read, not the subtree's: the parse may hang the end of the content on the cue."""
    if verb.dep_ not in ("conj", "advcl") or verb.i < verb.head.i:
        return False
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i < verb.i), None)
    if verb.dep_ == "advcl" and (subject is None or _has_child(verb, "mark") or verb.tag_ not in ("VBD", "VBZ", "VBP")):
        return False  # "…, claiming that …", "…, most of them seeking asylum": a participle, not a frame
    first = subject.left_edge if subject is not None else verb
    return first.i > 0 and verb.doc[first.i - 1].text in _FRAME_BREAKS


def _appositive_frame_subject(verb: Token) -> Token | None:
    """ "… controlled by the businessman Tomas Vellner, The Harbour Ledger reported on Tuesday": the parse took the
    outlet for an apposition of the name before it and hung the cue on a noun as a reduced relative clause. A past
    tense cue with no subject, object or complement of its own, right after a proper name set off by a comma as an
    apposition, is a frame placed after its content; the name is its subject (None when the verb is not one)."""
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or verb.i == verb.sent.start:
        return None
    if any(c.dep_ in (*_SUBJECT_DEPS, "dobj", "ccomp", "xcomp", "agent", "attr", "oprd") for c in verb.children):
        return None
    name = verb.doc[verb.i - 1]
    if name.dep_ != "appos" or name.pos_ != "PROPN" or name.right_edge.i != name.i:
        return None
    first = name.left_edge
    return name if first.i > verb.sent.start and verb.doc[first.i - 1].text == "," else None


def _parallel_verb(verb: Token) -> Token | None:
    """The verb a conjoined verb pairs with when the parse hung it on a verb of another form: in "shows Prigozhin
    lamenting the toll the fighting has taken … and urging Ukraine to …" Prigozhin urges, not the fighting; in
    "criticized Moscow for not delivering the ammunition that was promised … and accused them of …" Prigozhin
    accuses, not the ammunition. None unless a subjectless -ing or past-tense conjunct hangs on a verb of another
    form and one of its own form is above it."""
    if verb.tag_ not in ("VBG", "VBD") or verb.dep_ != "conj" or verb.head.tag_ == verb.tag_:
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    relative = verb.head.dep_ in ("relcl", "acl") or _has_child(verb.head, "auxpass")
    if verb.tag_ == "VBD" and not relative:  # a past form beside a past participle: the tagger's guess, keep it
        return None
    return next((a for a in verb.head.ancestors if a.tag_ == verb.tag_ and a.pos_ == "VERB"), None)


def _matrix_of_participle(participle: Token) -> Token | None:
    """The verb a closing participle belongs to when the parse hung it inside a that-clause: in "The ministry
    dismissed a report that Danescu had offered a stake, calling it fiction" the ministry calls it fiction, not
    Danescu. A subjectless -ing clause set off by a comma after a complement clause modifies the sentence's verb."""
    clause = participle.head
    if participle.tag_ != "VBG" or participle.dep_ != "advcl" or participle.i < clause.i:
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in participle.children) or not _comma_before(participle):
        return None
    if not _has_mark(clause, ("that",)) or clause.dep_ not in ("ccomp", "acl", "relcl"):
        return None
    matrix = clause.head
    while matrix.pos_ not in ("VERB", "AUX") and matrix.head.i != matrix.i:
        matrix = matrix.head
    return matrix if matrix.pos_ in ("VERB", "AUX") and matrix.i < clause.i else None


def _frame_before_participle(participle: Token, cues: EnglishCues) -> Token | None:
    """The cue verb a "citing …"/"quoting …" participle without a subject of its own follows, with only the verb's
    own words and commas between ("reported on Tuesday, citing"; the parse may hang the participle on the main
    clause instead of on a frame placed after it); None for any other token."""
    if participle.tag_ != "VBG" or participle.dep_ != "advcl" or lemma_of(participle) not in _CITING_LEMMAS:
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in participle.children):
        return None
    nearest = None
    for verb in reversed(participle.doc[participle.sent.start : participle.i]):
        if verb.pos_ == "VERB" and cues.verb_lemma(lemma_of(verb), verb.lower_):
            between = participle.doc[verb.i + 1 : participle.i]
            inside = {t.i for t in verb.subtree}
            if all(t.i in inside or t.is_punct or t.pos_ == "PUNCT" for t in between):
                nearest = verb
            break
    if nearest is not None and (_appositive_frame_subject(nearest) is not None or _is_trailing_frame(nearest)):
        return nearest  # a frame after its content governs the sentence whatever the parse hung the participle on
    head = participle.head
    cue_head = head.i < participle.i and head.pos_ == "VERB" and cues.verb_lemma(lemma_of(head), head.lower_)
    verb = head if cue_head else nearest
    # "reported that Danescu had proposed to sell …, citing a memo": the report cites, not what it reports
    while verb is not None and verb.dep_ == "ccomp" and cues.verb_lemma(lemma_of(verb.head), verb.head.lower_):
        verb = verb.head
    return verb


def _is_definite_role(head: Token, cues: EnglishCues) -> bool:
    """ "the spokesman" names one identified person by role; "a spokesman" does not."""
    determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "poss")]
    return lemma_of(head) in cues.person_roles and bool(determiners) and determiners[0] not in ("a", "an")


def _partitive_group(head: Token) -> Token | None:
    """The group noun of "one of the officials", "two of his aides" (head "one"/"two" with "of" and a plural noun)."""
    if head.pos_ not in ("NUM", "PRON") and head.lower_ not in _PARTITIVE_HEADS:
        return None
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return group if group is not None and group.tag_ in ("NNS", "NNPS") else None


_PARTITIVE_HEADS = frozenset({"one", "some", "many", "several", "few", "most", "each", "both", "none", "all"})


def _is_unidentified(head: Token) -> bool:
    """A role noun that identifies nobody: indefinite ("a man", "another official") or plural ("world leaders")."""
    determiners = [c.lower_ for c in head.children if c.dep_ in ("det", "nummod")]
    return head.tag_ == "NNS" or (bool(determiners) and determiners[0] in _INDEFINITE_DETERMINERS)


_INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "one", "some", "any"})


# --------------------------------------------------------------------------- other languages (patterns)

# A capitalised name, its words joined by particles; a word may open with an elided article ("l’Intérieur").
_NAME = (
    r"(?:(?:[ld][’'])?[A-ZÀ-ÝŁŚŻ][\w’'.-]*"
    r"(?:\s+(?:de|da|von|van|del|la|le|du|des|di)?\s*(?:[ld][’'])?[A-ZÀ-ÝŁŚŻ][\w’'.-]*)*)"
)
# Words a source phrase before its cue may end with that belong to the verb: "Le roi s’est dit", "se dijo".
_REFLEXIVE_TAIL = re.compile(r"\s+(?:s[’']est|s[’']était|se|s[’']|sich)\s*$", re.IGNORECASE)
_MAX_SOURCE_WORDS = 10  # "des sources proches du gouvernement de Velmar": a phrase, not a clause
# Words that open a relative clause after a source phrase ("dos diplomáticos que siguieron …", "les experts qui …").
_RELATIVE_WORDS = "que|quien|quienes|qui|lequel|laquelle|lesquels|lesquelles|dont|der|die|das|welche|welcher|welches"
_RELATIVE_ASIDE = re.compile(rf",\s*(?:{_RELATIVE_WORDS})\s[^,.;:!?]*,\s*$")
_MAX_CUE_GAP_WORDS = 5  # "a écrit sur son compte Telegram que": words between a cue and its complementizer
_SOURCE_AFTER = re.compile(
    r"\s*((?:(?:le|la|les|l’|l'|der|die|das|den|dem|el|los|las|un|une|ein|eine)\s+)?"
    r"(?:[\w’'-]+\s+){0,3}?" + _NAME + r"|(?:le|la|les|der|die|das|el|los|las)\s+[\w’'-]+(?:\s+[\w’'-]+)?"
    r"|(?:uno|una|l[’']une?|einer|eine)\s+(?:de\s+(?:los|las)|des|der)\s+[\w’'-]+)"  # "uno de los diplomáticos"
)


def _pattern_extract(text: str, quotes: list[Quote], cues: PatternCues | None) -> list[Attribution]:
    """Direct quotes and cue-verb sentences by surface patterns, for languages without a parser here."""
    if cues is None:
        return []
    found: list[Attribution] = []
    verbs = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues.verb_cues)) + r")(?!\w)", re.I)
    preps = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues.preposition_cues)) + r")(?!\w)", re.I)
    posts = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues.postposition_cues)) + r")(?!\w)")
        if cues.postposition_cues
        else None
    )
    for sentence in split_sentences(text):
        found.extend(_pattern_sentence(text, sentence, quotes, cues, verbs, preps, posts))
    return found


def _pattern_sentence(
    text: str,
    sentence: Sentence,
    quotes: list[Quote],
    cues: PatternCues,
    verbs: re.Pattern[str],
    preps: re.Pattern[str],
    posts: re.Pattern[str] | None,
) -> Iterator[Attribution]:
    s, e = sentence.start, sentence.end
    local = [q for q in quotes if q.end > s and q.start < e]
    for match in verbs.finditer(text, s, e):
        cue = Span(match.start(), match.end(), match.group())
        stance = (
            "deny" if cue.text.lower() in cues.deny else "confirm" if cue.text.lower() in cues.confirm else "assert"
        )
        before = next(
            (q for q in reversed(local) if q.end <= cue.start and not text[q.end : cue.start].strip(" ,—–-:")), None
        )
        after = next((q for q in local if q.start >= cue.end and _pattern_gap(text, cue.end, q.start)), None)
        if before is not None:  # „…“, sagte Scholz / « … », a déclaré le ministre
            source = _source_after(text, cue.end, e)
            content, direct = Span(before.start, before.end, text[before.start : before.end]), True
        else:
            source = _source_before(text, s, cue.start)
            if source is not None and source.text.split()[0].lower() in cues.clause_verbs:
                continue  # "Wie die Behörde erklärt, …" is read at its preposition cue
            if after is not None:
                content, direct = Span(after.start, after.end, text[after.start : after.end]), True
            elif (reported := _reported_clause(text, s, e, cue, source, cues)) is not None:
                (source, content), direct = reported, False
            else:
                continue
        kind = _pattern_type(source, cues)
        yield Attribution(
            content, cue, source, kind, direct=direct, stance=stance,
            chain=(source,) if source else (), chain_types=(kind,) if source else (),
        )
    for match in preps.finditer(text, s, e):
        opening = match.start() - s < 3
        comma = text.find(",", match.end(), e)
        if match.group().lower() in cues.clause_verbs:
            yield from _clause_verb_attribution(text, s, e, match, comma, cues)
            continue
        phrase = _span(text, match.end(), comma) if opening and comma > 0 else None
        inverted = _source_after_verb(text, match.end(), e, cues)
        if inverted is not None:  # "…, según han confirmado a La Brújula dos diplomáticos europeos que …"
            source, after = inverted, text.find(",", inverted.end, e)
            content = _span(text, after + 1 if after >= 0 else e, e) if opening else _span(text, s, match.start())
        elif phrase is not None and phrase.text and len(phrase.text.split()) <= _MAX_SOURCE_WORDS:
            source, content = phrase, _span(text, comma + 1, e)  # Selon des sources proches du ministère, content.
        else:
            source_match = _SOURCE_AFTER.match(text, match.end(), e)
            if source_match is None:
                continue
            source = _counted_words_cut(text, _span(text, source_match.start(1), source_match.end(1)))
            if opening:  # "Laut Innenministerium wurden 300 Menschen verletzt."
                content = _span(text, source.end, e)
            elif text[s : match.start()].rstrip().endswith(",") or len(text[source.end : e].split()) < 2:
                content = _span(text, s, match.start())  # "content, selon X."
            else:  # "In Marokko kamen nach Angaben der Regierung Hunderte Menschen ums Leben": the whole sentence
                content = _span(text, s, e)
        if content.text:
            cue = Span(match.start(), match.end(), match.group())
            yield _indirect(content, cue, source, cues)
    for match in posts.finditer(text, s, e) if posts else ():
        clause_start = max(text.rfind(",", s, match.start()) + 1, s)
        source = _span(text, clause_start, match.start())
        content = _span(text, match.end(), e)  # "Dem Bericht zufolge hat die Regierung ..."
        if source.text and content.text:
            cue = Span(match.start(), match.end(), match.group())
            yield _indirect(content, cue, source, cues)


def _indirect(content: Span, cue: Span, source: Span, cues: PatternCues) -> Attribution:
    """Indirect speech at a preposition or clause cue ("selon X", "laut X", "wie X mitteilte"), with its source."""
    kind = _pattern_type(source, cues)
    return Attribution(content, cue, source, kind, direct=False, stance="assert", chain=(source,), chain_types=(kind,))


def _reported_clause(
    text: str, start: int, end: int, cue: Span, source: Span | None, cues: PatternCues
) -> tuple[Span | None, Span] | None:
    """(source, content) of indirect speech at a verb cue: a clause after it opened by a complementizer
    ("a écrit sur Telegram que …"), or set off by a comma after a source ("Der Sprecher sagte, die Lage sei
    ernst"); or the clause before it, when the cue opens an inverted reporting clause ("Die Lage ist ernst,
    sagte der Sprecher." / "El puerto sigue cerrado, dijo el alcalde.")."""
    rest = text[cue.end : end]
    word = "(?:" + "|".join(map(re.escape, cues.complementizers)) + r")(?:(?<=['’])|(?!\w))"  # "qu’" elided
    complementizer = re.match(rf"[\s,:]*(?:[^\s,.;:!?]+\s+){{0,{_MAX_CUE_GAP_WORDS}}}?{word}", rest) or re.match(
        rf"\s*,[^.;:!?]{{1,80}}?,\s*{word}", rest  # "a déclaré, lors d’une conférence de presse, que …"
    )
    opening = complementizer or (re.match(r"\s*,\s*(?=\w)", rest) if source is not None else None)
    if opening is not None:
        return source, _span(text, cue.end + opening.end(), end)
    lead = text[start : cue.start].rstrip()
    if source is None and lead.endswith(","):
        inverted = _source_after(text, cue.end, end)
        if inverted is not None:
            return inverted, _span(text, start, start + len(lead) - 1)
    return None


def _source_after_verb(text: str, start: int, end: int, cues: PatternCues) -> Span | None:
    """The source of a preposition cue followed by a reporting verb ("según informó la policía", "según han
    confirmado a La Brújula dos diplomáticos europeos que siguieron …"): the words after the verb and past an
    addressee ("a La Brújula"), up to a relative pronoun or punctuation; None when no verb follows the cue."""
    verbs = "|".join(map(re.escape, cues.verb_cues))
    perfect = "|".join(map(re.escape, cues.perfect_auxiliaries)) or "(?!)"
    verb = re.match(rf"\s*(?i:(?:{perfect})\s+\w+|{verbs})(?!\w)(?:\s+a\s+{_NAME})?", text[start:end])
    if verb is None:
        return None
    rest = text[start + verb.end() : end]
    phrase = re.match(rf"\s*([^,.;:!?«»“”\"]+?)(?=\s+(?:{_RELATIVE_WORDS})(?!\w)|[,.;:!?«»“”\"]|$)", rest, re.I)
    if phrase is None or len(phrase.group(1).split()) > _MAX_SOURCE_WORDS:
        return None
    source = _span(text, start + verb.end() + phrase.start(1), start + verb.end() + phrase.end(1))
    return source if source.text else None


def _counted_words_cut(text: str, source: Span) -> Span:
    """A source phrase cut before a number or a counting noun, where the clause it is part of goes on: in "nach
    Angaben der Regierung Hunderte Menschen ums Leben" capitalised nouns run on past the source's end."""
    for word in re.finditer(r"\w+", source.text):
        if word.start() and (word.group()[0].isdigit() or fold(word.group()) in QUANTITY_NOUNS):
            return _span(text, source.start, source.start + word.start())
    return source


def _clause_verb_attribution(
    text: str, start: int, end: int, match: re.Match[str], comma: int, cues: PatternCues
) -> Iterator[Attribution]:
    """ "…, wie die Polizei mitteilte." / "Wie die Behörde erklärte, sind …": the cue counts only when a reporting
    verb closes its clause; the source is the words between them, the content the rest of the sentence."""
    clause_end = comma if comma > 0 else end
    words = list(re.finditer(r"\w+", text[match.end() : clause_end]))
    verbs = cues.clause_verbs[match.group().lower()]
    verb = next((w for w in words if w.group().lower() in verbs), None)
    if verb is None:
        return
    source = _span(text, match.end(), match.end() + verb.start())
    if not source.text or len(source.text.split()) > _MAX_SOURCE_WORDS:
        return
    opening = match.start() - start < 3
    content = _span(text, clause_end + 1, end) if opening and comma > 0 else _span(text, start, match.start())
    if content.text:
        cue = Span(match.start(), match.start() + len(match.group()), match.group())
        yield _indirect(content, cue, source, cues)


def _pattern_gap(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return len(gap) < 60 and bool(re.fullmatch(r"[\s,:—–-]*(?:" + _NAME + r")?[\s,:—–-]*", gap))


def _source_after(text: str, start: int, end: int) -> Span | None:
    match = _SOURCE_AFTER.match(text, start, end)
    return None if match is None else _span(text, match.start(1), match.end(1))


def _source_before(text: str, start: int, end: int) -> Span | None:
    aside = _RELATIVE_ASIDE.search(text, start, end)
    if aside is not None:  # "Las fuentes consultadas, que pidieron no ser identificadas, aseguran": past the aside
        end = aside.start()
    clause = text[start:end]
    cut = max(clause.rfind(","), clause.rfind(":"), clause.rfind("»"), clause.rfind("“"), clause.rfind("”"))
    tail = _REFLEXIVE_TAIL.search(clause)
    span = _span(text, start + cut + 1, start + tail.start() if tail else end)
    return span if span.text and len(span.text.split()) <= 8 else None


def _pattern_type(source: Span | None, cues: PatternCues) -> str:
    """The kind of source a phrase names, from the language's `source_words`: social media anywhere, a
    news outlet by name, else the first listed word ("le porte-parole du ministère" is a person, "des sources
    proches du gouvernement" anonymous); a role noun is one identified person unless indefinite or plural.
    A phrase of capitalised words is a named person; anything else unknown."""
    if source is None:
        return "unknown"
    words = cues.source_words
    lowered = source.text.lower()
    tokens = re.findall(r"\w[\w-]*", lowered)  # "l'institut" is two words
    if any(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered) for phrase in words["social_media"]):
        return "social_media"
    if any(canonical_outlet(name) for name in re.findall(_NAME, source.text)):
        return "media"
    for position, token in enumerate(tokens):
        kind = next((k for k in _PATTERN_KINDS if _listed(token, words[k], cues.compounds)), None)
        if kind == "roles":
            indefinite = position > 0 and tokens[position - 1] in words["indefinite"]
            return "anonymous" if indefinite or _plural_of_listed(token, words["roles"]) else "named_person"
        if kind is not None:
            return kind
    capitalised = source.text.split()
    if any(_ACRONYM_WORD.fullmatch(w) for w in capitalised):
        return "organisation"  # "la FDIC", "die EZB": an acronym names a body (outlets were matched above)
    return "named_person" if capitalised and all(w[:1].isupper() for w in capitalised[-2:]) else "unknown"


_ACRONYM_WORD = re.compile(r"[A-ZÀ-Þ]{2,6}")
# Source kinds of `PatternCues.source_words` in the order a word is looked up (a word in two lists takes the first).
_PATTERN_KINDS = ("anonymous", "media", "document", "roles", "organisation")


def _listed(token: str, listed: frozenset[str], compounds: bool) -> bool:
    """Whether a lower-cased word or its -s/-es plural is listed, or (in a compounding language) ends in a
    listed word of 4+ letters ("Innenministerium")."""
    return (
        token in listed
        or _plural_of_listed(token, listed)
        or (compounds and any(len(w) >= 4 and token.endswith(w) for w in listed))
    )


def _plural_of_listed(token: str, listed: frozenset[str]) -> bool:
    """A Romance -s/-es plural of a listed word ("ministres", "ministros", "directores"); German "Minister" is
    singular and plural alike, and counts as singular."""
    return token not in listed and (token[:-1] in listed or token[:-2] in listed) and token.endswith("s")
