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

from collections.abc import Sequence

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


def lead_window(page: str, extracted: str, title: str | None, settings: Settings) -> list[Block]:
    """The blocks of the full-page text `page` that may hold the lead of the `extracted` text:
    those before its first block, after the headline when that is at most
    `lead_title_window_blocks` above, else the last `lead_blocks_without_title`. Blocks the
    extracted text already holds are left out."""
    head = text_before(page, split_text(extracted[:_FIRST_CHARS])[:_ANCHOR_BLOCKS])
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
    tried = [b for b in first if len(b.text) >= _MIN_ANCHOR_CHARS] or first[:1]
    for b in tried:
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
