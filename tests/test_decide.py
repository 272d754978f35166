"""decide.py: the main body (Kadane), its context pass, cut sections, and their thresholds.

Unit tests build scored blocks by hand (class and score chosen, words from real text), so they do
not depend on the scorer's weights; the pipeline tests check that clean() honours the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import Settings
from cleaner.blocks import split_text
from cleaner.decide import BAD, GOOD, NEUTRAL, Scored, body_weight, decide, find_body, find_cut, main_body
from cleaner.language import stop_words_for
from cleaner.rules import Match, Rule, shipped_rules
from cleaner.score import features

S = Settings()
EN = stop_words_for("en")
CLASS_SCORE = {GOOD: 5.0, NEUTRAL: -1.0, BAD: -10.0}
CUT_RULE: Rule = next(r for r in shipped_rules() if r.action == "cut")


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n) + "."


def make(rows: Sequence[tuple[str, str]]) -> list[Scored]:
    """Scored blocks from (class, text) rows, one block per row."""
    blocks = split_text("\n".join(text for _, text in rows))
    assert len(blocks) == len(rows)
    return [Scored(b, features(b, EN), CLASS_SCORE[cls], {}, cls)
            for b, (cls, _) in zip(blocks, rows, strict=True)]


def kept(decisions: Sequence[cleaner.Decision]) -> list[bool]:
    return [d.kept for d in decisions]


def run(scored: list[Scored], body: tuple[int, int], settings: Settings = S,
        cuts: Sequence[int] = ()) -> list[cleaner.Decision]:
    matches = [Match(CUT_RULE, i, scored[i].block.text) for i in cuts]
    cut = find_cut(scored, matches, {}, body[0], settings)
    decisions = decide(scored, {}, matches, cut, {}, body, settings)
    assert [d.block for d in decisions] == [s.block for s in scored]
    return decisions


# --- main_body: Kadane ----------------------------------------------------------------------------

@pytest.mark.parametrize(("weights", "span"), [
    ([], None),
    ([-1.0, -2.0], None),
    ([0.0, 0.0], None),
    ([3.0], (0, 0)),
    ([-1.0, 3.0, -1.0], (1, 1)),
    ([2.0, -1.0, 2.0], (0, 2)),
    ([5.0, -9.0, 1.0, 1.0], (0, 0)),
    ([1.0, -9.0, 2.0, 2.0, -1.0], (2, 3)),
    ([-5.0, 1.0, 1.0, -0.5, 1.0, -5.0], (1, 4)),
])
def test_main_body_examples(weights: list[float], span: tuple[int, int] | None) -> None:
    assert main_body(weights) == span


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-20, 20), max_size=25))
def test_main_body_is_a_maximum_sum_segment(weights: list[int]) -> None:
    span = main_body([float(w) for w in weights])
    best = max((sum(weights[i:j + 1]) for i in range(len(weights))
                for j in range(i, len(weights))), default=0)
    if best <= 0:
        assert span is None
    else:
        assert span is not None
        start, end = span
        assert 0 <= start <= end < len(weights)
        assert sum(weights[start:end + 1]) == best


def test_find_body_is_empty_without_prose() -> None:
    scored = make([(NEUTRAL, "Home"), (BAD, "Menu"), (NEUTRAL, "About")])
    start, end = find_body(scored, set(), S)
    assert start > end
    assert not any(kept(run(scored, (start, end))))


def test_ruled_blocks_neither_pull_nor_break_the_body() -> None:
    scored = make([(GOOD, words(20)), (BAD, "Share"), (BAD, "Tweet"), (GOOD, words(20))])
    costly = S.with_(bad_block_cost=1000.0)
    assert find_body(scored, set(), costly) in {(0, 0), (3, 3)}
    assert find_body(scored, {1, 2}, costly) == (0, 3)
    assert find_body(make([(BAD, "Share"), (GOOD, words(20))]), {1}, S)[0] > 1  # nothing left


# --- neutral_block_cost / bad_block_cost ---------------------------------------------------------

@pytest.mark.parametrize(("cls", "field"), [(NEUTRAL, "neutral_block_cost"), (BAD, "bad_block_cost")])
def test_block_cost_boundary(cls: str, field: str) -> None:
    """Two equal paragraphs around one other block join exactly when it costs less than one."""
    scored = make([(GOOD, words(12)), (cls, "Sub heading"), (GOOD, words(12))])
    w = body_weight(scored[0], S)
    assert w > 0
    assert find_body(scored, set(), S.with_(**{field: w * 0.99})) == (0, 2)
    assert find_body(scored, set(), S.with_(**{field: w * 1.01})) in {(0, 0), (2, 2)}


def test_body_weight_grows_with_words() -> None:
    short, long = make([(GOOD, words(10)), (GOOD, words(60))])
    assert body_weight(long, S) > body_weight(short, S) > 0
    assert body_weight(make([(NEUTRAL, "x")])[0], S) == -S.neutral_block_cost
    assert body_weight(make([(BAD, "x")])[0], S) == -S.bad_block_cost


# --- inside the body ----------------------------------------------------------------------------------

def test_inside_the_body_neutral_stays_and_bad_goes() -> None:
    scored = make([(GOOD, words(20)), (NEUTRAL, "A sub heading"), (BAD, "Home News Sport"),
                   (GOOD, words(20))])
    decisions = run(scored, (0, 3))
    assert kept(decisions) == [True, True, False, True]
    assert decisions[2].reasons and decisions[2].label != "body"


# --- body_bridge_blocks -------------------------------------------------------------------------

def bridge_case(gap: int, before: bool) -> tuple[list[Scored], tuple[int, int], int]:
    lead = [(GOOD, words(S.strong_prose_words - 10))]
    gap_rows = [(NEUTRAL, f"Short line {i}") for i in range(gap)]
    body = [(GOOD, words(50)), (GOOD, words(50))]
    rows = lead + gap_rows + body if before else body + gap_rows + lead
    start = gap + 1 if before else 0
    end = start + len(body) - 1
    return make(rows), (start, end), 0 if before else len(rows) - 1


@pytest.mark.parametrize("before", [True, False], ids=["lead-before-body", "tail-after-body"])
def test_body_bridge_blocks_boundary(before: bool) -> None:
    gap = 3
    scored, body, i = bridge_case(gap, before)
    at = run(scored, body, S.with_(body_bridge_blocks=gap))[i]
    assert at.kept and at.reasons[0].rule == "score.good-near-body"
    beyond = run(scored, body, S.with_(body_bridge_blocks=gap - 1))[i]
    assert not beyond.kept


def test_default_body_bridge_blocks_boundary() -> None:
    n = S.body_bridge_blocks
    scored, body, i = bridge_case(n, True)
    assert run(scored, body)[i].kept
    scored, body, i = bridge_case(n + 1, True)
    assert not run(scored, body)[i].kept


def test_a_bad_block_breaks_the_bridge() -> None:
    scored = make([(GOOD, words(20)), (BAD, "Home News Sport"), (GOOD, words(50)),
                   (GOOD, words(50))])
    assert not run(scored, (2, 3))[0].kept


def test_a_neutral_lead_is_not_bridged() -> None:
    scored = make([(NEUTRAL, "Short lead"), (NEUTRAL, "gap"), (GOOD, words(50))])
    assert kept(run(scored, (2, 2))) == [False, False, True]


# --- strong_prose_words ------------------------------------------------------------------------------

def test_strong_prose_words_boundary() -> None:
    """A long good block far from the body (past a bad one) is kept on its length alone."""
    n = S.strong_prose_words
    scored = make([(GOOD, words(n)), (BAD, "Home News Sport"), (GOOD, words(80))])
    assert scored[0].features.words == n
    at = run(scored, (2, 2))[0]
    assert at.kept and at.reasons[0].rule == "score.strong-prose"
    assert not run(scored, (2, 2), S.with_(strong_prose_words=n + 1))[0].kept


# --- cut sections and min_words_before_cut ------------------------------------------------------------

def cut_case() -> tuple[list[Scored], int]:
    rows = [(GOOD, words(12)), (BAD, words(50, "menu")), (GOOD, words(15)),
            (NEUTRAL, "Leave a Reply"), (GOOD, words(25, "comment")), (NEUTRAL, "Reply")]
    scored = make(rows)
    prose_words = scored[0].features.words + scored[2].features.words  # bad blocks do not count
    return scored, prose_words


def test_min_words_before_cut_boundary() -> None:
    scored, prose = cut_case()
    body = (0, len(scored) - 1)

    cut = run(scored, body, S.with_(min_words_before_cut=prose), cuts=[3])
    assert kept(cut) == [True, False, True, False, False, False]
    assert all(d.reasons[0].rule == CUT_RULE.id for d in cut[3:])
    assert all(d.label == CUT_RULE.label for d in cut[3:])

    alone = run(scored, body, S.with_(min_words_before_cut=prose + 1), cuts=[3])
    assert kept(alone) == [True, False, True, False, True, True]
    assert alone[3].reasons[0].rule == CUT_RULE.id
    assert all(r.rule != CUT_RULE.id for d in alone[4:] for r in d.reasons)


def test_cut_header_before_the_body_is_dropped_alone() -> None:
    scored = make([(NEUTRAL, "Comments 3"), (GOOD, words(40)), (GOOD, words(40)),
                   (GOOD, words(40))])
    decisions = run(scored, (1, 3), cuts=[0])
    assert kept(decisions) == [False, True, True, True]
    assert decisions[0].reasons[0].rule == CUT_RULE.id


def test_the_first_qualifying_cut_wins() -> None:
    scored = make([(GOOD, words(40)), (NEUTRAL, "Comments"), (GOOD, words(40)),
                   (NEUTRAL, "Leave a Reply"), (GOOD, words(40))])
    decisions = run(scored, (0, 4), cuts=[1, 3])
    assert kept(decisions) == [True, False, False, False, False]
    assert "block 1" in decisions[4].reasons[0].detail


RELATED_RULE: Rule = next(r for r in shipped_rules() if r.action == "cut" and r.label == "related")


def resume_case(after_blocks: int = 8) -> tuple[list[Scored], float, float]:
    """A paragraph, a related-links header, three links, then `after_blocks` paragraphs; the body
    weight of the prose before and after the header."""
    rows = [(GOOD, words(40)), (NEUTRAL, "Related articles"), *[(NEUTRAL, f"Link {i}") for i in range(3)],
            *[(GOOD, words(60)) for _ in range(after_blocks)]]
    scored = make(rows)
    before = body_weight(scored[0], S)
    after = sum(body_weight(s, S) for s in scored[5:])
    return scored, before, after


def run_related(scored: list[Scored], settings: Settings = S, rule: Rule = RELATED_RULE,
                drops: dict[int, Match] | None = None) -> list[cleaner.Decision]:
    """`scored` with `rule` (a cut) matching block 1 and `drops` matching theirs."""
    matches, drops = [Match(rule, 1, scored[1].block.text)], drops or {}
    body = (0, len(scored) - 1)
    return decide(scored, drops, matches, find_cut(scored, matches, drops, 0, settings), {}, body, settings)


def test_a_related_header_with_the_article_going_on_below_is_dropped_alone() -> None:
    scored, before, after = resume_case()
    assert after >= S.resumed_prose_weight and after >= S.resumed_prose_ratio * before
    decisions = run_related(scored)
    assert not decisions[1].kept and decisions[1].reasons[0].rule == RELATED_RULE.id
    assert all(d.kept for d in decisions[5:])
    assert all(r.rule != RELATED_RULE.id for d in decisions[2:] for r in d.reasons)


@pytest.mark.parametrize("field", ["resumed_prose_weight", "resumed_prose_ratio"])
def test_resumed_prose_boundaries(field: str) -> None:
    scored, before, after = resume_case()
    at = after if field == "resumed_prose_weight" else after / before
    assert all(d.kept for d in run_related(scored, S.with_(**{field: at}))[5:])
    cut = run_related(scored, S.with_(**{field: at * 1.01}))
    assert not any(d.kept for d in cut[1:])
    assert all(d.reasons[0].rule == RELATED_RULE.id for d in cut[1:])


def test_little_prose_after_a_related_header_is_cut() -> None:
    scored, _, after = resume_case(after_blocks=2)
    assert after < S.resumed_prose_weight
    assert not any(d.kept for d in run_related(scored)[1:])


def test_prose_after_a_comments_header_is_cut_however_long() -> None:
    comments = next(r for r in shipped_rules() if r.action == "cut" and r.label == "comments")
    scored, _, _ = resume_case(after_blocks=20)
    assert not any(d.kept for d in run_related(scored, rule=comments)[1:])


COMMENTS_RULE: Rule = next(r for r in shipped_rules() if r.action == "cut" and r.label == "comments")
THREAD_RULE: Rule = next(r for r in shipped_rules() if r.action == "drop" and r.label == "comments")


def run_counter(rows: list[tuple[str, str]], thread: Sequence[int] = (),
                settings: Settings = S) -> list[cleaner.Decision]:
    """`rows` with a comments header at block 1 and comment-thread lines (a drop rule labelled
    comments) at the `thread` blocks."""
    scored = make(rows)
    drops = {i: Match(THREAD_RULE, i, scored[i].block.text) for i in thread}
    return run_related(scored, settings, COMMENTS_RULE, drops)


def test_a_comment_counter_between_the_lead_and_the_article_is_dropped_alone() -> None:
    decisions = run_counter([(GOOD, words(40)), (NEUTRAL, "Comments 2"), *[(GOOD, words(60))] * 3])
    assert not decisions[1].kept and decisions[1].reasons[0].rule == COMMENTS_RULE.id
    assert all(d.kept for d in decisions[2:])


def test_a_comments_header_without_a_count_still_cuts_the_article_below() -> None:
    decisions = run_counter([(GOOD, words(40)), (NEUTRAL, "Leave a Reply"), *[(GOOD, words(60))] * 3])
    assert not any(d.kept for d in decisions[1:])


def test_a_counter_with_less_prose_below_than_the_ratio_asks_is_cut() -> None:
    rows = [(GOOD, words(60)), (NEUTRAL, "12 Comments"), (GOOD, words(40)), (GOOD, words(40))]
    scored = make(rows)
    assert body_weight(scored[2], S) + body_weight(scored[3], S) < S.resumed_prose_ratio * body_weight(scored[0], S)
    assert not any(d.kept for d in run_counter(rows)[1:])


@pytest.mark.parametrize("gap", [S.comment_thread_window, S.comment_thread_window + 1])
def test_a_comment_thread_under_a_counter_makes_it_cut(gap: int) -> None:
    rows = [(GOOD, words(40)), (NEUTRAL, "Comments (12)"), *[(GOOD, words(60))] * (gap + 2)]
    rows[1 + gap] = (NEUTRAL, "Reply")
    decisions = run_counter(rows, thread=[1 + gap])
    if gap <= S.comment_thread_window:
        assert not any(d.kept for d in decisions[1:])
    else:
        assert all(d.kept for i, d in enumerate(decisions[2:], 2) if i != 1 + gap)


# --- the pipeline honours the same rules --------------------------------------------------------------

PROSE = [
    "The city council voted on Tuesday to build twelve kilometres of protected bike lanes across "
    "the centre, after a debate that lasted more than four hours and drew a large crowd.",
    "Supporters said the lanes would make cycling safer for children and older people, while shop "
    "owners warned that the loss of parking spaces could hurt their business during the works.",
    "The first section is expected to open next spring, and the whole network should be finished "
    "within three years, according to the transport department.",
]
COMMENTS = [
    "I think this is a very good idea and I hope that they will build even more of these lanes "
    "in the north of the city, where there are none at all.",
    "My children cycle to school every day and I am always worried about the traffic, so this is "
    "the best news that I have heard from the council in a long time.",
]
HEADER = "Leave a Reply"


def by_text(result: cleaner.Result) -> dict[str, cleaner.Decision]:
    return {d.block.text: d for d in result.decisions}


def test_clean_cuts_comments_after_the_article() -> None:
    text = "\n\n".join(["Comments 3", *PROSE, HEADER, *COMMENTS])
    result = cleaner.clean(text)
    decided = by_text(result)
    assert all(decided[p].kept for p in PROSE)
    header_rule = decided[HEADER].reasons[0].rule
    assert not decided[HEADER].kept
    for c in COMMENTS:
        assert not decided[c].kept and decided[c].reasons[0].rule == header_rule
        assert c not in result.text
    # The counter up top opens no section: the article after it survives.
    assert not decided["Comments 3"].kept


@pytest.mark.parametrize("byline", ["Posted by admin on March 3, 2020",
                                    "Posted by Anna Meyer-Lindqvist on Tuesday, March 8, 2022"])
def test_a_post_byline_under_the_lead_cuts_nothing(byline: str) -> None:
    # 'Posted by Name on <date>' is the post's byline, not a comment's header: the article goes on
    # (two paragraphs above it are prose enough for a comment header to cut the rest)
    decided = by_text(cleaner.clean("\n\n".join([*PROSE[:2], byline, PROSE[2]])))
    assert not decided[byline].kept
    assert all(decided[p].kept for p in PROSE)


def test_clean_comments_read_as_body_without_their_header() -> None:
    """Control for the test above: the comments are kept only because nothing cuts them."""
    decided = by_text(cleaner.clean("\n\n".join([*PROSE, *COMMENTS])))
    assert any(decided[c].kept for c in COMMENTS)


def test_clean_keeps_the_article_under_a_comment_counter_after_its_lead() -> None:
    lead = PROSE[0] + " " + PROSE[1]
    text = "\n\n".join(["Bike lanes approved after a long debate", "By Jane Doe", lead, "Comments 2",
                         *PROSE, *(p.replace("council", "mayor") for p in PROSE)])
    decisions = by_text(cleaner.clean(text))
    assert not decisions["Comments 2"].kept
    assert all(decisions[p].kept for p in PROSE)
    off = cleaner.clean(text, Settings(comment_thread_window=0))  # every comments header cuts
    assert not any(d.kept for d in off.decisions if d.block.text in PROSE)


def test_clean_min_words_before_cut_boundary() -> None:
    # The body starts at the first paragraph: with no words before it, every block counts.
    prose = sum(features(b, EN).words for b in split_text("\n".join(PROSE)))
    text = "\n\n".join([*PROSE, HEADER, *COMMENTS])
    at = by_text(cleaner.clean(text, S.with_(language="en", min_words_before_cut=prose)))
    assert not any(at[c].kept for c in COMMENTS)
    beyond = by_text(cleaner.clean(text, S.with_(language="en", min_words_before_cut=prose + 1)))
    assert not beyond[HEADER].kept
    assert any(beyond[c].kept for c in COMMENTS)


def test_clean_body_bridge_blocks_boundary() -> None:
    """A short lead split from the body by two lines: bridged when body_bridge_blocks allows it.
    Neutral blocks are made too expensive for the body to reach the lead by itself."""
    lead = "The council met on Tuesday evening to vote on the plan."
    gap = ["Pictures of the new lanes", "Our reporter in the city"]
    text = "\n\n".join([lead, *gap, *PROSE])
    base = S.with_(language="en", neutral_block_cost=1000.0, bad_score=-1000.0,
                   strong_prose_words=1000, keep_model=False)
    assert by_text(cleaner.clean(text, base.with_(body_bridge_blocks=2)))[lead].kept
    assert not by_text(cleaner.clean(text, base.with_(body_bridge_blocks=1)))[lead].kept


def test_clean_every_decision_names_its_reason() -> None:
    result = cleaner.clean("\n\n".join(["Home", "World", *PROSE, "By Jane Doe", HEADER, *COMMENTS]))
    for d in result.decisions:
        assert d.reasons and all(r.rule for r in d.reasons)
        assert math.isfinite(d.score)


MORE_PROSE = [
    f"In the {part} part of the plan, the council said that the lanes would be separated from the "
    "traffic by a low kerb, and that the crossings at the busiest junctions would get their own "
    "signals for cyclists, which should make the whole route safer for everyone who uses it."
    for part in ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
]


def test_clean_keeps_the_article_below_a_related_box_inside_it() -> None:
    links = ["Council approves new budget", "Bridge closed for repairs", "Mayor visits school"]
    # a German header: the shipped English "Related articles" rule drops the line and never cuts
    text = "\n\n".join([PROSE[0], "Auch interessant", *links, *MORE_PROSE])
    found = by_text(cleaner.clean(text))
    assert not found["Auch interessant"].kept
    assert found["Auch interessant"].reasons[0].rule == "de.related-header"
    assert all(found[p].kept for p in MORE_PROSE)
    cut = by_text(cleaner.clean(text, Settings(resumed_prose_weight=math.inf)))
    assert not any(cut[p].kept for p in MORE_PROSE)

