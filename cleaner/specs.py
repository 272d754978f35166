"""Spec lists: a product's or a machine's technical data under a heading that names it.

"Specifications" followed by "Weight: 1.45 kg", "Packed size: 42 x 14 cm", "Capacity: 2 people" is
article text on a product page or in a test report, but each line is a short label and a value:
the shape of a metadata box or a menu, and the keep model drops it. A heading that names a spec
list (data/specs.toml, 8 languages) with a run of at least `min_spec_run` "Label: value" lines
right under it (a label of a few words, then a colon or a tab, then a short value) is kept,
heading and lines, and so is a sub-heading further down with a run of its own ("Fahrleistung und
Verbrauch", then "0 – 100 km/h in sek.\t\t7,9", ...). The heading is required: "Published: 3
May", "Author: Jane Doe" and "Tags: news" have the shape too. Only verdicts are overturned
(decide.VERDICTS), never a rule's: a ruled line ends the list.
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

RULE = "list.specs"
_MAX_LABEL_WORDS = 6
_MAX_VALUE_WORDS = 15
_MAX_SUB_HEADING_WORDS = 5
_MAX_HEADING_CHARS = 60
"""No spec heading is longer: most blocks are passed over without trying the pattern."""
_SPEC_LINE = regex.compile(
    rf"[{BULLET_CHARS}]?\s*(?P<label>[\p{{L}}\d][^:\t\n]{{0,40}}?)\s*(?::\s*|\t+)(?P<value>[^\s:].{{0,150}})")
"""A label, a colon or tab(s), a value: "Weight: 1.45 kg", "Hubraum in ccm\t\t1.598"."""


@cache
def _heading() -> regex.Pattern[str]:
    words = tomllib.loads((Path(__file__).parent / "data" / "specs.toml").read_text("utf-8"))["headings"]["words"]
    alternation = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"[{BULLET_CHARS}]?\s*(?:{alternation})\s*:?", regex.I)


def is_spec_heading(text: str) -> bool:
    """A heading that names a spec list ("Specifications", "Technische Daten:")."""
    return _heading().fullmatch(text.strip()) is not None


def is_spec_line(text: str) -> bool:
    """A "Label: value" line of a spec list: a label of a few words, a short value."""
    m = _SPEC_LINE.fullmatch(text.strip())
    return (m is not None and len(m["label"].split()) <= _MAX_LABEL_WORDS
            and len(m["value"].split()) <= _MAX_VALUE_WORDS)


def keep_spec_lists(decisions: Sequence[Decision], min_run: int) -> Sequence[Decision]:
    """`decisions` with every spec list that verdicts dropped kept (its heading and its run of at
    least `min_run` spec lines); the same object when there is none."""
    texts = [d.block.text for d in decisions]
    judged = [d.reasons[0].rule.startswith(VERDICTS) for d in decisions]
    out: list[Decision] | None = None
    for i, text in enumerate(texts):
        if not judged[i] or len(text) > _MAX_HEADING_CHARS or not is_spec_heading(text):
            continue
        end = _run_end(texts, judged, i + 1)
        if end - i - 1 < min_run:
            continue
        # a sub-heading with its own run goes on with the list ("Fahrleistung und Verbrauch")
        while end < len(texts) and judged[end] and _is_sub_heading(texts[end]):
            more = _run_end(texts, judged, end + 1)
            if more - end - 1 < min_run:
                break
            end = more
        out = keep_span(decisions, out, i, end,
                        Reason(RULE, f"in a spec list under {texts[i].strip()!r} (blocks {i}-{end - 1})"))
    return decisions if out is None else tuple(out)


def _run_end(texts: Sequence[str], judged: Sequence[bool], start: int) -> int:
    """Where the run of judged spec lines that starts at `start` ends (exclusive)."""
    end = start
    while end < len(texts) and judged[end] and is_spec_line(texts[end]):
        end += 1
    return end


def _is_sub_heading(text: str) -> bool:
    """A short line that is not a spec line itself ("Fahrleistung und Verbrauch", "Dimensions")."""
    return 0 < len(text.split()) <= _MAX_SUB_HEADING_WORDS and not is_spec_line(text)
