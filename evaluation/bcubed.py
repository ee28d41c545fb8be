"""Clustering scores shared by the evaluation scripts: B-cubed P/R/F1, adjusted Rand index, V-measure.

Implemented on numpy alone (scikit-learn is not a dependency). All functions take two mappings
item -> cluster label over the same items; labels are compared for equality only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

import numpy as np


def _pairs(counts: np.ndarray | int) -> np.ndarray:
    """n choose 2, elementwise."""
    counts = np.asarray(counts, dtype=np.float64)
    return counts * (counts - 1) / 2


def _contingency(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> np.ndarray:
    if predicted.keys() != gold.keys():
        raise ValueError("predicted and gold must label the same items")
    items = sorted(gold)
    pred_ids = {label: i for i, label in enumerate(dict.fromkeys(predicted[x] for x in items))}
    gold_ids = {label: i for i, label in enumerate(dict.fromkeys(gold[x] for x in items))}
    table = np.zeros((len(gold_ids), len(pred_ids)), dtype=np.int64)
    for x in items:
        table[gold_ids[gold[x]], pred_ids[predicted[x]]] += 1
    return table


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over items."""
    table = _contingency(predicted, gold).astype(np.float64)
    n = table.sum()
    if n == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    # Each item in cell (g, p) has precision table[g,p]/|p| and recall table[g,p]/|g|.
    precision = float((table**2 / table.sum(axis=0, keepdims=True).clip(min=1)).sum() / n)
    recall = float((table**2 / table.sum(axis=1, keepdims=True).clip(min=1)).sum() / n)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> float:
    """Hubert & Arabie's adjusted Rand index."""
    table = _contingency(predicted, gold)
    n = int(table.sum())
    sum_cells = _pairs(table).sum()
    sum_gold = _pairs(table.sum(axis=1)).sum()
    sum_pred = _pairs(table.sum(axis=0)).sum()
    expected = sum_gold * sum_pred / _pairs(n) if n > 1 else 0.0
    maximum = (sum_gold + sum_pred) / 2
    if maximum == expected:
        return 1.0
    return float((sum_cells - expected) / (maximum - expected))


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def v_measure(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """Homogeneity, completeness and their harmonic mean (Rosenberg & Hirschberg 2007)."""
    table = _contingency(predicted, gold).astype(np.float64)
    n = table.sum()
    h_gold = _entropy(table.sum(axis=1))
    h_pred = _entropy(table.sum(axis=0))
    nz = table > 0
    joint = table[nz] / n
    outer = np.outer(table.sum(axis=1), table.sum(axis=0))[nz] / n**2
    mutual = float((joint * np.log(joint / outer)).sum())
    homogeneity = mutual / h_gold if h_gold else 1.0
    completeness = mutual / h_pred if h_pred else 1.0
    v = 2 * homogeneity * completeness / (homogeneity + completeness) if homogeneity + completeness else 0.0
    return {"homogeneity": homogeneity, "completeness": completeness, "v_measure": v}


def scores(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> dict[str, float]:
    """All the scores at once, plus cluster counts, rounded for reports."""
    out = {f"b3_{k}": v for k, v in bcubed(predicted, gold).items()}
    out["ari"] = adjusted_rand_index(predicted, gold)
    out.update(v_measure(predicted, gold))
    out = {k: round(v, 4) for k, v in out.items()}
    out["clusters"] = len(Counter(predicted.values()))
    out["gold_clusters"] = len(Counter(gold.values()))
    return out
