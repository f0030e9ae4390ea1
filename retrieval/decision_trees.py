"""A small gradient-boosted tree ensemble, evaluated in plain Python: the reader's decision
model beside its logistic one (``reader.Weights``).

The trees are learned by ``benchmarks/train_reader.py`` (scikit-learn's
HistGradientBoostingClassifier, a development extra) and shipped as numbers in
``reader_weights.json``: per tree, its nodes as ``[feature, threshold, left, right, value]``
with ``feature`` -1 at a leaf. A row goes left where its feature is at most the threshold.
The score is the baseline plus one leaf value per tree: log-odds, as the logistic model's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LEAF = -1
Node = tuple[int, float, int, int, float]  # feature, threshold, left, right, value


@dataclass(frozen=True)
class TreeEnsemble:
    baseline: float
    trees: tuple[tuple[Node, ...], ...]

    def score(self, row: Sequence[float]) -> float:
        """The log-odds the trees give ``row``."""
        total = self.baseline
        for nodes in self.trees:
            feature, threshold, left, right, value = nodes[0]
            while feature != LEAF:
                feature, threshold, left, right, value = nodes[left if row[feature] <= threshold else right]
            total += value
        return total

    @classmethod
    def from_json(cls, data: dict, width: int | None = None) -> TreeEnsemble:
        """The ensemble ``data`` holds, checked: every branch reads a feature of a ``width``-wide
        row and leads to nodes after it in its tree (as the trainer writes them), so that no
        damaged file can make ``score`` fail or loop."""
        trees = tuple(tuple((int(f), float(t), int(lo), int(hi), float(v)) for f, t, lo, hi, v in tree)
                      for tree in data["trees"])
        for tree in trees:
            if not tree:
                raise ValueError("a decision tree without nodes")
            for at, (feature, _, left, right, _) in enumerate(tree):
                if feature == LEAF:
                    continue
                if feature < 0 or (width is not None and feature >= width):
                    raise ValueError(f"a decision tree reads feature {feature} of {width}")
                if not (at < left < len(tree) and at < right < len(tree)):
                    raise ValueError(f"a decision tree's node {at} leads outside the nodes after it")
        return cls(float(data["baseline"]), trees)

    def to_json(self) -> dict:
        return {"baseline": self.baseline, "trees": [[list(node) for node in tree] for tree in self.trees]}
