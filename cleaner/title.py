"""The title: the headline-like block just before the main body, and its repeats."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .result import Reason
from .rules import RuleSet
from .score import Features
from .settings import Settings

_NON_WORD = regex.compile(r"[\W_]+")
_MIN_TITLE_WORDS = 2
_MAX_TITLE_DIGITS = 0.3  # a date or a score line is not a headline


def looks_like_title(f: Features, text: str, settings: Settings) -> bool:
    """Headline-shaped: a few words, no sentence period, no URL, not a list item or a menu."""
    return (
        _MIN_TITLE_WORDS <= f.words <= settings.max_title_words
        and not text.endswith(".")
        and not f.url
        and not f.bullet
        and f.separators == 0
        and f.digits < _MAX_TITLE_DIGITS
    )


def normalise(text: str) -> str:
    """Case and punctuation folded, for comparing a title with its repeats."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def find_title(texts: Sequence[str], feats: Sequence[Features], excluded: set[int],
               body_start: int, rules: RuleSet, settings: Settings
               ) -> tuple[str | None, dict[int, Reason]]:
    """The title (site suffix trimmed) and every block that repeats it, with the reason."""
    first = max(0, body_start - settings.title_window_blocks)
    chosen = next((i for i in range(min(body_start, len(texts)) - 1, first - 1, -1)
                   if i not in excluded and looks_like_title(feats[i], texts[i], settings)), None)
    if chosen is None:
        return None, {}
    title, fired = rules.trim(texts[chosen])
    rule = fired[0].rule.id if fired else "title"
    found = {chosen: Reason(rule, "the headline before the main body"
                            + (f", trimmed {fired[0].text.strip()!r}" if fired else ""))}
    key = normalise(title)
    for i, text in enumerate(texts):
        if i == chosen or i in excluded or len(text) > 3 * len(title) + 40:
            continue
        if normalise(text) == key or normalise(rules.trim(text)[0]) == key:
            found[i] = Reason("title.repeat", f"repeats the title {title!r}")
    return title, found
