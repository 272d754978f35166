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
    # each is rounded to the DECIMALS places the model file holds
    assert f.missing == pytest.approx((300 * f.values[0] + 100 * f.values[1]) / 400, abs=10 ** -fit_keep.DECIMALS)
    assert f.contribution(math.nan) == f.missing
    assert model.features["noise"].missing is None  # always measured


def test_steps_give_bin_k_its_k_leading_ones_and_an_unknown_value_the_average(fit_keep) -> None:
    edges = np.array([1.0, 2.0, 3.0])
    out = fit_keep.steps(np.array([0.5, 1.0, 2.5, 9.0, math.nan]), edges)
    assert out[:4].tolist() == [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1]]  # x == edge is in the upper bin
    assert out[4].tolist() == pytest.approx(out[:4].mean(axis=0).tolist())


def test_contributions_are_centred_and_follow_a_steady_trend(fit_keep) -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 3000)
    labels = (rng.uniform(0, 1, 3000) < x).astype(int).tolist()  # the higher x, the likelier article text
    rows = [{"x": float(v)} for v in x]
    model = fit_keep.fit([({}, [], rows, [False] * len(rows), labels)], ["x"])
    f = model.features["x"]
    assert np.mean([f.contribution(v) for v in x]) == pytest.approx(0.0, abs=1e-9)
    assert f.values[0] < 0 < f.values[-1]
    assert all(b > a - 0.05 for a, b in zip(f.values, f.values[1:], strict=False))  # no bin breaks the trend


def test_folds_are_fixed_by_id_and_cover_every_page(fit_keep) -> None:
    ids = [f"{i:012x}" for i in range(0, 4000, 7)]
    folds = [fit_keep.fold_of(i, 5) for i in ids]
    assert folds == [fit_keep.fold_of(i, 5) for i in ids]  # the same cut on every run
    assert set(folds) == set(range(5))
    assert min(folds.count(k) for k in range(5)) > len(ids) / 5 * 0.7  # no fold starved
    other = [fit_keep.fold_of(i, 5, "b") for i in ids]
    assert other != folds and set(other) == set(range(5))  # another cut, as full


def _page(n: int, topic: str) -> dict:
    """A small page: article prose, then teaser headlines; a must-keep and a must-drop snippet."""
    prose = [f"The {topic} council met on day {n + k} and agreed that the new rules would apply to all "
             f"residents from next spring, after a long debate about costs and fairness." for k in range(4)]
    teasers = ["Ten ways to cook beans on a budget", "Why trains run late in winter",
               "Five quiet beaches for the holidays"]
    return {"id": f"{n:04x}{topic}", "text": "\n".join(prose + teasers),
            "with": [prose[1][:60]], "without": [teasers[1]]}


def test_cross_validation_scores_every_page_once_with_a_model_that_never_saw_it(fit_keep, monkeypatch) -> None:
    docs = [_page(n, t) for n, t in enumerate(["river", "harbour", "school", "market", "bridge", "museum"] * 2)]
    seen_by_fit: list[set[str]] = []
    real_fit = fit_keep.fit_readings

    def spying_fit(train, names, readings, data=None, c=fit_keep.C):
        seen_by_fit.append({d["id"] for d in train})
        return real_fit(train, names, readings, data, c)

    monkeypatch.setattr(fit_keep, "fit_readings", spying_fit)
    names = ["log_words", "stop_ratio", "sentence_end", "score", "position"]
    s = fit_keep.cross_validate(docs, names, 3, 1, fit_keep.Settings())
    scored = [doc_id for doc_id, *_ in s.per_doc]
    assert sorted(scored) == sorted(d["id"] for d in docs)  # each page held out once
    assert s.tp + s.fn == len(docs) and s.fp + s.tn == len(docs)
    for fold, train_ids in enumerate(seen_by_fit):
        held_out = {d["id"] for d in docs if fit_keep.fold_of(d["id"], 3) == fold}
        assert held_out and not held_out & train_ids


def test_the_written_model_reads_back_as_the_model_that_was_fitted(fit_keep, tmp_path) -> None:
    # Edges fall on values many blocks share (log_words of a four-word block is log 5): an edge
    # written short of its last digits would move those blocks to another bin.
    from cleaner.keep_model import Feature, KeepModel, load
    words = np.log1p(np.array([1.0, 2, 3, 4, 4, 4, 5, 6, 8, 10] * 20))
    edges = tuple(float(e) for e in np.quantile(words, [0.3, 0.5, 0.7]))
    assert any(e in set(words) for e in edges)  # the premise: an edge on a shared value
    model = fit_keep.rounded(KeepModel(0.123456789, {
        "log_words": Feature(edges, (0.1234567, -0.2, 0.3000001, 1 / 3), missing=2 / 3)}))
    path = tmp_path / "model.toml"
    fit_keep.write(model, path, "a test")
    back = load(path)
    assert back.bias == model.bias and back.features == model.features
    for x in words:
        assert back.contributions({"log_words": float(x)}) == model.contributions({"log_words": float(x)})


def test_the_fit_is_solved_to_convergence_so_row_order_does_not_change_the_model(fit_keep) -> None:
    """The fit is convex: solved to convergence it is one model for the data. Stopped early (as at
    sklearn's default tolerance, where these contributions differ by 0.003) it depends on the
    solver's path, which the order of the rows sets."""
    rng = np.random.default_rng(5)
    names = [f"x{j}" for j in range(40)]
    # correlated columns, as block features are
    X = 0.8 * rng.normal(size=(3000, 1)) + 0.6 * rng.normal(size=(3000, len(names)))
    labels = [int(v) for v in (X[:, 0] + 0.5 * X[:, 1] - X[:, 2] ** 2 + rng.normal(size=len(X)) > 0)]
    rows = [dict(zip(names, map(float, x), strict=True)) for x in X]
    order = rng.permutation(len(rows))
    one = fit_keep.fit([({}, [], rows, [False] * len(rows), labels)], names)
    other = fit_keep.fit([({}, [], [rows[i] for i in order], [False] * len(rows), [labels[i] for i in order])], names)
    for name in names:
        assert one.features[name].edges == other.features[name].edges
        assert np.allclose(one.features[name].values, other.features[name].values, atol=1e-5), name
