"""The lead an extractor left out: the standfirst between the headline and the extracted text.

News and magazine pages print their lead (standfirst, teaser, intro) in the article header,
between the headline and the body, among bylines, dates, share buttons and a photo credit.
Main-content extractors often take that header for chrome and start with the body: on the devset
train split, 70 of the 143 must-keep snippets the default engine lost lay before trafilatura's
first block. The full-page text shows what came before it. The lead window is the blocks from
the headline's repeat on (when it is close enough), else the last few blocks; the decision keeps
the prose among them (decide.py), so the share buttons and bylines around a lead stay out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

from .blocks import Block, split_text, squash_space
from .settings import Settings
from .title import normalise

_FIRST_CHARS = 2000
"""The extracted text's first blocks lie in its first characters."""
_ANCHOR_BLOCKS = 3
"""How many of the first extracted blocks are tried as the anchor, in order."""
_ANCHOR_KEY_CHARS = 60
"""A block is found in the page text by its first characters (extractors end lines differently)."""
_MIN_ANCHOR_CHARS = 20
"""Shorter blocks ("Foto: dpa", a sub-heading) also occur in menus and captions above the body."""
_LINES_PER_BLOCK = 3
"""The page text has blank lines between blocks: this many lines hold a block, with room to spare."""
_MIN_REPEAT_WORDS = 3
"""A line that the title merely contains repeats it only with this many words (not "News")."""
_MARKUP_KEYS = 3
"""How many of the anchor's plain word runs are looked for in the markup, longest first."""
_MIN_MARKUP_KEY_CHARS = 10
"""Shorter runs of words occur too often in menus and scripts to place the anchor."""
_MAX_KEY_PLACES = 20
"""Places of one run looked at before it is given up: each look searches back for a script, so
that a run written thousands of times in a script would cost time quadratic in the page."""
_MARKUP_AFTER_KEY = 2000
"""Markup converted past the anchor's words: enough for its first characters to be in the text."""
_PLAIN_RUN = regex.compile(r"[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*")
"""Words and single spaces: how a run of text is likely written verbatim in the markup too
(entities, inline tags and odd spaces break runs)."""
_BODY_TAG = regex.compile(r"<body\b", regex.I)
_RAW_TAGS = (("<script", "</script"), ("<style", "</style"), ("<SCRIPT", "</SCRIPT"), ("<STYLE", "</STYLE"))


def lead_window(page: str, extracted: str, title: str | None, settings: Settings) -> list[Block]:
    """The blocks of the full-page text `page` that may hold the lead of the `extracted` text:
    those before its first block, after the headline when that is at most
    `lead_title_window_blocks` above, else the last `lead_blocks_without_title`. Blocks the
    extracted text already holds are left out."""
    return _window(text_before(page, _anchors(extracted)), extracted, title, settings)


def html_lead_window(html: str, extracted: str, title: str | None, settings: Settings,
                     page_text: Callable[[str], str]) -> list[Block]:
    """`lead_window` of the page `html`, whose full-page text `page_text` makes (see `html_head`)."""
    return _window(html_head(html, _anchors(extracted), page_text), extracted, title, settings)


def html_head(html: str, first: Sequence[Block], page_text: Callable[[str], str]) -> str:
    """`text_before` in the full-page text of `html`, made by `page_text` from only as much
    markup as it needs when it can: the markup up to a little past where the anchor's words are
    written in it (the lead lies above the body; converting the whole page takes ~3 ms). When
    they are not found there, or its text does not hold the anchor, the whole page is converted."""
    tried = _tried(first)
    if not tried:
        return ""
    cut = _markup_cut(html, tried[0])
    if 0 <= cut < len(html):
        head = text_before(page_text(html[:cut]), tried[:1])
        if head:  # the first anchor is found first in the whole page's text too: the same head
            return head
    return text_before(page_text(html), first)


def _markup_cut(html: str, anchor: Block) -> int:
    """Where to stop converting `html` so that the text holds `anchor`'s first characters: a
    little past the first place in the body where one of its runs of plain words is written as
    text (not in a tag or a script); -1 when none is."""
    runs = sorted(_PLAIN_RUN.findall(anchor.text[:_ANCHOR_KEY_CHARS]), key=len, reverse=True)
    body = _BODY_TAG.search(html)
    start = body.end() if body else 0
    for key in runs[:_MARKUP_KEYS]:
        if len(key) < _MIN_MARKUP_KEY_CHARS:
            break
        at, places = html.find(key, start), 1
        while at >= 0 and not _in_text(html, at):
            at = html.find(key, at + 1) if places < _MAX_KEY_PLACES else -1
            places += 1
        if at >= 0:
            return at + _MARKUP_AFTER_KEY
    return -1


def _in_text(html: str, at: int) -> bool:
    """Whether position `at` of `html` is in text: not inside a tag, a script or a style sheet.
    Their tags are looked for as pages write them, in lower or upper case (`str.rfind` is ten
    times faster than a case-blind search back); a mixed-case "<Script>" goes unseen, which
    costs only time: the anchor is then not in the text converted, and the whole page is."""
    if html.rfind("<", 0, at) > html.rfind(">", 0, at):
        return False
    for opening, closing in _RAW_TAGS:
        opened = html.rfind(opening, 0, at)
        if opened >= 0 and html.rfind(closing, opened, at) < 0:
            return False
    return True


def _anchors(extracted: str) -> list[Block]:
    return split_text(extracted[:_FIRST_CHARS])[:_ANCHOR_BLOCKS]


def _tried(first: Sequence[Block]) -> Sequence[Block]:
    """The anchors `text_before` tries, in order: the long enough ones, else the first."""
    return [b for b in first if len(b.text) >= _MIN_ANCHOR_CHARS] or first[:1]


def _window(head: str, extracted: str, title: str | None, settings: Settings) -> list[Block]:
    if not head:
        return []
    lines = head.rsplit("\n", _LINES_PER_BLOCK * settings.lead_title_window_blocks)
    blocks = split_text("\n".join(lines[1:]) if len(lines) > 1 else head)
    window = blocks[-settings.lead_title_window_blocks:]
    start = max(0, len(window) - settings.lead_blocks_without_title)
    if title and (key := normalise(title)):
        for i in range(len(window) - 1, -1, -1):
            if repeats_title(window[i].text, key):
                start = i + 1
                break
    known = squash_space(extracted)
    return [b for b in window[start:] if squash_space(b.text) not in known]


def text_before(page: str, first: Sequence[Block]) -> str:
    """The page text before the line where the extracted text starts, found by the first
    characters of one of its `first` blocks; "" when none of them is found."""
    for b in _tried(first):
        at = page.find(b.text[:_ANCHOR_KEY_CHARS])
        if at < 0:  # the engines space some lines differently
            at = _find_folded(page, squash_space(b.text)[:_ANCHOR_KEY_CHARS])
        if at >= 0:
            return page[: page.rfind("\n", 0, at) + 1]
    return ""


def _find_folded(page: str, key: str) -> int:
    """Where the first line holding `key`, white space folded, starts in `page`; -1 if none does."""
    start = 0
    for line in page.split("\n"):
        if key in squash_space(line):
            return start
        start += len(line) + 1
    return -1


def repeats_title(text: str, key: str) -> bool:
    """A page line that repeats the headline (`key`, title.normalise'd): it holds it (with a site
    suffix or a kicker around it), or it is the headline without the kicker the metadata title adds."""
    line = normalise(text)
    if key in line:
        return True
    return line.count(" ") + 1 >= _MIN_REPEAT_WORDS and line in key
