"""Blocks: the lines of a text dump, with their offsets into the input."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# Every line break that str.splitlines() knows, so "\r\n", "\u2028" and friends all end a line.
_LINE = regex.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")

# List bullets and arrows that dumps put before menu and list items; not part of a block's words.
BULLET_CHARS = "•·▪◦‣∙●○■□►▶»›>*+-"
BULLET = regex.compile(rf"^(?:[{BULLET_CHARS}]|\d{{1,2}}[.)])\s+")
SOFT_HYPHEN = "\u00ad"
"""An invisible hyphenation hint inside a word ("Redak\u00adteurin"): rules and features read past it."""


@dataclass(frozen=True, slots=True)
class Block:
    """One non-blank line of the input: `text` is `source[start:end]`, stripped of outer space."""

    index: int
    start: int
    end: int
    text: str

    @property
    def bullet(self) -> bool:
        """True when the line is a list item ("• Home", "1. Step")."""
        return BULLET.match(self.text) is not None


def split_text(text: str) -> list[Block]:
    """Split `text` into non-blank lines; what lies between blocks is only white space."""
    blocks: list[Block] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        blocks.append(Block(len(blocks), start, start + len(stripped), stripped))
    return blocks


def squash_space(text: str) -> str:
    """Every run of white space as one plain space, for comparing the same line as two HTML
    engines wrote it (they space and break lines differently)."""
    return " ".join(text.split())
