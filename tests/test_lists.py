"""Introduced lists (cleaner/lists.py): list items under a kept line that ends with a colon are kept."""

from __future__ import annotations

import cleaner
from cleaner.blocks import Block
from cleaner.lists import RULE, keep_introduced_lists
from cleaner.result import Decision, Reason
from cleaner.settings import Settings

DROPPED, KEPT = "model.drop", "model.keep"
INTRO = "The new rules apply to three groups:"
ITEMS = [("• pupils in their final year", DROPPED), ("• teachers on fixed-term contracts", DROPPED),
         ("• parents who work shifts", DROPPED)]


def decisions(*lines: tuple[str, str]) -> tuple[Decision, ...]:
    return tuple(Decision(Block(i, 0, len(t), t), rule == KEPT, "body" if rule == KEPT else "chrome",
                          (Reason(rule, ""),)) for i, (t, rule) in enumerate(lines))


def test_the_items_under_a_kept_line_with_a_colon_are_kept_with_the_reason_first() -> None:
    ds = decisions((INTRO, KEPT), *ITEMS, ("Ministers Set Out School Reform", DROPPED))
    out = keep_introduced_lists(ds, 2, 30, 3)
    assert [d.kept for d in out] == [True, True, True, True, False]
    assert out[1].reasons[0].rule == RULE and f"{INTRO!r} (blocks 1-3)" in out[1].reasons[0].detail
    assert out[1].reasons[1:] == ds[1].reasons


def test_nothing_changes_without_a_kept_introducing_sentence() -> None:
    for intro in [(INTRO, DROPPED),                            # the line itself was dropped
                  ("The new rules apply to three groups", KEPT),  # no colon
                  ("Tags:", KEPT), ("Follow us:", KEPT)]:      # a label, not a sentence
        ds = decisions(intro, *ITEMS)
        assert keep_introduced_lists(ds, 2, 30, 3) is ds, intro


def test_run_length_boundaries() -> None:
    ds = decisions((INTRO, KEPT), *ITEMS)
    assert all(d.kept for d in keep_introduced_lists(ds, 3, 3, 3))
    assert keep_introduced_lists(ds, 4, 30, 3) is ds  # one item under "Ein Beitrag von:" is a byline
    assert keep_introduced_lists(ds, 2, 2, 3) is ds   # a hundred are a link directory


def test_a_ruled_line_or_a_line_that_is_no_list_item_ends_the_list() -> None:
    ds = decisions((INTRO, KEPT), *ITEMS[:2], ("• Share on Facebook", "en.share"), ITEMS[2])
    out = keep_introduced_lists(ds, 2, 30, 3)
    assert [d.kept for d in out] == [True, True, True, False, False]
    ds = decisions((INTRO, KEPT), *ITEMS[:2], ("Read more", DROPPED), ITEMS[2])
    assert [d.kept for d in keep_introduced_lists(ds, 2, 30, 3)] == [True, True, True, False, False]


PAGE = "\n\n".join([  # the list ends the article, where the keep model drops short lines
    "The city council approved a new timetable for its school buses on Tuesday, after months of complaints "
    "from families about early starts and long waits in the cold.",
    "From January the first bus will leave the depot twenty minutes later, and the council has promised to "
    "add two extra routes on the east side of town, where demand has grown fastest:",
    "• Route 14 to the harbour schools", "• Route 15 to Hill Park", "• Route 16 to the sports college",
    "Most Popular", "• Weather warning for the weekend", "• Five new restaurants to try",
])


def test_clean_keeps_an_introduced_list_and_reading_the_output_again_changes_nothing() -> None:
    once = cleaner.clean(PAGE).text
    assert "Route 15 to Hill Park" in once
    assert "Five new restaurants to try" not in once
    assert cleaner.clean(once).text == once
    assert "Route 15 to Hill Park" not in cleaner.clean(PAGE, Settings(min_introduced_items=0)).text


def test_min_introducer_words_boundary() -> None:
    ds = decisions(("It depends on:", KEPT), *ITEMS)
    assert all(d.kept for d in keep_introduced_lists(ds, 2, 30, 3))
    assert keep_introduced_lists(ds, 2, 30, 4) is ds
