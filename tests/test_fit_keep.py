"""The keep model's fitting script (bench/fit_keep.py): its bins and its fit."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("sklearn")

BENCH = Path(__file__).parent.parent / "bench"


@pytest.fixture(scope="module")
def fit_keep():
    sys.path.insert(0, str(BENCH))  # fit_keep imports its sibling devset
    try:
        spec = importlib.util.spec_from_file_location("bench_fit_keep", BENCH / "fit_keep.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def test_a_flag_gets_one_edge_between_its_two_values(fit_keep) -> None:
    flags = np.array([0.0] * 95 + [1.0] * 5)  # quantile edges would all fall on 0 and merge the two values
    assert list(fit_keep.bin_edges(flags)) == [0.5]


def test_a_few_values_get_midpoints(fit_keep) -> None:
    assert list(fit_keep.bin_edges(np.array([0.0, 2.0, 2.0, 4.0, 0.0]))) == [1.0, 3.0]


def test_a_continuous_feature_gets_quantile_edges_inside_its_range(fit_keep) -> None:
    column = np.random.default_rng(0).normal(size=1000)
    edges = fit_keep.bin_edges(column)
    assert len(edges) == fit_keep.BINS - 1
    assert all(column.min() < e < column.max() for e in edges)
    assert list(edges) == sorted(set(edges))


def test_a_flag_that_decides_the_label_gets_contributions_of_opposite_sign(fit_keep) -> None:
    rng = np.random.default_rng(1)
    rows = [{"flag": float(f), "noise": float(rng.normal())} for f in [0] * 380 + [1] * 20]  # a rare flag
    labels = [int(r["flag"]) for r in rows]
    data = [({}, [], rows, [False] * len(rows), labels)]
    model = fit_keep.fit(data, ["flag", "noise"])
    off, on = (model.features["flag"].contribution(x) for x in (0.0, 1.0))
    assert off < 0 < on


def test_an_unknown_value_gets_the_average_contribution_and_sets_no_bin(fit_keep) -> None:
    rng = np.random.default_rng(2)
    flags = [0] * 300 + [1] * 100
    rows = [{"flag": float(f), "noise": float(rng.normal())} for f in flags]
    rows += [{"flag": math.nan, "noise": float(rng.normal())} for _ in range(50)]  # a writing without case
    labels = flags + [1] * 50
    model = fit_keep.fit([({}, [], rows, [False] * len(rows), labels)], ["flag", "noise"])
    f = model.features["flag"]
    assert list(f.edges) == [0.5]  # the unknown values made no bin
    assert f.missing == pytest.approx((300 * f.values[0] + 100 * f.values[1]) / 400)
    assert f.contribution(math.nan) == f.missing
    assert model.features["noise"].missing is None  # always measured
