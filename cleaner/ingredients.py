"""Ingredient lists: runs of "quantity, unit, ingredient" lines ("200 g Zucker", "2 tbsp olive oil").

A recipe's ingredient list is article text, but each of its lines is short, opens with a number
and holds no sentence: the shape of a menu, a price list or a list of teasers, and the keep model
drops such runs. A run of at least `min_ingredient_run` lines that each give a quantity, a unit of
measure (data/units.toml) and then a word is kept, with the list's other items, its group labels
and the headings above and below it. The unit is required: "3 Kommentare", "38 mins ago" and
numbered contents ("1 History") share the rest of the shape. The method's steps under its heading
("Directions", "Zubereitung") are kept too when they are list items ("• Add the noodles.", "1.
Preheat the oven."): short lines with a bullet, which the keep model drops as it drops the list.
Only verdicts are overturned (the prose score's, the keep model's, the lead window's), never a rule's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import regex
import tomllib

from .blocks import BULLET_CHARS
from .decide import VERDICTS
from .result import Decision, Reason, keep_span

RULE = "list.ingredients"
METHOD_RULE = "list.method"
_MAX_WORDS = 10
"""An ingredient line has at most this many words for each amount it gives: "150 g Mehl, 100 g
Zucker und 100 g Butter für die Streusel" gives three."""
_MAX_LABEL_WORDS = 5
"""A group label inside a list ("Für den Belag:") has at most this many words."""
_MAX_HEADING_WORDS = 5
"""The list's heading above it ("Zutaten", "Ingredients for 4 people") has at most this many."""
_MAX_STEPS = 40
"""A method has at most this many steps under its heading."""
_NUMBERED = regex.compile(r"\d{1,2}[.)]\s+\p{L}")
"""A numbered step: "1. Preheat the oven", "2) Add the flour"."""
_WORDLESS = regex.compile(r"[^\p{L}\p{N}]*")
"""A line without a letter or digit ("\u2063", an invisible separator): the steps run on past it."""
_NUMBER = r"(?:\d+\s+\d+/\d+|\d+\s*[½¼¾⅓⅔⅛]|\d+(?:[.,/]\d+)?|[½¼¾⅓⅔⅛])"  # 200, 1,5, 1/2, 1 1/2, 1½, ½
_QUANTITY = rf"(?:ca\.?\s*|etwa\s*|approx\.?\s*)?{_NUMBER}(?:\s*[-–]\s*{_NUMBER})?"  # and ranges: 2-3
_FIRST_CHARS = frozenset("0123456789½¼¾⅓⅔⅛cCeEaA")
"""Every ingredient line starts so, after its bullet ("ca.", "etwa", "approx."): the full pattern
is tried only on these."""
_COUNT = regex.compile(rf"{_QUANTITY}\s+\p{{L}}", regex.I)
"""A count without a unit: "1 Ei", "4 eggs"."""
_COUNTED_WORD = regex.compile(rf"[{BULLET_CHARS}]?\s*{_QUANTITY}\s+\p{{L}}[\p{{L}}\p{{M}}-]*", regex.I)
"""A count and one word, nothing more: "1 Ei", "• 4 eggs", "3 Kommentare"."""


@cache
def _data() -> dict:
    return tomllib.loads((Path(__file__).parent / "data" / "units.toml").read_text("utf-8"))


@cache
def _heading_words(table: str = "headings") -> regex.Pattern[str]:
    return regex.compile(r"\b(?:" + "|".join(map(regex.escape, _data()[table]["words"])) + r")\b", regex.I)


@cache
def _unit() -> str:
    """The units of measure as one alternation, the longest first."""
    units = sorted({u for words in _data()["units"].values() for u in words}, key=len, reverse=True)
    return "|".join(regex.escape(u).replace(r"\ ", r"\s?") for u in units)


@cache
def _line() -> regex.Pattern[str]:
    return regex.compile(
        rf"[{BULLET_CHARS}]?\s*{_QUANTITY}\s*(?:{_unit()})\.?(?!\p{{L}})\s*(?:\([^()]{{1,20}}\)\s*)?\p{{L}}.{{0,70}}",
        regex.I)


@cache
def _amount() -> regex.Pattern[str]:
    """A quantity and a unit anywhere in a line ("100 g", "2 EL")."""
    return regex.compile(rf"(?<![\p{{L}}\d]){_QUANTITY}\s*(?:{_unit()})\.?(?!\p{{L}})", regex.I)


def is_ingredient(text: str) -> bool:
    """A line that gives a quantity, a unit and an ingredient, and no sentence."""
    first = text[0]
    if first in BULLET_CHARS:
        first = text[1:].lstrip()[:1]
    if first not in _FIRST_CHARS or _line().fullmatch(text) is None:
        return False
    return _is_item(text) or _is_item(text, len(_amount().findall(text)))


def is_counted_word(text: str) -> bool:
    """A count and one word: an item of a list ("1 Ei", "4 eggs") or a counter ("3 Kommentare")."""
    return _COUNTED_WORD.fullmatch(text) is not None


def _is_item(text: str, amounts: int = 1) -> bool:
    """Short, and no sentence: what a list item of a recipe is ("Some beansprouts", "Salz"); a line
    that gives several `amounts` may be as much longer."""
    return len(text.split()) <= _MAX_WORDS * amounts and not text.endswith((".", "!", "?"))


def _bullet(text: str) -> str:
    return text[0] if text[0] in BULLET_CHARS else ""


def _loose_item(text: str, bullet: str) -> bool:
    """A line an ingredient list also holds: an item with the list's bullet ("• Some beansprouts",
    "• Pinch of pepper"), a count without a unit ("1 Ei", "4 eggs") or a group label ("Für den
    Teig:", "For the glaze:")."""
    if not _is_item(text):
        return False
    if text.endswith(":") and len(text.split()) <= _MAX_LABEL_WORDS:
        return True
    return _bullet(text) == bullet if bullet else _COUNT.match(text) is not None


def keep_ingredient_runs(decisions: Sequence[Decision], min_run: int) -> Sequence[Decision]:
    """`decisions` with the judged-out blocks of every ingredient list kept; the same object when
    there is none. A list is a run of ingredient lines with the other lines of the list around
    them (`_loose_item`), the heading right above it and the method's heading right below it
    (`_is_heading`); it counts when at least `min_run` of its lines, and half of them, are
    ingredient lines."""
    n = len(decisions)
    texts = [d.block.text for d in decisions]
    strict = list(map(is_ingredient, texts))
    if sum(strict) < min_run:  # most pages: no list at all
        return decisions
    judged = [d.kept or d.reasons[0].rule.startswith(VERDICTS) for d in decisions]
    strict = [s and j for s, j in zip(strict, judged, strict=True)]
    if sum(strict) < min_run:
        return decisions
    out: list[Decision] | None = None
    i = 0
    while i < n:
        if not strict[i]:
            i += 1
            continue
        bullet = _bullet(texts[i])
        start, end = i, i + 1
        while start > 0 and judged[start - 1] and (strict[start - 1] or _loose_item(texts[start - 1], bullet)):
            start -= 1
        while end < n and judged[end] and (strict[end] or _loose_item(texts[end], bullet)):
            end += 1
        count = sum(strict[start:end])
        if count >= min_run and 2 * count >= end - start:
            heading = start - 1
            if heading >= 0 and judged[heading] and _is_heading(texts[heading]):
                start = heading
            steps: list[int] = []
            if end < n and judged[end] and _is_heading(texts[end], "method_headings"):
                steps = _method_steps(texts, judged, end + 1)
                end += 1
            reason = Reason(RULE, f"in an ingredient list (blocks {start}-{end - 1}, {count} ingredient lines)")
            out = keep_span(decisions, out, start, end, reason)
            for k in steps:
                step = Reason(METHOD_RULE, f"a step of the method under {texts[end - 1]!r} (block {end - 1})")
                out = keep_span(decisions, out, k, k + 1, step)
            end = max(end, steps[-1] + 1) if steps else end
        i = end
    return decisions if out is None else tuple(out)


def _method_steps(texts: Sequence[str], judged: Sequence[bool], start: int) -> list[int]:
    """The method's steps from block `start`, right under its heading: the judged list items that
    share the first one's bullet ("• Add the noodles.") or are numbered ("1. Preheat the oven."),
    at most `_MAX_STEPS`, past lines without a letter or digit (an invisible separator)."""
    steps: list[int] = []
    mark = _step_mark(texts[start]) if start < len(texts) else None
    k = start
    while mark and k < len(texts) and len(steps) < _MAX_STEPS:
        if judged[k] and _step_mark(texts[k]) == mark:
            steps.append(k)
        elif not _WORDLESS.fullmatch(texts[k]):
            break
        k += 1
    return steps


def _step_mark(text: str) -> str | None:
    """How a step of a method is marked: its bullet, "1." for a number, or None."""
    if text[0] in BULLET_CHARS and len(text) > 1:
        return text[0]
    return "1." if _NUMBERED.match(text) else None


def _is_heading(text: str, table: str = "headings") -> bool:
    """The heading of an ingredient list ("Zutaten", "Ingredients for 4 people"), or with
    `table="method_headings"` the one of the method below it ("Zubereitung", "Method")."""
    return len(text.split()) <= _MAX_HEADING_WORDS and _heading_words(table).search(text) is not None
