"""Introduced lists: the list items that a kept line of the article announces with a colon.

"The new rules apply to three groups:" followed by "• pupils", "• teachers", "• parents" is
article text, but each item is a short line without a sentence end: the shape of a menu, and the
keep model drops it. Articles introduce their lists that way ("Das Wichtigste in Kürze:", "Según
el sitio, las marcas son las siguientes:", "It depends on:"); menus, tag clouds and link boxes
are not announced by a sentence of the body. So when a kept line of at least
`min_introducer_words` words ends with a colon, the run of list items right under it is kept, if
it holds `min_introduced_items` to `max_introduced_items` items: one item under "Ein Beitrag
von:" is a byline, and a hundred are a link directory. Only verdicts are overturned
(decide.VERDICTS), never a rule's: a ruled line ends the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from .decide import VERDICTS
from .result import Decision, Reason, keep_span
from .score import CLOSERS

RULE = "list.introduced"
_SHOWN_CHARS = 60


def keep_introduced_lists(decisions: Sequence[Decision], min_items: int, max_items: int,
                          min_introducer_words: int) -> Sequence[Decision]:
    """`decisions` with the list items under each kept line of `min_introducer_words` or more that
    ends with a colon kept (a run of `min_items` to `max_items` items); the same object when there
    is none."""
    out: list[Decision] | None = None
    n = len(decisions)
    for i, d in enumerate(decisions):
        text = d.block.text
        if not d.kept or not text.rstrip(CLOSERS + " ").endswith(":") or len(text.split()) < min_introducer_words:
            continue
        end = i + 1
        while end < n and decisions[end].block.bullet and decisions[end].reasons[0].rule.startswith(VERDICTS):
            end += 1
        if not min_items <= end - i - 1 <= max_items:
            continue
        shown = text if len(text) <= _SHOWN_CHARS else "..." + text[-_SHOWN_CHARS:]
        out = keep_span(decisions, out, i + 1, end,
                        Reason(RULE, f"in the list introduced by {shown!r} (blocks {i + 1}-{end - 1})"))
    return decisions if out is None else tuple(out)
