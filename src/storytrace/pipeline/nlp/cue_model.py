"""Which cue candidates yield attributions: a logistic regression over features of the parse.

The English extractor reads an attribution off every cue candidate (a lexicon verb, "according to", an
evidential adverb, or any verb that takes a clausal complement); many of those are not attributions in news
annotation (a "say" inside a quotation, "find" in "find a way", "support" as an action). A fixed word list
cannot weigh the frame, so a small logistic regression decides, over named features of the cue's parse
(`attribution._EnglishExtractor._features`) plus the smoothed log-odds of the cue lemma being a cue in the
training data, and how far that rate moves in the candidate's frame and with its kind of source (`CONTEXTS`).
Weights, counts and threshold are statistics fitted on the PolNeAR train split (`evaluation/polnear.py --fit`)
and shipped in `cue_model.json`; no text of the corpus is stored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("cue_model.json")
LEMMA_FEATURE = "lemma_log_odds"
# Pseudo-candidates of the Beta prior on a lemma's cue rate: a lemma seen a handful of times stays near the
# base rate, one seen dozens of times speaks for itself (the usual m-estimate; 5 is a common small m).
PRIOR_STRENGTH = 5.0
# L2 penalty of the regression (on the weights, not the bias), as in a unit Gaussian prior: the features are
# binary or of unit scale, so this keeps rare one-hot values (a dependency label seen a few times) near zero.
L2_PENALTY = 1.0
# Cross-validation folds over articles, for out-of-fold priors (lemma and contexts) and for the threshold.
FOLDS = 5
# Newton steps of the fit: the penalised log-likelihood is smooth and convex, it converges in fewer than this.
NEWTON_STEPS = 25


def _frame(features: Mapping[str, float]) -> str:
    """The candidate's kind of cue and what it takes: a quotation, a that-clause, another clause, an object …"""
    kind = next((name for name in features if name.startswith("kind=")), "kind=?")
    for name in ("direct", "that_clause", "has_ccomp", "has_xcomp", "has_dobj", "content_before_cue"):
        if name in features:
            return f"{kind}/{name}"
    return f"{kind}/" + next((name for name in features if name.startswith("noun_frame=")), "other")


def _source(features: Mapping[str, float]) -> str:
    return next((name for name in features if name.startswith("source=")), "source=?")


# Contexts in which a lemma's cue rate is counted apart: the same word is a cue in one frame and not in another
# ("thinks that …" against "think about"; "support for" against "supporting the bill"), and with one kind of
# source more than another. Each gives a feature `<name>_log_odds`: the rate of (lemma, context), shrunk
# towards the lemma's own rate, as log-odds over it (0 when the context says nothing more). Chosen on PolNeAR
# train by the out-of-fold content F1 of the whole extractor (priors and weights fitted without the held-out
# fold): lemma alone 0.7282, + frame 0.7297, + frame and source 0.7301 (+ dependency label: 0.7301, not kept).
CONTEXTS: dict[str, Callable[[Mapping[str, float]], str]] = {"frame": _frame, "source": _source}


@dataclass(frozen=True, slots=True)
class CueModel:
    """Fitted weights (by feature name), bias, decision threshold, per-lemma (cue, candidate) counts and the
    same counts per lemma in each context (keyed `context_key`)."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    lemma_counts: Mapping[str, tuple[int, int]]
    base_rate: float
    context_counts: Mapping[str, tuple[int, int]]

    def probability(self, lemma: str, features: Mapping[str, float]) -> float:
        """The probability that a candidate with these features is an attribution; unknown features weigh 0."""
        values = {**features, **prior_features(lemma, features, self.lemma_counts, self.context_counts, self.base_rate)}
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-score))

    def accepts(self, lemma: str, features: Mapping[str, float], threshold: float | None = None) -> bool:
        """Whether the candidate is an attribution at `threshold` (by default the fitted one)."""
        return self.probability(lemma, features) >= (self.threshold if threshold is None else threshold)

    def to_dict(self) -> dict[str, object]:
        return {
            "_doc": "Cue model fitted on PolNeAR train by evaluation/polnear.py --fit (statistics only).",
            "bias": self.bias,
            "threshold": self.threshold,
            "base_rate": self.base_rate,
            "weights": dict(sorted(self.weights.items())),
            "lemma_counts": {lemma: list(counts) for lemma, counts in sorted(self.lemma_counts.items())},
            "context_counts": {key: list(counts) for key, counts in sorted(self.context_counts.items())},
        }


def _shrunk_rate(counts: tuple[int, int], prior: float) -> float:
    """The m-estimate of a cue rate from (cue, candidate) counts, shrunk towards `prior`."""
    positives, total = counts
    return (positives + PRIOR_STRENGTH * prior) / (total + PRIOR_STRENGTH)


def _logit(rate: float) -> float:
    return math.log(rate / (1.0 - rate))


def context_key(name: str, lemma: str, features: Mapping[str, float]) -> str:
    return f"{name}|{lemma}|{CONTEXTS[name](features)}"


def prior_features(
    lemma: str,
    features: Mapping[str, float],
    lemma_counts: Mapping[str, tuple[int, int]],
    context_counts: Mapping[str, tuple[int, int]],
    base_rate: float,
) -> dict[str, float]:
    """`lemma_log_odds` and, per context, the log-odds of the lemma's rate in that context over its own rate."""
    lemma_rate = _shrunk_rate(lemma_counts.get(lemma, (0, 0)), base_rate)
    values = {LEMMA_FEATURE: _logit(lemma_rate)}
    for name in CONTEXTS:
        rate = _shrunk_rate(context_counts.get(context_key(name, lemma, features), (0, 0)), lemma_rate)
        values[f"{name}_log_odds"] = _logit(rate) - _logit(lemma_rate)
    return values


@cache
def load_cue_model(path: Path = MODEL_FILE) -> CueModel:
    """The shipped model; a missing file is an installation error, not a reason to keep every candidate."""
    if not path.exists():
        raise FileNotFoundError(f"cue model {path} is missing: regenerate it with evaluation/polnear.py --fit")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(
        weights=raw["weights"],
        bias=raw["bias"],
        threshold=raw["threshold"],
        lemma_counts={lemma: (pos, total) for lemma, (pos, total) in raw["lemma_counts"].items()},
        base_rate=raw["base_rate"],
        context_counts={key: (pos, total) for key, (pos, total) in raw["context_counts"].items()},
    )


# --------------------------------------------------------------------------- fitting


@dataclass(frozen=True, slots=True)
class Example:
    """One training candidate: its lemma, features, whether it matched a gold attribution, and its article."""

    lemma: str
    features: Mapping[str, float]
    label: bool
    group: int


def fit_cue_model(examples: Sequence[Example], gold_total: int) -> tuple[CueModel, dict[str, float]]:
    """The model fitted on all examples, with the threshold that maximises out-of-fold F1.

    F1 counts kept positives against `gold_total`, all gold attributions (also those no candidate reaches), as
    the evaluation does. Priors (lemma and context rates) of training rows come from the other folds, so the
    regression learns how far to trust a prior that was not computed from the row itself. Returns the model and a
    CV report.
    """
    labels = np.array([e.label for e in examples], dtype=float)
    folds = np.array([e.group % FOLDS for e in examples])
    base_rate = float(labels.mean())
    priors: list[dict[str, float]] = [{} for _ in examples]
    for fold in range(FOLDS):
        rest = [e for e, f in zip(examples, folds, strict=True) if f != fold]
        lemmas, contexts = _lemma_counts(rest), _context_counts(rest)
        for i in np.flatnonzero(folds == fold):
            e = examples[i]
            priors[i] = prior_features(e.lemma, e.features, lemmas, contexts, base_rate)
    names = sorted({name for e in examples for name in e.features} | set(priors[0]))
    matrix = _matrix(examples, names, priors)
    out_of_fold = np.zeros(len(examples))
    for fold in range(FOLDS):
        train = folds != fold
        weights = _newton(matrix[train], labels[train])
        out_of_fold[~train] = _sigmoid(matrix[~train] @ weights)
    threshold, best_f1, precision, recall = _best_threshold(out_of_fold, labels, gold_total)
    weights = _newton(matrix, labels)
    model = CueModel(
        weights={name: float(w) for name, w in zip(names, weights[1:], strict=True) if w != 0.0},
        bias=float(weights[0]),
        threshold=threshold,
        lemma_counts=_lemma_counts(examples),
        base_rate=base_rate,
        context_counts=_context_counts(examples),
    )
    all_f1 = 2 * labels.sum() / (len(labels) + gold_total)
    report = {"candidates": len(examples), "positives": int(labels.sum()), "gold": gold_total,
              "f1_keep_all": round(float(all_f1), 4), "cv_f1": round(best_f1, 4), "cv_p": round(precision, 4),
              "cv_r": round(recall, 4), "threshold": round(threshold, 4)}  # fmt: skip
    return model, report


def _cue_counts(examples: Sequence[Example], keys: Callable[[Example], Sequence[str]]) -> dict[str, tuple[int, int]]:
    """(cue, candidate) counts of the examples under each of their keys."""
    counts: dict[str, tuple[int, int]] = {}
    for e in examples:
        for key in keys(e):
            positives, total = counts.get(key, (0, 0))
            counts[key] = (positives + e.label, total + 1)
    return counts


def _lemma_counts(examples: Sequence[Example]) -> dict[str, tuple[int, int]]:
    return _cue_counts(examples, lambda e: (e.lemma,))


def _context_counts(examples: Sequence[Example]) -> dict[str, tuple[int, int]]:
    return _cue_counts(examples, lambda e: [context_key(name, e.lemma, e.features) for name in CONTEXTS])


def _matrix(examples: Sequence[Example], names: list[str], priors: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Rows of [1, features...] in `names` order, each row's out-of-fold priors in their columns."""
    column = {name: i + 1 for i, name in enumerate(names)}
    matrix = np.zeros((len(examples), len(names) + 1))
    matrix[:, 0] = 1.0
    for row, (e, prior) in enumerate(zip(examples, priors, strict=True)):
        for name, value in {**e.features, **prior}.items():
            matrix[row, column[name]] = value
    return matrix


def _sigmoid(scores: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))


def _newton(matrix: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method; the bias (column 0) is not penalised."""
    weights = np.zeros(matrix.shape[1])
    penalty = np.full(matrix.shape[1], L2_PENALTY)
    penalty[0] = 0.0
    for _ in range(NEWTON_STEPS):
        p = _sigmoid(matrix @ weights)
        gradient = matrix.T @ (p - labels) + penalty * weights
        hessian = (matrix * (p * (1 - p))[:, None]).T @ matrix + np.diag(penalty) + 1e-9 * np.eye(len(weights))
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-6:
            break
    return weights


def _best_threshold(
    probabilities: np.ndarray, labels: np.ndarray, gold_total: int
) -> tuple[float, float, float, float]:
    """(threshold, F1, precision, recall) keeping candidates at or above the threshold, best F1 over all cuts."""
    order = np.argsort(-probabilities)
    kept = np.arange(1, len(order) + 1)
    hits = np.cumsum(labels[order])
    f1 = 2 * hits / (kept + gold_total)
    best = int(np.argmax(f1))
    precision, recall = hits[best] / kept[best], hits[best] / gold_total
    return float(probabilities[order][best]), float(f1[best]), float(precision), float(recall)
