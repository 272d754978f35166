"""Block features and the prose score: how much a block reads like article text."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import tomllib

from .blocks import BULLET, SOFT_HYPHEN, Block
from .language import UNMARKED_SENTENCE_END, UNMARKED_SENTENCE_WORDS, count_words

_SENTENCE_END = regex.compile(r"[\p{Sentence_Terminal}…:;]")
"""What ends a sentence in any writing: Unicode's sentence terminals (. ! ? 。 and the Hindi
danda ।, the Urdu full stop ۔, the Arabic question mark ؟, Khmer ។, Burmese ။, ...), and the
ellipsis, colon and semicolon, after which a block of prose may end too."""
_FIRST_OTHER_STOP = "\u0589"  # the Armenian full stop: no sentence terminal lies between "?" and it
CLOSERS = "\"'“”„»«’‘)]」』）"
"""Quotes and brackets that may follow the last stop of a sentence or a headline, in every
language's style: “English”, „Deutsch“, »Deutsch«, «français», ‘single’, 「日本語」."""
_SEPARATOR = regex.compile(r"\s[|•·»/>]\s|\s[|•·»]|[|•·»]\s")
_SEPARATOR_CHARS = "|•·»/>"
_URL = regex.compile(r"https?://|www\.|\S@\S+\.\w")
_URL_MARKS = ("://", "www.", "@")  # one of them is in every text _URL finds: a cheap test first
_CAPITALISED = regex.compile(r"\b\p{Lu}")
_DIGIT = regex.compile(r"\d")
MAX_SEPARATORS = 5
HEADLINE_MAX_WORDS = 25  # a longer line without a sentence end is a run-on paragraph, not a headline


@dataclass(frozen=True, slots=True)
class Features:
    """What the scorer looks at in one block."""

    words: int
    stop_ratio: float
    sentence_end: bool
    capitals: float
    """The share of words that start with a capital; NaN in a writing without case (Hindi, Arabic,
    Chinese, Thai, ...), where it tells a menu from prose no better than a guess."""
    separators: int
    digits: float
    url: bool
    bullet: bool

    def vector(self) -> dict[str, float]:
        """The features as the scorer's weights see them."""
        return {
            "log_words": math.log1p(self.words),
            "stop_ratio": self.stop_ratio,
            "sentence_end": float(self.sentence_end),
            "capitals": self.capitals,
            "separators": float(min(self.separators, MAX_SEPARATORS)),
            "digits": self.digits,
            "url": float(self.url),
            "bullet": float(self.bullet),
            "headline": float(not self.sentence_end and self.words <= HEADLINE_MAX_WORDS),
        }


@dataclass(frozen=True, slots=True)
class Weights:
    bias: float
    weights: dict[str, float]


@cache
def weights() -> Weights:
    """The scorer's weights from data/scorer.toml."""
    data = tomllib.loads((Path(__file__).parent / "data" / "scorer.toml").read_text("utf-8"))
    return Weights(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


def features(block: Block, stop_words: frozenset[str]) -> Features:
    """Measure one block."""
    bullet = BULLET.match(block.text)
    text = block.text[bullet.end():] if bullet else block.text
    if SOFT_HYPHEN in text:  # an invisible hyphenation hint: "Zi\u00advil\u00adcou\u00adra\u00adge" is one word
        text = text.replace(SOFT_HYPHEN, "")
    lowered = text.lower()
    n, stops = count_words(lowered, stop_words)
    capitals = len(_CAPITALISED.findall(text))
    return Features(
        words=n,
        stop_ratio=stops / n if n else 0.0,
        sentence_end=ends_sentence(text) or n >= UNMARKED_SENTENCE_WORDS and _ends_unmarked(text),
        capitals=(capitals / n if capitals else _without_capitals(text, lowered)) if n else 0.0,
        separators=_separators(text),
        digits=len(_DIGIT.findall(text)) / max(len(text), 1),
        url=any(m in text for m in _URL_MARKS) and _URL.search(text) is not None,
        bullet=bullet is not None,
    )


def _ends_unmarked(text: str) -> bool:
    """Whether `text` ends in a writing that marks no sentence end (Thai, Lao): a long block that
    does reads as a sentence."""
    text = text.rstrip(CLOSERS + " ")
    return text != "" and UNMARKED_SENTENCE_END.match(text[-1]) is not None


def _without_capitals(text: str, lowered: str) -> float:
    """The capitals of a text whose words start with none: 0, or NaN (unknown) when it has
    letters but none with case."""
    return math.nan if lowered.upper() == lowered and any(c.isalpha() for c in text) else 0.0


def _separators(text: str) -> int:
    """How many menu separators (" | ", " • ", " / ", ...) the text holds."""
    if not any(c in text for c in _SEPARATOR_CHARS):
        return 0
    return len(_SEPARATOR.findall(text))


def ends_sentence(text: str) -> bool:
    """A stop (. ! ? … : ; or another writing's) ends the text, perhaps followed by closing
    quotes or brackets."""
    text = text.rstrip(CLOSERS)
    if text == "":
        return False
    last = text[-1]
    if last < _FIRST_OTHER_STOP:  # most text: only . ! ? : ; end a sentence below it
        return last in ".!?:;"
    return _SENTENCE_END.match(last) is not None


def score(f: Features) -> tuple[float, dict[str, float]]:
    """The prose score of a block and each feature's contribution to it; a feature that cannot be
    measured (NaN) contributes nothing."""
    w = weights()
    contributions = {name: w.weights[name] * value if value == value else 0.0 for name, value in f.vector().items()}
    return w.bias + sum(contributions.values()), contributions
