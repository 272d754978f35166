"""The fast engine's second opinion: resiliparse's main-content guess.

The fast engine cleans the whole page text as a dump, without the markup that tells a sidebar
from the article. resiliparse's `main_content=True` reads the markup (tags, classes, ids, link
density) and leaves the chrome it recognises out. Its guess alone loses article text (the guess
with the rules run on it: devset snippet F1 0.900, the text cleaner on the whole page 0.914); as
a check on what the text cleaner kept it helps: a kept block the guess leaves out is dropped
(devset train F1 0.917 -> 0.926, validation 0.905 -> 0.914). Blocks above the guess's first
block are left alone: the lead above the article body is often outside it. When the guess holds
less than `main_content_min_share` of the kept text, its heuristics did not fit the page (they
took a teaser box, or next to nothing, for the article): the text cleaner's verdicts stand.
"""

from __future__ import annotations

from .blocks import squash_space
from .result import Decision, Reason, Result, render
from .settings import Settings

OUTSIDE = "extractor.outside-main-content"
"""Why a block the text cleaner kept was dropped: resiliparse's main-content guess leaves it out."""
_KEY_CHARS = 60
"""A block is looked up in the guess by its first characters (the guess may join or split lines)."""


def within_main_content(result: Result, main_content: str, settings: Settings) -> Result:
    """`result` with the kept blocks that `main_content` leaves out dropped, unless it holds too
    little of the kept text to be trusted (see the module doc)."""
    main = squash_space(main_content)
    inside = [d.kept and squash_space(d.block.text)[:_KEY_CHARS] in main for d in result.decisions]
    kept_chars = sum(len(d.block.text) for d in result.decisions if d.kept)
    inside_chars = sum(len(d.block.text) for d, i in zip(result.decisions, inside, strict=True) if i)
    if not inside_chars or inside_chars < settings.main_content_min_share * kept_chars:
        return result
    first = inside.index(True)
    reason = Reason(OUTSIDE, "resiliparse's main-content guess leaves it out")
    decisions = tuple(d if not d.kept or i or k < first else
                      Decision(d.block, False, "chrome", (reason, *d.reasons), d.score)
                      for k, (d, i) in enumerate(zip(result.decisions, inside, strict=True)))
    return Result(render(decisions), result.title, result.language, decisions)
