"""Related-links boxes: the links listed right under a related-links header.

A header such as "Related Coverage", "Mehr zum Thema" or "Lire aussi" is dropped by its rule. When
it heads a box inside the article (a drop rule, or a cut that does not cut: decide.find_cut), the
links under it are headline-shaped lines ("Factbox: Key winners at the 2020 Screen Actors Guild
Awards", "• How one Calgary company turns CO2 into soap") with article prose on both sides, and
the keep model may keep them. Those lines are dropped, from the header down to the first line
that is not headline-shaped, when the header is short: "Read more: <title>" is one inline link,
and the line under it is the article's next sub-heading. Only verdicts are overturned
(decide.VERDICTS), never a rule's.
"""

from __future__ import annotations

from collections.abc import Sequence

from .decide import RELATED, VERDICTS
from .result import Decision, Reason
from .score import ends_sentence

RULE = "context.related-links"
_MAX_LINK_WORDS = 20
"""A link's title has at most this many words, and no sentence end."""


def drop_related_links(decisions: Sequence[Decision], max_links: int,
                       max_header_words: int) -> Sequence[Decision]:
    """`decisions` with the kept link lines under every short related-links header dropped (at
    most `max_links` lines under each); the same object when there are none."""
    out: list[Decision] | None = None
    n = len(decisions)
    for i, header in enumerate(decisions):
        if (header.kept or header.label != RELATED or header.reasons[0].rule.startswith(VERDICTS)
                or len(header.block.text.split()) > max_header_words):
            continue
        for j in range(i + 1, min(n, i + 1 + max_links)):
            d = decisions[j]
            if not (d.reasons[0].rule.startswith(VERDICTS) and _is_link(d.block.text)):
                break
            if d.kept:
                out = out if out is not None else list(decisions)
                reason = Reason(RULE, f"a link under the related-links header {header.block.text!r} (block {i})")
                out[j] = Decision(d.block, False, RELATED, (reason, *d.reasons), d.score)
    return decisions if out is None else tuple(out)


def _is_link(text: str) -> bool:
    """Headline-shaped: a few words and no sentence end."""
    return len(text.split()) <= _MAX_LINK_WORDS and not ends_sentence(text)
