"""Related-links boxes: the links listed right under a related-links header.

A header such as "Related Coverage", "Mehr zum Thema" or "Lire aussi" is dropped by its rule. When
it heads a box inside the article (a drop rule, or a cut that does not cut: decide.find_cut), the
links under it are headline-shaped lines ("Factbox: Key winners at the 2021 National Book
Awards") or list items, often a title run into its blurb ("• Tesla Model 3 erstmals
meistverkauftes Auto in Europa Die Elektrolimousine verkaufte sich ..."), with article prose on
both sides, and the keep model may keep them. Those lines are dropped, from the header down to
the first line that is neither (a list item counts only while all lines above it under the header
are list items too), when the header is short: "Read more: <title>" is one inline link,
and the line under it is the article's next sub-heading. Only verdicts are overturned
(decide.VERDICTS), never a rule's.
"""

from __future__ import annotations

from collections.abc import Sequence

from .blocks import Block
from .decide import RELATED, VERDICTS
from .language import count_words, has_unspaced
from .result import Decision, Reason
from .score import ends_sentence

RULE = "context.related-links"
_MAX_LINK_WORDS = 20
"""A link's title has at most this many words, and no sentence end."""
_MAX_ITEM_WORDS = 60
"""A list item under the header, a title with its blurb, has at most this many words."""


def drop_related_links(decisions: Sequence[Decision], max_links: int,
                       max_header_words: int) -> Sequence[Decision]:
    """`decisions` with the kept link lines under every short related-links header dropped (at
    most `max_links` lines under each); the same object when there are none."""
    out: list[Decision] | None = None
    n = len(decisions)
    for i, header in enumerate(decisions):
        if (header.kept or header.label != RELATED or header.reasons[0].rule.startswith(VERDICTS)
                or _words(header.block.text) > max_header_words):
            continue
        items = True  # a list item is a link only in a box of list items
        for j in range(i + 1, min(n, i + 1 + max_links)):
            d = decisions[j]
            items = items and d.block.bullet
            if not (d.reasons[0].rule.startswith(VERDICTS) and _is_link(d.block, items)):
                break
            if d.kept:
                out = out if out is not None else list(decisions)
                reason = Reason(RULE, f"a link under the related-links header {header.block.text!r} (block {i})")
                out[j] = Decision(d.block, False, RELATED, (reason, *d.reasons), d.score)
    return decisions if out is None else tuple(out)


def _is_link(block: Block, in_list: bool) -> bool:
    """Headline-shaped (a few words and no sentence end), or an item of a list of links (a title
    with its blurb, not too long)."""
    words = _words(block.text)
    if in_list:
        return words <= _MAX_ITEM_WORDS
    return words <= _MAX_LINK_WORDS and not ends_sentence(block.text)


def _words(text: str) -> int:
    """How many words `text` holds: as spaces part them, or, in a writing without spaces between
    words (Chinese, Thai, ...), as the scorer reads them (language.count_words)."""
    return count_words(text, frozenset())[0] if has_unspaced(text) else len(text.split())
