"""Related-links boxes (cleaner/related.py): the headline-shaped links under a short related-links
header are dropped, whatever the keep model made of them."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.blocks import Block
from cleaner.related import RULE, drop_related_links
from cleaner.result import Decision, Reason
from cleaner.settings import Settings

KEPT, DROPPED, HEADER = "model.keep", "model.drop", "en.read-more"
PROSE = ("The jury praised the film for its sound, its editing and the performance of its lead "
         "actor, who had been tipped for the prize since the autumn festivals.")


def decisions(*lines: tuple[str, str]) -> tuple[Decision, ...]:
    """(text, reason) rows: a rule's reason drops the line as related links, a verdict keeps or
    drops it as its name says."""
    out = []
    for i, (text, rule) in enumerate(lines):
        kept = rule in (KEPT, "extractor.main-content")
        label = "body" if kept else "related" if rule == HEADER else "chrome"
        out.append(Decision(Block(i, 0, len(text), text), kept, label, (Reason(rule, ""),)))
    return tuple(out)


def kept(ds: tuple[Decision, ...] | list[Decision]) -> list[bool]:
    return [d.kept for d in ds]


def test_links_under_a_short_header_are_dropped_up_to_the_next_prose() -> None:
    ds = decisions((PROSE, KEPT), ("Related Coverage", HEADER),
                   ("Factbox: Key winners at the 2021 National Book Awards", KEPT),
                   ("• How one Calgary company turns CO2 into soap", KEPT),
                   (PROSE, KEPT), ("A sub-heading of the article", KEPT))
    out = drop_related_links(ds, 8, 4)
    assert kept(out) == [True, False, False, False, True, True]
    assert out[2].label == "related"
    assert out[2].reasons[0].rule == RULE and "'Related Coverage' (block 1)" in out[2].reasons[0].detail
    assert out[2].reasons[1:] == ds[2].reasons  # the verdict it overturned stays in the explanation


def test_a_long_header_is_an_inline_link_and_drops_nothing_else() -> None:
    ds = decisions((PROSE, KEPT), ("Read more: Rebuilding the old harbour: Work in progress", HEADER),
                   ("Harbour workers rebuild the old pier", KEPT), (PROSE, KEPT))
    assert drop_related_links(ds, 8, 4) is ds


ITEM = ("• Tesla Model 3 erstmals meistverkauftes Auto in Europa Die Elektrolimousine verkaufte sich "
        "deutlich besser als Renault Zoe und VW ID.3.")


def test_list_items_under_the_header_go_with_their_blurbs() -> None:
    ds = decisions((PROSE, KEPT), ("Lesen Sie auch", HEADER), (ITEM, KEPT), (ITEM, KEPT), (PROSE, KEPT))
    assert kept(drop_related_links(ds, 8, 4)) == [True, False, False, False, True]


@pytest.mark.parametrize("words", [60, 61])
def test_a_list_item_has_at_most_60_words(words: int) -> None:
    item = "• " + " ".join(["word"] * (words - 1)) + "."
    ds = decisions(("Lesen Sie auch", HEADER), (item, KEPT))
    assert kept(drop_related_links(ds, 8, 4)) == [False, words > 60]


ZH_LINK = "地铁三号线将于明年年底通车"  # 13 characters: 7 words as the scorer reads them
ZH_LONG = "市议会还决定在每个学校的门口都要设立安全的自行车停放区并为学生提供免费的培训课程以及头盔"  # 45: 23 words


@pytest.mark.parametrize(("line", "is_link"), [(ZH_LINK, True), (ZH_LONG, False),
                                               ("สภาเมืองอนุมัติทางจักรยานใหม่", True), ("สภาเมือง" * 11, False)])
def test_lines_without_spaces_are_counted_in_words_as_the_scorer_reads_them(line: str, is_link: bool) -> None:
    """A Chinese or Thai line holds no spaces: counted by spaces, a paragraph without a full stop
    would be one word, a link."""
    ds = decisions(("相关新闻", HEADER), (line, KEPT))
    assert kept(drop_related_links(ds, 8, 4)) == [False, not is_link]


def test_a_list_item_after_a_plain_line_is_the_next_section_not_a_link() -> None:
    ds = decisions(("See also", HEADER), ("• Aqua Eructo Charm", DROPPED), ("Behind the scenes", DROPPED),
                   ("• In the second film, unlike in the book, the spell appears as a shield of water.", KEPT))
    assert kept(drop_related_links(ds, 8, 4)) == [False, False, False, True]


@pytest.mark.parametrize("max_links", [1, 2, 3])
def test_at_most_max_links_lines_go(max_links: int) -> None:
    ds = decisions(("Related", HEADER), *[(f"Teaser headline number {i}", KEPT) for i in range(3)])
    assert kept(drop_related_links(ds, max_links, 4)) == [False] + [i >= max_links for i in range(3)]


def test_header_words_boundary() -> None:
    ds = decisions(("More on this story", HEADER), ("Teaser headline", KEPT))
    assert kept(drop_related_links(ds, 8, 4)) == [False, False]
    assert drop_related_links(ds, 8, 3) is ds


def decision(i: int, text: str, kept: bool, label: str, rule: str) -> Decision:
    return Decision(Block(i, 0, len(text), text), kept, label, (Reason(rule, ""),))


def test_a_rule_decision_ends_the_box_and_stays() -> None:
    ds = (*decisions(("Related", HEADER), ("Teaser headline", KEPT)),
          decision(2, "Share", False, "chrome", "en.share-widget"),
          decision(3, "Another headline", True, "body", KEPT))
    out = drop_related_links(ds, 8, 4)
    assert kept(out) == [False, False, False, True]
    assert out[2] is ds[2]


def test_the_extractors_main_content_is_judged_too() -> None:
    extracted = "extractor.main-content"
    ds = decisions(("Related", HEADER), ("Teaser headline", extracted), (PROSE, extracted))
    assert kept(drop_related_links(ds, 8, 4)) == [False, False, True]


def test_a_kept_header_or_a_verdict_labelled_related_is_no_header() -> None:
    teaser = decision(1, "Teaser headline", True, "body", KEPT)
    for header in (decision(0, "Related", True, "related", KEPT), decision(0, "Related", False, "related", DROPPED)):
        ds = (header, teaser)
        assert drop_related_links(ds, 8, 4) is ds


# --- in the pipeline -------------------------------------------------------------------------------

ARTICLE = [
    "Joaquin Phoenix won the award for best actor on Sunday for his role in the film, adding to a "
    "string of prizes that make him the favourite for the Oscar next month.",
    "Speaking through an interpreter, the director said that the momentum was building and that "
    "the whole team was proud of what the film had achieved around the world.",
    "Related Coverage",
    "Factbox: Key winners at the 2021 National Book Awards",
    "\u201cI am standing on the shoulders of my favorite actor,\u201d Phoenix said on Sunday, referring "
    "to the late actor who played the same character in an earlier film about the city.",
    "Zellweger, likewise, has picked up most of the prizes so far for her performance as a singer "
    "at the end of her career, and she is expected to win again next month.",
]


def test_clean_drops_the_link_under_a_related_header_inside_the_article() -> None:
    found = {d.block.text: d for d in cleaner.clean("\n\n".join(ARTICLE)).decisions}
    link = found[ARTICLE[3]]
    assert not link.kept and link.reasons[0].rule == RULE
    assert all(found[p].kept for p in (ARTICLE[0], ARTICLE[1], ARTICLE[4], ARTICLE[5]))


def test_clean_without_the_pass_leaves_the_link_to_the_model_which_keeps_it() -> None:
    result = cleaner.clean("\n\n".join(ARTICLE), Settings(related_links_max_blocks=0))
    assert all(r.rule != RULE for d in result.decisions for r in d.reasons)
    assert ARTICLE[3] in result.text


def test_cleaning_the_output_again_changes_nothing() -> None:
    once = cleaner.clean("\n\n".join(ARTICLE)).text
    assert cleaner.clean(once).text == once
