"""The decision's tree ensemble: scored in plain Python as scikit-learn scored it."""

from __future__ import annotations

import pytest

from retrieval.decision_trees import LEAF, TreeEnsemble
from retrieval.reader import load_weights
from retrieval.reader_decision import DECISION_FEATURES

# One stump on feature 0 (at most 0.5 goes left), one tree of depth 2 on features 1 and 0.
ENSEMBLE = {"baseline": -0.25, "trees": [
    [[0, 0.5, 1, 2, 0.0], [LEAF, 0.0, 0, 0, -1.0], [LEAF, 0.0, 0, 0, 2.0]],
    [[1, 3.0, 1, 4, 0.0], [0, 0.1, 2, 3, 0.0], [LEAF, 0.0, 0, 0, 0.5], [LEAF, 0.0, 0, 0, 0.25],
     [LEAF, 0.0, 0, 0, -0.75]],
]}


@pytest.mark.parametrize(("row", "expected"), [
    ([0.0, 0.0], -0.25 - 1.0 + 0.5),
    ([0.5, 3.0], -0.25 - 1.0 + 0.25),  # a value equal to the threshold goes left
    ([0.7, 3.5], -0.25 + 2.0 - 0.75),
])
def test_each_tree_adds_the_leaf_the_row_reaches(row: list[float], expected: float) -> None:
    assert TreeEnsemble.from_json(ENSEMBLE).score(row) == pytest.approx(expected)


def test_the_ensemble_is_its_own_json() -> None:
    ensemble = TreeEnsemble.from_json(ENSEMBLE)
    assert TreeEnsemble.from_json(ensemble.to_json()) == ensemble


def test_a_tree_without_nodes_is_refused() -> None:
    with pytest.raises(ValueError, match="without nodes"):
        TreeEnsemble.from_json({"baseline": 0.0, "trees": [[]]})


@pytest.mark.parametrize(("tree", "message"), [
    ([[0, 0.5, 0, 2, 0.0], [LEAF, 0.0, 0, 0, 1.0], [LEAF, 0.0, 0, 0, 2.0]], "leads outside"),  # a loop
    ([[0, 0.5, 1, 7, 0.0], [LEAF, 0.0, 0, 0, 1.0], [LEAF, 0.0, 0, 0, 2.0]], "leads outside"),
    ([[5, 0.5, 1, 2, 0.0], [LEAF, 0.0, 0, 0, 1.0], [LEAF, 0.0, 0, 0, 2.0]], "reads feature 5 of 2"),
    ([[-3, 0.5, 1, 2, 0.0], [LEAF, 0.0, 0, 0, 1.0], [LEAF, 0.0, 0, 0, 2.0]], "reads feature -3"),
])
def test_a_damaged_tree_is_refused_when_read(tree: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TreeEnsemble.from_json({"baseline": 0.0, "trees": [tree]}, width=2)


def test_the_shipped_trees_read_the_decision_features() -> None:
    weights = load_weights()
    assert weights.trees is not None and 0 < weights.blend < 1
    used = {node[0] for tree in weights.trees.trees for node in tree if node[0] != LEAF}
    assert used and max(used) < len(DECISION_FEATURES)
    neutral = [0.0] * len(DECISION_FEATURES)
    linear = weights.decision_bias
    assert weights.decision_logit(neutral) == pytest.approx(
        weights.blend * linear + (1 - weights.blend) * weights.trees.score(neutral))
