"""Stop-word lists (jusText's) and cheap language detection by stop-word hits."""

from __future__ import annotations

import importlib.util
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import tomllib

WORD = regex.compile(r"\w+(?:['’]\w+)*")
_DATA = Path(__file__).parent / "data"
_DETECT_SAMPLE_CHARS = 20_000  # enough text to name a language; longer documents are not re-read


@dataclass(frozen=True, slots=True)
class StopWords:
    """The stop words of every supported language, and their union."""

    by_language: dict[str, frozenset[str]]
    union: frozenset[str]
    weights: dict[str, dict[str, float]]
    """Per language, each stop word's weight as evidence for it: 1 / the number of lists holding
    the word. jusText's larger lists carry other languages' words (Finnish's holds 'the', 'and',
    'der', 'und'), which must not vote for them as strongly as for the language they belong to."""


def _stoplist_dir() -> Path:
    # find_spec locates jusText's data without importing it (its import pulls in lxml's cleaner).
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jusText is not installed: `pip install justext` (cleaner needs its stop lists)")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@cache
def stop_words() -> StopWords:
    """Load the stop-word lists named in data/languages.toml (once per process)."""
    names = tomllib.loads((_DATA / "languages.toml").read_text("utf-8"))
    folder = _stoplist_dir()
    by_language = {
        code: frozenset(w.strip().lower() for w in (folder / f"{name}.txt").read_text("utf-8").split("\n") if w.strip())
        for code, name in names.items()
    }
    holders = Counter(w for words in by_language.values() for w in words)
    weights = {code: {w: 1.0 / holders[w] for w in words} for code, words in by_language.items()}
    return StopWords(by_language, frozenset().union(*by_language.values()), weights)


def detect_language(text: str, min_hits: int) -> str | None:
    """The language whose stop words occur most often in `text` (each occurrence weighted by how
    few lists hold the word), or None when fewer than `min_hits` of its stop words occur."""
    # Only lower-case words of two letters or more vote: stop words are written so mid-sentence,
    # while names ('John', 'Maria') and initials fill some of jusText's lists.
    counts = Counter(w for w in WORD.findall(text[:_DETECT_SAMPLE_CHARS]) if len(w) > 1 and w.islower())
    stops = stop_words()
    best, best_score, best_hits = None, 0.0, 0
    for code, words in stops.by_language.items():
        weight = stops.weights[code]
        found = words.intersection(counts)
        score = sum(counts[w] * weight[w] for w in found)
        if score > best_score:
            best, best_score, best_hits = code, score, sum(counts[w] for w in found)
    return best if best_hits >= min_hits else None


def stop_words_for(language: str | None) -> frozenset[str]:
    """The stop words to score a document with: its language's, or the union when unknown."""
    words = stop_words()
    return words.by_language.get(language or "", words.union)
