"""keep_model.py and context.py: binned contributions, the shipped model's file, the verdict's
hysteresis and explanation, and context features that match what the model reads."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import cleaner
from cleaner import Settings
from cleaner.blocks import split_text
from cleaner.context import context_features
from cleaner.decide import GOOD, NEUTRAL, Scored
from cleaner.keep_model import Feature, KeepModel, is_ruled, load, refine
from cleaner.language import stop_words_for
from cleaner.result import Decision, Reason
from cleaner.score import features

EN = stop_words_for("en")


def test_feature_bins_split_at_edges() -> None:
    f = Feature(edges=(1.0, 2.0), values=(-1.0, 0.0, 1.0))
    assert [f.contribution(x) for x in (0.5, 1.0, 1.5, 2.0, 9.0)] == [-1.0, 0.0, 0.0, 1.0, 1.0]


def test_an_unknown_value_gets_the_missing_contribution() -> None:
    model = KeepModel(bias=0.0, features={"capitals": Feature(edges=(0.5,), values=(1.0, -1.0), missing=0.25)})
    assert model.contributions({"capitals": math.nan}) == [0.25]
    assert model.contributions({"capitals": 0.0}) == [1.0]


def test_only_a_feature_a_block_may_not_measure_has_a_missing_contribution(tmp_path: Path) -> None:
    old = tmp_path / "model.toml"
    old.write_text('bias = 0.0\n[features.x]\nedges = [1.0]\nvalues = [0.5, -0.5]\n', "utf-8")
    assert load(old).features["x"].missing is None  # a model written before unknown values
    shipped = {name: f.missing for name, f in load().features.items() if f.missing is not None}
    assert shipped.keys() == {"capitals"} and math.isfinite(shipped["capitals"])


def test_probability_is_the_logistic_of_bias_plus_contributions() -> None:
    model = KeepModel(bias=0.5, features={})
    assert model.probability([1.0, -0.5]) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.probability([1e6]) == pytest.approx(1.0)  # clamped, no overflow


def test_shipped_model_loads_and_every_feature_is_computed() -> None:
    model = load()
    assert model.features, "the shipped model has no features"
    scored = _scored([GOOD, NEUTRAL, GOOD], ["A headline here", "Some words of prose in a line.", "More."])
    decisions = [_decision(s, True, "score.main-body") for s in scored]
    rows = context_features(scored, decisions, [False] * len(scored))
    assert len(rows) == len(scored)
    for row in rows:
        missing = model.features.keys() - row.keys()
        assert not missing, f"the model reads features context.py does not compute: {sorted(missing)}"


def test_a_model_file_with_wrong_bin_counts_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.toml"
    bad.write_text('bias = 0.0\n[features.x]\nedges = [1.0]\nvalues = [0.5]\n', "utf-8")
    with pytest.raises(ValueError, match="one more value than edges"):
        load(bad)


def _scored(classes: list[str], texts: list[str]) -> list[Scored]:
    blocks = split_text("\n".join(texts))
    return [Scored(b, features(b, EN), 1.0 if c == GOOD else -1.0, {}, c) for b, c in zip(blocks, classes, strict=True)]


def _decision(s: Scored, kept: bool, rule: str) -> Decision:
    return Decision(s.block, kept, "body" if kept else "chrome", (Reason(rule, "first pass"),), s.score)


def _one_feature_model(log_odds: float) -> KeepModel:
    """A model whose verdict is log_odds for every block (feature x is always 0)."""
    return KeepModel(bias=0.0, features={"x": Feature((), (log_odds,))})


def _p(log_odds: float) -> float:
    return 1 / (1 + math.exp(-log_odds))


@pytest.mark.parametrize("first_kept", [True, False])
def test_between_the_thresholds_the_first_pass_stands(first_kept: bool) -> None:
    scored = _scored([GOOD], ["A sentence of some length."])
    first = [_decision(scored[0], first_kept, "score.main-body")]
    model = _one_feature_model(0.0)  # p = 0.5
    out = refine(first, [{"x": 0.0}], [False], keep_at=0.6, drop_below=0.4, model=model)
    assert out[0].kept is first_kept
    assert out[0].reasons[0].rule == ("model.keep" if first_kept else "model.drop")


def test_the_model_overturns_only_past_its_thresholds() -> None:
    scored = _scored([GOOD, GOOD], ["One line of text.", "Another line of text."])
    first = [_decision(scored[0], True, "score.main-body"), _decision(scored[1], False, "score.outside-body")]
    rows = [{"x": 0.0}, {"x": 0.0}]
    dropped = refine(first[:1], rows[:1], [False], 0.5, _p(-1.0) + 0.01, _one_feature_model(-1.0))
    kept = refine(first[1:], rows[1:], [False], _p(2.0) - 0.01, 0.1, _one_feature_model(2.0))
    assert not dropped[0].kept and dropped[0].label == "chrome"
    assert kept[0].kept and kept[0].label == "body"


def test_ruled_blocks_are_left_alone_and_verdicts_explain_themselves() -> None:
    scored = _scored([NEUTRAL, GOOD], ["Leave a Reply", "A sentence of prose here."])
    first = [_decision(scored[0], False, "en.comment-header"), _decision(scored[1], True, "score.main-body")]
    ruled = is_ruled(first)
    assert ruled == [True, False]
    out = refine(first, [{"x": 0.0}, {"x": 0.0}], ruled, 0.5, 0.35, _one_feature_model(3.0))
    assert out[0] is first[0]
    reason = out[1].reasons[0]
    assert reason.rule == "model.keep"
    assert reason.detail.startswith("p=0.95") and "first pass score.main-body" in reason.detail
    assert "x=0:+3.00" in reason.detail
    assert out[1].reasons[1:] == first[1].reasons, "the first pass's reasons are kept behind the verdict"


def test_context_sees_neighbours_and_body_position() -> None:
    scored = _scored([NEUTRAL, GOOD, GOOD, NEUTRAL],
                     ["Menu", "The first paragraph of the story.", "The second paragraph.", "Share"])
    rules = ["score.outside-body", "score.main-body", "score.main-body", "score.outside-body"]
    decisions = [_decision(s, r == "score.main-body", r) for s, r in zip(scored, rules, strict=True)]
    rows = context_features(scored, decisions, [False] * 4)
    assert [r["in_body"] for r in rows] == [0.0, 1.0, 1.0, 0.0]
    assert rows[0]["before_body"] == 1.0 and rows[3]["after_body"] == 1.0
    assert rows[0]["prev1_kept"] == 0.0 and rows[0]["next1_kept"] == 1.0
    assert rows[1]["prev1_log_words"] == pytest.approx(math.log1p(1))
    assert rows[0]["prose_before"] == 0.0 and rows[3]["prose_after"] == pytest.approx(0.0)


def test_the_model_setting_switches_the_second_pass() -> None:
    text = "Home | News | Sport\n" + "\n".join(
        f"Paragraph {i} tells the reader what happened in the town and why it matters to them." for i in range(5))
    with_model = cleaner.clean(text)
    without = cleaner.clean(text, Settings(keep_model=False))
    assert any(d.reasons[0].rule.startswith("model.") for d in with_model.decisions)
    assert not any(d.reasons[0].rule.startswith("model.") for d in without.decisions)



def test_a_keep_left_unexplained_in_a_reading_again_explains_only_drops() -> None:
    scored = _scored([GOOD, GOOD], ["One line of text.", "Another line of text."])
    first = [_decision(scored[0], True, "score.main-body"), _decision(scored[1], True, "score.main-body")]
    model = _one_feature_model(0.0)  # p = 0.5: kept at drop_below 0.4, dropped at 0.6
    kept = refine(first, [{"x": 0.0}] * 2, [False, False], 0.5, 0.4, model, explain_kept=False)
    dropped = refine(first, [{"x": 0.0}] * 2, [False, False], 0.5, 0.6, model, explain_kept=False)
    assert [d.reasons[0] for d in kept] == [Reason("model.keep")] * 2
    assert all(d.reasons[0].detail.startswith("p=0.50") for d in dropped)


@pytest.mark.parametrize("seed", sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")), ids=lambda p: p.stem)
def test_every_verdict_of_the_model_in_a_result_explains_itself(seed: Path) -> None:
    # the readings of kept text leave their keeps unexplained: none of those may reach the result
    result = cleaner.clean(seed.read_text("utf-8"))
    verdicts = [d.reasons[0] for d in result.decisions if d.reasons[0].rule.startswith("model.")]
    assert verdicts and all(r.detail.startswith("p=") for r in verdicts)
