"""The fast engine's second opinion: kept blocks that resiliparse's main-content guess leaves out."""

from __future__ import annotations

import cleaner
from cleaner.blocks import split_text
from cleaner.main_content import OUTSIDE, within_main_content
from cleaner.result import Decision, Reason, Result, render
from cleaner.settings import DEFAULT

BODY = [f"The council met again on Tuesday evening and part {i} of the report describes how the members "
        "argued about the new budget for the schools and roads of the town." for i in range(6)]
WEATHER = [f"The weather in the region will stay mild this week {i}, with sunshine in the mornings and light "
           "rain expected on the weekend." for i in range(2)]
HTML = f"""<html><head><title>Town council agrees budget</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article><h1>Town council agrees budget</h1>{"".join(f"<p>{p}</p>" for p in BODY)}</article></main>
<footer class="site-footer"><div class="footer-widget">{"".join(f"<p>{p}</p>" for p in WEATHER)}</div></footer>
</body></html>"""
FAST = cleaner.Settings(html_engine="fast")


def kept_result(*lines: str) -> Result:
    """Every line kept, as the text cleaner might have left them."""
    decisions = tuple(Decision(b, True, "body", (Reason("score.main-body"),)) for b in split_text("\n".join(lines)))
    return Result(render(decisions), None, "en", decisions)


def test_kept_blocks_the_guess_leaves_out_are_dropped_with_the_reason() -> None:
    result = within_main_content(kept_result("Lead of the story", *BODY, *WEATHER), "\n\n".join(BODY), DEFAULT)
    dropped = [d for d in result.decisions if not d.kept]
    assert [d.block.text for d in dropped] == WEATHER
    assert all(d.reasons[0].rule == OUTSIDE and d.reasons[1].rule == "score.main-body" for d in dropped)
    assert result.text == render(result.decisions) and "Lead of the story" in result.text


def test_blocks_above_the_guess_are_left_alone() -> None:
    """The lead above the article body is often outside the guess too (as outside trafilatura's)."""
    result = within_main_content(kept_result("Lead of the story", *BODY), "\n".join(BODY), DEFAULT)
    assert all(d.kept for d in result.decisions)


def test_a_guess_holding_too_little_of_the_kept_text_is_not_trusted() -> None:
    result = kept_result(*BODY, *WEATHER)
    assert within_main_content(result, WEATHER[0], DEFAULT) is result
    assert within_main_content(result, "", DEFAULT) is result
    assert within_main_content(result, WEATHER[0], DEFAULT.with_(main_content_min_share=0.0)) is not result


def test_the_guess_is_matched_with_white_space_folded() -> None:
    guess = "\n".join(p.replace(" ", "\u00a0 ", 2) for p in BODY)
    assert all(d.kept for d in within_main_content(kept_result(*BODY), guess, DEFAULT).decisions)


def test_fast_engine_drops_page_prose_outside_the_main_content() -> None:
    result = cleaner.clean_html(HTML, FAST)
    assert all(p in result.text for p in BODY)
    assert not any(p in result.text for p in WEATHER)
    assert {d.reasons[0].rule for d in result.decisions if d.block.text in WEATHER} == {OUTSIDE}


def test_the_check_can_be_turned_off() -> None:
    result = cleaner.clean_html(HTML, FAST.with_(main_content_check=False))
    assert all(p in result.text for p in WEATHER)
