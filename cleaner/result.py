"""What cleaning produced: the body, the title, and one explained decision per input block."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .blocks import Block

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a block was kept or dropped: a rule id (`en.leave-a-reply`) or a scorer verdict
    (`score.bad`), with the details that decided (the matched text, the feature values)."""

    rule: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.rule} ({self.detail})" if self.detail else self.rule


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one block. `label` says what the block is: body, title, chrome, byline,
    attribution, caption, copyright, comments, related, ..."""

    block: Block
    kept: bool
    label: str
    reasons: tuple[Reason, ...]
    score: float = 0.0


def keep_span(decisions: Sequence[Decision], out: list[Decision] | None, start: int, end: int,
              reason: Reason) -> list[Decision] | None:
    """`out` with the dropped blocks `start`..`end - 1` of `decisions` kept as body, `reason` first
    and their own reasons behind; `out` is a copy of `decisions` made on first need (None: none yet)."""
    for k in range(start, end):
        d = decisions[k]
        if not d.kept:
            out = out if out is not None else list(decisions)
            out[k] = Decision(d.block, True, "body", (reason, *d.reasons), d.score)
    return out


@dataclass(frozen=True, slots=True)
class Result:
    """The cleaned document. `text == render(decisions)`; the title is never part of `text`."""

    text: str
    title: str | None
    language: str | None
    decisions: tuple[Decision, ...] = field(repr=False)

    @property
    def removed(self) -> Counter[str]:
        """Dropped block counts per label."""
        return Counter(d.label for d in self.decisions if not d.kept)

    @property
    def removed_chars(self) -> Counter[str]:
        """Dropped characters per label."""
        counts: Counter[str] = Counter()
        for d in self.decisions:
            if not d.kept:
                counts[d.label] += len(d.block.text)
        return counts

    @property
    def rules_fired(self) -> Counter[str]:
        """How often each rule id or scorer verdict decided a removal."""
        return Counter(d.reasons[0].rule for d in self.decisions if not d.kept and d.reasons)


def render(decisions: tuple[Decision, ...] | list[Decision]) -> str:
    """The body: kept blocks, one paragraph each, separated by one blank line, in NFC."""
    return nfc(PARAGRAPH_BREAK.join(d.block.text for d in decisions if d.kept))


def nfc(text: str) -> str:
    """`text` in Unicode NFC, as trafilatura writes its output: one code point for "é", not "e"
    and a combining accent. The body and the title are written so; blocks keep the input's text."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
