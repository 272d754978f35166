"""The lead the extractor left out: the window in the page text, and the verdict on its blocks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner.blocks import split_text
from cleaner.decide import EXTRACTED, LEAD, NOT_LEAD
from cleaner.html import extract
from cleaner.lead import html_head, html_lead_window, lead_window, repeats_title, text_before
from cleaner.settings import DEFAULT
from cleaner.title import normalise

HEADLINE = "Town council agrees budget"
LEAD_TEXT = ("After three weeks of debate, the town council has finally agreed on a budget that doubles "
             "the money for school repairs.")
BODY = [f"The council met again on Tuesday evening, and part {i} of the report describes how the members "
        "argued about the new budget for the schools and roads of the town." for i in range(6)]
PAGE_TEXT = "\n\n".join(["Home", "News", "Sport", HEADLINE, LEAD_TEXT, "By Jane Doe", "• Facebook",
                         "• Twitter", *BODY, "Copyright © 2024 Example News. All rights reserved."])
EXTRACTED_TEXT = "\n".join(BODY)
HTML = f"""<html><head><title>{HEADLINE} | Example News</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<header class="article-header"><h1>{HEADLINE}</h1><p class="standfirst">{LEAD_TEXT}</p>
<div class="byline">By Jane Doe</div><ul class="share"><li>Facebook</li><li>Twitter</li></ul></header>
<article><div class="article-body">{"".join(f"<p>{p}</p>" for p in BODY)}</div></article>
<footer><p>Copyright © 2024 Example News. All rights reserved.</p></footer></body></html>"""


def texts(blocks: list) -> list[str]:
    return [b.text for b in blocks]


# --- the window ----------------------------------------------------------------------------------

def test_window_opens_after_the_headline_and_closes_at_the_extracted_text() -> None:
    window = lead_window(PAGE_TEXT, EXTRACTED_TEXT, HEADLINE, DEFAULT)
    assert texts(window) == [LEAD_TEXT, "By Jane Doe", "• Facebook", "• Twitter"]


def test_without_the_headline_the_window_is_the_last_few_blocks() -> None:
    settings = DEFAULT.with_(lead_blocks_without_title=2)
    assert texts(lead_window(PAGE_TEXT, EXTRACTED_TEXT, None, settings)) == ["• Facebook", "• Twitter"]
    assert texts(lead_window(PAGE_TEXT, EXTRACTED_TEXT, "A headline the page never prints", settings)) == [
        "• Facebook", "• Twitter"]


def test_a_headline_too_far_above_is_not_reached() -> None:
    settings = DEFAULT.with_(lead_title_window_blocks=3, lead_blocks_without_title=2)
    assert texts(lead_window(PAGE_TEXT, EXTRACTED_TEXT, HEADLINE, settings)) == ["• Facebook", "• Twitter"]


def test_no_window_when_the_extracted_text_starts_the_page_or_is_not_in_it() -> None:
    assert lead_window("\n".join(BODY), EXTRACTED_TEXT, HEADLINE, DEFAULT) == []
    assert lead_window(PAGE_TEXT, "A paragraph that the page text does not hold at all.", HEADLINE, DEFAULT) == []
    assert lead_window(PAGE_TEXT, "", HEADLINE, DEFAULT) == []


def test_blocks_the_extracted_text_holds_stay_out_of_the_window() -> None:
    extracted = EXTRACTED_TEXT + "\n" + LEAD_TEXT  # the extractor moved the lead below the body
    assert LEAD_TEXT not in texts(lead_window(PAGE_TEXT, extracted, HEADLINE, DEFAULT))


def test_the_extracted_text_is_found_when_the_engines_space_it_differently() -> None:
    page = PAGE_TEXT.replace(BODY[0], BODY[0].replace(" ", "\u00a0", 3).replace("council", "council  "))
    assert texts(lead_window(page, EXTRACTED_TEXT, HEADLINE, DEFAULT))[0] == LEAD_TEXT


def test_text_before_ends_at_a_line_break() -> None:
    head = text_before(PAGE_TEXT, split_text(EXTRACTED_TEXT))
    assert head.endswith("• Twitter\n\n") and PAGE_TEXT.startswith(head)


@pytest.mark.parametrize(("line", "title", "repeats"), [
    ("Town council agrees budget", HEADLINE, True),
    ("Town council agrees budget | Example News", HEADLINE, True),  # site suffix
    ("Politics: Town council agrees budget", HEADLINE, True),  # kicker on the page
    ("Council agrees budget", "Town: Council agrees budget", True),  # kicker in the metadata title
    ("Budget", "Town: Council agrees budget", False),  # one word the title holds is not a repeat
    ("Council elections next year", HEADLINE, False),
])
def test_a_headline_repeat(line: str, title: str, repeats: bool) -> None:
    assert repeats_title(line, normalise(title)) is repeats


@given(st.lists(st.text(alphabet="ab \n\u00a0.", max_size=30), max_size=12), st.integers(0, 11))
def test_window_blocks_come_from_the_page_before_the_extracted_text(lines: list[str], cut: int) -> None:
    page = "\n".join(lines)
    extracted = "\n".join(lines[cut:])
    window = lead_window(page, extracted, None, DEFAULT)
    head = page[: len(text_before(page, split_text(extracted)[:3]))]
    assert all(b.text in head for b in window)
    assert len(window) <= DEFAULT.lead_blocks_without_title


# --- the window in the markup ------------------------------------------------------------------

def page_text(html: str) -> str:
    return extract(html, "fast", main_content=False).text


class Converter:
    """page_text, noting how much markup each call converted."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def __call__(self, html: str) -> str:
        self.sizes.append(len(html))
        return page_text(html)


MENU = "<ul>" + "<li><a href='/section'>Section</a></li>" * 100 + "</ul>"  # more markup than the cut's margin
ARCHIVE = "<aside><p>Another story from the archive, told at length.</p></aside>" * 200
LONG_PAGE = HTML.replace("<nav>", "<nav>" + MENU).replace("</article>", "</article>" + ARCHIVE)


def test_the_markup_is_converted_only_up_to_a_little_past_the_extracted_text_start() -> None:
    convert = Converter()
    window = html_lead_window(LONG_PAGE, EXTRACTED_TEXT, HEADLINE, DEFAULT, convert)
    assert texts(window) == texts(lead_window(page_text(LONG_PAGE), EXTRACTED_TEXT, HEADLINE, DEFAULT))
    assert texts(window)[0] == LEAD_TEXT
    assert len(convert.sizes) == 1 and convert.sizes[0] < len(LONG_PAGE) / 2


def test_no_markup_is_converted_for_an_empty_extraction() -> None:
    convert = Converter()
    assert html_lead_window(LONG_PAGE, "", HEADLINE, DEFAULT, convert) == [] and convert.sizes == []


@pytest.mark.parametrize("hide", [
    pytest.param(lambda page, key: page.replace("<body>", f'<body><script>var s = "{key}";</script>'), id="script"),
    pytest.param(lambda page, key: page.replace("<body>", f'<body><SCRIPT>var s = "{key}";</SCRIPT>'),
                 id="script-upper-case"),
    pytest.param(lambda page, key: page.replace("<body>", f'<body><style>/* {key} */</style>'), id="style"),
    pytest.param(lambda page, key: page.replace("<body>", f'<body><img alt="{key}">'), id="attribute"),
    pytest.param(lambda page, key: page.replace("<title>", f"<title>{key} "), id="head"),
])
def test_the_anchor_words_in_a_script_a_tag_or_the_head_do_not_place_the_cut(hide) -> None:
    page = hide(LONG_PAGE, BODY[0][:60])
    convert = Converter()
    window = html_lead_window(page, EXTRACTED_TEXT, HEADLINE, DEFAULT, convert)
    assert texts(window) == texts(lead_window(page_text(page), EXTRACTED_TEXT, HEADLINE, DEFAULT))
    assert len(convert.sizes) == 1 and convert.sizes[0] < len(page) / 2


def test_anchor_words_written_over_and_over_in_a_script_are_given_up_for_the_whole_page() -> None:
    # each place is checked by searching back for a script: thousands would take quadratic time
    words = [run for run in BODY[0][:60].split(",") if len(run) >= 10]
    script = "<script>var s = [" + "".join(f'"{w}",' for w in words for _ in range(2000)) + "];</script>"
    page = LONG_PAGE.replace("<body>", "<body>" + script)
    convert = Converter()
    window = html_lead_window(page, EXTRACTED_TEXT, HEADLINE, DEFAULT, convert)
    assert convert.sizes == [len(page)]
    assert texts(window) == texts(lead_window(page_text(page), EXTRACTED_TEXT, HEADLINE, DEFAULT))


def test_anchor_words_written_otherwise_in_the_markup_convert_the_whole_page() -> None:
    # an inline tag between all the body's words: the anchor's words are not written as such
    page = LONG_PAGE
    for p in BODY:
        page = page.replace(f"<p>{p}</p>", "<p>{}</p>".format(p.replace(" ", " <b></b>")))
    convert = Converter()
    head = html_head(page, split_text(EXTRACTED_TEXT)[:3], convert)
    assert convert.sizes == [len(page)]
    assert head == text_before(page_text(page), split_text(EXTRACTED_TEXT)[:3]) and LEAD_TEXT in head


def test_an_earlier_repeat_of_the_anchor_words_falls_back_to_the_whole_page() -> None:
    # the anchor's longest run of words is written in a teaser above the body, its first
    # characters are not: the text up to there lacks the anchor
    teaser = f"<p>{BODY[0][:40]}: read the report</p>"
    page = LONG_PAGE.replace("<nav>", teaser + "<nav>", 1)
    convert = Converter()
    window = html_lead_window(page, EXTRACTED_TEXT, HEADLINE, DEFAULT, convert)
    assert texts(window) == texts(lead_window(page_text(page), EXTRACTED_TEXT, HEADLINE, DEFAULT))
    assert convert.sizes[-1] == len(page) and len(convert.sizes) == 2


# --- the verdict ---------------------------------------------------------------------------------

def test_the_lead_comes_first_and_its_chrome_is_dropped_with_reasons() -> None:
    result = cleaner.clean_html(HTML)
    assert result.title == HEADLINE
    assert result.text.startswith(LEAD_TEXT + "\n\n" + BODY[0])
    assert "By Jane Doe" not in result.text and "Facebook" not in result.text
    reasons = {d.block.text: d.reasons[0].rule for d in result.decisions}
    assert reasons[LEAD_TEXT] == LEAD
    assert reasons[BODY[0]] == EXTRACTED
    assert reasons["By Jane Doe"] == "en.byline"
    assert cleaner.render(result.decisions) == result.text


def test_window_blocks_that_are_not_prose_are_dropped_as_such() -> None:
    html = HTML.replace('<div class="byline">By Jane Doe</div>', '<div class="tags">Council Budget Schools</div>')
    decision = next(d for d in cleaner.clean_html(html).decisions if d.block.text == "Council Budget Schools")
    assert not decision.kept and decision.reasons[0].rule == NOT_LEAD
    assert "score=" in decision.reasons[0].detail


def test_the_lead_can_be_left_to_the_extractor() -> None:
    result = cleaner.clean_html(HTML, cleaner.Settings(recover_lead=False))
    assert LEAD_TEXT not in result.text and result.text.startswith(BODY[0])


def test_the_fast_engine_reads_the_whole_page_anyway() -> None:
    result = cleaner.clean_html(HTML, cleaner.Settings(html_engine="fast"))
    assert LEAD_TEXT in result.text
    assert all(d.reasons[0].rule not in (LEAD, NOT_LEAD) for d in result.decisions)
