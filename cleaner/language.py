"""Stop-word lists (jusText's) and cheap language detection by stop-word hits."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import tomllib

WORD = regex.compile(r"\w+(?:['’]\w+)*")
_DATA = Path(__file__).parent / "data"
CJK_CHARS = r"\p{Han}\p{Hiragana}\p{Katakana}ー"
"""Chinese and Japanese writing (and the long-vowel mark ー, which Unicode counts as common to
both kana): words run together without spaces."""
FIRST_CJK = "\u2e80"
"""No character below the CJK Radicals block is Chinese or Japanese writing."""
_SOUTHEAST_ASIAN = tomllib.loads((_DATA / "southeast_asian.toml").read_text("utf-8"))
SOUTHEAST_ASIAN_SCRIPTS = {"th": "Thai", "lo": "Lao", "km": "Khmer", "my": "Myanmar"}
"""The languages of data/southeast_asian.toml and their writing (a Unicode script): Thai, Lao,
Khmer and Burmese run the words of a sentence together too."""
SEA_CHARS = "".join(rf"\p{{{script}}}" for script in SOUTHEAST_ASIAN_SCRIPTS.values())
UNSPACED_CHARS = CJK_CHARS + SEA_CHARS
_MAYBE_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\ua9e0-\uaa7f\uf900-\ufaff"
                             "\uff66-\uff9f\U000116d0-\U000116ff\U00016fe0-\U0003ffff]")
"""The blocks that hold writing without spaces between words (Thai and Lao, Burmese, Khmer,
Chinese and Japanese) and their neighbours (in the astral planes one range, emoji too): a cheap
first test. The standard library's search with these ranges reads a page ~4x faster than
`max(text)` or than `regex`'s script classes. Text it lets through without such writing is read
by UNSPACED_WORD as by WORD."""
_SEA_WORDS = "|".join(rf"[^\W\P{{{script}}}]{{1,{_SOUTHEAST_ASIAN['characters_per_word'][code]}}}"
                      for code, script in SOUTHEAST_ASIAN_SCRIPTS.items())
UNSPACED_WORD = regex.compile(rf"[{CJK_CHARS}]{{1,2}}|{_SEA_WORDS}"
                              rf"|[^\W{UNSPACED_CHARS}]+(?:['’][^\W{UNSPACED_CHARS}]+)*")
"""WORD for text without spaces between words: Chinese and Japanese are read two characters to
a word, Thai, Lao, Khmer and Burmese a few code points to a word (data/southeast_asian.toml)."""
_unmarked = _SOUTHEAST_ASIAN["unmarked_sentence_end"]
UNMARKED_SENTENCE_END = regex.compile("|".join(rf"[^\W\P{{{SOUTHEAST_ASIAN_SCRIPTS[code]}}}]"
                                               for code in _unmarked["languages"]))
"""A letter of a writing that marks no sentence end (Thai, Lao)."""
UNMARKED_SENTENCE_WORDS: int = _unmarked["min_words"]
"""How many words a block that ends in such a letter holds at least to read as a sentence."""
_CJK_CHAR = regex.compile(rf"[{CJK_CHARS}]")
_SEA_CHAR = regex.compile(rf"[{SEA_CHARS}]")
VOTING_WORD = re.compile(WORD.pattern)
"""WORD for the language vote, by the standard library: it reads a sample ~1.6x faster. Their \\w
differ outside the stop words' writing: the standard library's leaves out combining marks and
takes superscript digits, so that only a few words of the lists ('km²', Turkish 'i̇' with a
combining dot) are split otherwise."""
_DETECT_SAMPLE_CHARS = 20_000  # enough text to name a language; longer documents are not re-read


@dataclass(frozen=True, slots=True)
class StopWords:
    """The stop words of every supported language, and their union."""

    by_language: dict[str, frozenset[str]]
    union: frozenset[str]
    votes: dict[str, tuple[float, tuple[str, ...]]]
    """Per stop word, its weight as evidence and the languages it votes for. The weight is 1 / the
    number of lists holding the word: jusText's larger lists carry other languages' words
    (Finnish's holds 'the', 'and', 'der', 'und'), which must not vote for them as strongly as for
    the language they belong to."""
    unspaced: frozenset[str]
    """The languages written without spaces between words (Chinese, Japanese, Thai, ...): their
    pages quote Latin-script names and menus, so they are scored with the union, which holds
    their stop characters and words too."""


def has_unspaced(text: str) -> bool:
    """Whether `text` may hold writing without spaces between words (a few neighbouring symbols
    pass too)."""
    return _MAYBE_UNSPACED.search(text) is not None


def count_words(text: str, stop_words: frozenset[str]) -> tuple[int, int]:
    """How many words `text` holds, and how many of them are stop words. Chinese and Japanese
    writing is read two characters to a word, a stop word when it holds a stop character; Thai,
    Lao, Khmer and Burmese a few characters to a word, with their stop words found inside the
    run (data/southeast_asian.toml)."""
    if not has_unspaced(text):
        found = WORD.findall(text)
        return len(found), sum(map(stop_words.__contains__, found))
    stops = southeast_asian = 0
    found = UNSPACED_WORD.findall(text)
    for w in found:
        if w[0] >= FIRST_CJK and _CJK_CHAR.match(w) is not None:
            stops += any(c in stop_words for c in w)
        elif _SEA_CHAR.match(w) is not None:
            southeast_asian += 1
        else:
            stops += w in stop_words
    if southeast_asian:
        inside = _stop_words_inside(stop_words)
        stops += min(southeast_asian, len(inside.findall(text))) if inside else 0
    return len(found), stops


@cache
def _stop_words_inside(stop_words: frozenset[str]) -> regex.Pattern[str] | None:
    """The Thai, Lao, Khmer and Burmese words of `stop_words`, to find inside runs of text
    (the longest first: ที่สุด before ที่)."""
    words = sorted((w for w in stop_words if _SEA_CHAR.match(w)), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words))) if words else None


def _stoplist_dir() -> Path:
    # find_spec locates jusText's data without importing it (its import pulls in lxml's cleaner).
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jusText is not installed: `pip install justext` (cleaner needs its stop lists)")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@cache
def stop_words() -> StopWords:
    """Load the stop-word lists named in data/languages.toml (with data/stop_words.toml's lists
    in place of jusText's that do not fit), the stop characters of Chinese and Japanese in
    data/cjk.toml and the stop words of Thai, Lao, Khmer and Burmese in data/southeast_asian.toml
    (once per process)."""
    names = tomllib.loads((_DATA / "languages.toml").read_text("utf-8"))
    folder = _stoplist_dir()
    by_language = {
        code: frozenset(w.strip().lower() for w in (folder / f"{name}.txt").read_text("utf-8").split("\n") if w.strip())
        for code, name in names.items()
    }
    cjk = tomllib.loads((_DATA / "cjk.toml").read_text("utf-8"))["stop_characters"]
    by_language.update((code, frozenset(chars)) for code, chars in cjk.items())
    by_language.update((code, frozenset(words)) for code, words in _SOUTHEAST_ASIAN["stop_words"].items())
    own = tomllib.loads((_DATA / "stop_words.toml").read_text("utf-8"))["replace"]
    by_language.update((code, frozenset(words)) for code, words in own.items())
    holders: dict[str, list[str]] = {}
    for code, words in by_language.items():
        for w in words:
            holders.setdefault(w, []).append(code)
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per set of languages
    votes = {w: (1.0 / len(codes), shared.setdefault(tuple(codes), tuple(codes))) for w, codes in holders.items()}
    return StopWords(by_language, frozenset(holders), votes, frozenset(cjk) | frozenset(SOUTHEAST_ASIAN_SCRIPTS))


def detect_language(text: str, min_hits: int) -> str | None:
    """The language whose stop words occur most often in `text` (each occurrence weighted by how
    few lists hold the word), or None when fewer than `min_hits` of its stop words occur."""
    # Only words of two letters or more that are neither capitalised nor upper case vote: stop words
    # are written in lower case mid-sentence, while names ('John', 'Maria') and initials fill some
    # of jusText's lists. Words of writings without case (Arabic, Hebrew, Hindi, Korean) vote as they
    # are; in Chinese and Japanese writing each stop character votes, in Thai, Lao, Khmer and
    # Burmese each stop word found inside a run.
    stops = stop_words()
    votes = stops.votes
    scores: dict[str, float] = {}
    hits: Counter[str] = Counter()
    sample = text[:_DETECT_SAMPLE_CHARS]
    found = [(w, n) for w, n in Counter(VOTING_WORD.findall(sample)).items()
             if w in votes and len(w) > 1 and not w.isupper() and not w.istitle()]
    if has_unspaced(sample):
        found += [(c, n) for c, n in Counter(_CJK_CHAR.findall(sample)).items() if c in votes]
        inside = _stop_words_inside(stops.union)
        if inside is not None and _SEA_CHAR.search(sample):
            found += Counter(inside.findall(sample)).items()
    for w, n in found:
        weight, codes = votes[w]
        for code in codes:
            scores[code] = scores.get(code, 0.0) + n * weight
            hits[code] += n
    best, best_score = None, 0.0
    for code in stops.by_language:  # in list order: the first of equal scores wins
        if scores.get(code, 0.0) > best_score:
            best, best_score = code, scores[code]
    return best if best is not None and hits[best] >= min_hits else None


def stop_words_for(language: str | None) -> frozenset[str]:
    """The stop words to score a document with: its language's, or the union when it is unknown
    or written without spaces between words."""
    words = stop_words()
    return words.union if language in words.unspaced else words.by_language.get(language or "", words.union)
