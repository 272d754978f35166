"""A literal prefilter for the rules: which rules could match a block at all, found in one pass.

Each rule's pattern is analysed once for its *needles*: a set of strings one of which every match of
the pattern must contain (`.{0,150}\\bnewsletter.{0,150}` needs "newsletter"; `(?:home|menu)` needs
"home" or "menu"). All needles of all rules go into one Aho-Corasick automaton (pyahocorasick) that
runs over the case-folded document in C; a rule is then tried (with `regex`, exactly as before)
only on the blocks that contain one of its needles. A rule whose needles cannot be derived
is tried on every block, so the filter can only skip work, never change a result:

* the analysis is conservative: anything it does not understand yields "no needles";
* matching is done in a case-folded space (`canon`) where two characters that `regex`'s
  case-insensitive matching treats as equal always fold to the same character;
* rules from user files are always tried (a user pattern that backtracks must still time out).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from re import _constants as C  # noqa: N812
from re import _parser as sre_parse

import ahocorasick

from .prefilter_data import Analysis, shipped_analysis

# Characters that `regex` matches case-insensitively with a character whose str.lower() differs
# (the dotless i, the long s, final sigma, the micro sign, ...), each with the lower-case character
# of its class. Text is folded with str.lower() after these are replaced, so every class folds to one
# character and the length never changes. Derived from regex's case tables; tests/test_prefilter.py
# recomputes it.
_WEIRD_PAIRS = (  # pairs: character, the character it folds to
    "\u00b5\u03bc\u0130\u0069\u0131\u0069\u017f\u0073\u0345\u03b9\u03c2\u03c3\u03d0\u03b2\u03d1\u03b8\u03d5\u03c6\u03d6\u03c0\u03f0\u03ba\u03f1\u03c1\u03f5\u03b5\u1c80\u0432\u1c81\u0434\u1c82\u043e\u1c83\u0441\u1c84\u0442\u1c85\u0442\u1c86\u044a\u1c87\u0463\u1c88\ua64b\u1e9b\u1e61\u1fbe\u03b9\u1fd3\u0390\u1fe3\u03b0\ufb06\ufb05"
)
WEIRD = {_WEIRD_PAIRS[i]: _WEIRD_PAIRS[i + 1] for i in range(0, len(_WEIRD_PAIRS), 2)}
_WEIRD_TABLE = {ord(k): v for k, v in WEIRD.items()}
_WEIRD_RE = re.compile("[" + "".join(map(re.escape, WEIRD)) + "]")

MAX_EXACT = 256     # largest set of exact strings carried through the analysis
MAX_CLASS = 12      # a character class with more (folded) members is "any character"
MAX_LEN = 40        # longest needle kept


def canon(text: str) -> str:
    """`text` case-folded for needle matching: same length, one character per `regex` case class."""
    if _WEIRD_RE.search(text) is not None:
        text = text.translate(_WEIRD_TABLE)
    return text.lower()


def _canon_char(ch: str) -> str:
    ch = WEIRD.get(ch, ch)
    low = ch.lower()
    return low if len(low) == 1 else ch


# --- pattern analysis ---------------------------------------------------------------------------

_UNSUPPORTED = re.compile(
    r"(?P<escape>\\[^XmMGKLNQEhHvVRZ])"  # an ordinary escape: skipped, so "\\(?" is a literal
    r"|\\."                                # regex-only escapes (graphemes, word starts, lists, ...)
    r"|\(\?(?:[|(&R0-9+]|-\d|P>|P&)"     # branch reset, conditionals, recursion, subroutine calls
    r"|\(\?[a-zA-Z-]*[VfrwbepLu]"         # flags whose meaning differs (version, full case, ...)
    r"|\{\s*[edis]\s*[<=]"                # fuzzy matching
    r"|\[:\^?[A-Za-z]+:\]"                # POSIX classes [[:alpha:]]
    r"|\(\?<[A-Za-z_]"                    # (?<name>...) groups
)


def _unsupported(pattern: str) -> bool:
    return any(m.lastgroup != "escape" for m in _UNSUPPORTED.finditer(pattern))


_PROPERTY = re.compile(r"\\[pP]\{\^?[\w&.= -]+\}|\\[pP][A-Za-z]")


def _simplify(pattern: str) -> str | None:
    """The pattern with every lookahead and lookbehind removed (they match no characters, so
    leaving them out can only let more strings match) and every \\p{...} property turned into
    "any character", in a form the standard `re` parser reads; None if it cannot be scanned."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth, j = 0, i
            while j < n:
                ch = pattern[j]
                if ch == "\\":
                    j += 2
                    continue
                if ch == "[":
                    j = _class_end(pattern, j)
                    if j < 0:
                        return None
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                return None
            i = j + 1
            continue
        ch = pattern[i]
        if ch == "\\":
            prop = _PROPERTY.match(pattern, i)
            if prop:
                out.append(r"[\w\W]")
                i = prop.end()
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[":  # copied whole, its properties made "any character"
            j = _class_end(pattern, i)
            if j < 0:
                return None
            out.append(_PROPERTY.sub(r"\\w\\W", pattern[i:j + 1]))
            i = j + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _class_end(pattern: str, i: int) -> int:
    """Index of the "]" closing the class that opens at `i`, or -1."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j if j < len(pattern) else -1


class _Unknown(Exception):
    pass


Info = tuple["frozenset[str] | None", "frozenset[str] | None"]  # (exact strings, needles)


def _quality(needles: frozenset[str] | None) -> tuple[int, int]:
    if not needles or "" in needles:
        return (-1, 0)
    return (min(map(len, needles)), -len(needles))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    return a if _quality(a) >= _quality(b) else b


def _as_needles(exact: frozenset[str] | None) -> frozenset[str] | None:
    if exact is None or "" in exact or any(len(s) > MAX_LEN for s in exact):
        return None
    return exact


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > MAX_EXACT:
        return None
    out = frozenset(x + y for x in a for y in b)
    return out if all(len(s) <= MAX_LEN for s in out) else None


def _class_chars(items: list) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(_canon_char(chr(av)))
        elif op is C.RANGE:
            lo, hi = av
            if hi - lo > 4 * MAX_CLASS:
                return None
            chars.update(_canon_char(chr(c)) for c in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY (\d \w \s ...)
            return None
    return frozenset(chars) if len(chars) <= MAX_CLASS else None


def _seq(items: Iterable) -> Info:
    exact: frozenset[str] | None = frozenset({""})
    whole = True  # exact still describes every item so far
    needles: frozenset[str] | None = None
    for item in items:
        e, r = _node(item)
        needles = _better(needles, r)
        if exact is not None and e is not None:
            joined = _product(exact, e)
            if joined is not None:
                exact = joined
                continue
        needles = _better(needles, _as_needles(exact))
        whole = False
        exact = e
    needles = _better(needles, _as_needles(exact))
    return (exact if whole else None), needles


def _node(item) -> Info:
    op, av = item
    if op is C.LITERAL:
        return frozenset({_canon_char(chr(av))}), None
    if op is C.IN:
        chars = _class_chars(av)
        return chars, None
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset({""}), None
    if op is C.SUBPATTERN:
        return _seq(av[-1])
    if op is C.ATOMIC_GROUP:
        return _seq(av)
    if op is C.BRANCH:
        parts = [_seq(branch) for branch in av[1]]
        exact: frozenset[str] | None = None
        if all(e is not None for e, _ in parts) and sum(len(e) for e, _ in parts) <= MAX_EXACT:
            exact = frozenset().union(*(e for e, _ in parts))
        per_branch = [_better(r, _as_needles(e)) for e, r in parts]
        if any(_quality(r)[0] < 0 for r in per_branch):
            return exact, None
        return exact, frozenset().union(*per_branch)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        e, r = _seq(sub)
        exact = None
        if e is not None and hi <= 4:
            power: frozenset[str] | None = frozenset({""})
            options: set[str] = set()
            for k in range(hi + 1):
                if k >= lo:
                    options |= power
                if k < hi:
                    power = _product(power, e) if power is not None else None
                    if power is None:
                        break
            else:
                if len(options) <= MAX_EXACT:
                    exact = frozenset(options)
        if lo == 0:
            return exact, None
        return exact, _better(r, _as_needles(e))
    if op in (C.ANY, C.NOT_LITERAL, C.GROUPREF, C.CATEGORY):
        return None, None
    raise _Unknown(op)  # GROUPREF_EXISTS and anything newer: no needles for the whole rule


_GIVE_UP = (re.error, _Unknown, RecursionError, OverflowError, ValueError)


@lru_cache(maxsize=4096)
def _parse(pattern: str) -> sre_parse.SubPattern | None:
    """The pattern's parse tree, in the subset of syntax this analysis understands, or None."""
    if _unsupported(pattern):
        return None
    stripped = _simplify(pattern)
    if stripped is None:
        return None
    try:
        return sre_parse.parse(stripped)
    except _GIVE_UP:
        return None


@lru_cache(maxsize=4096)
def needles(pattern: str) -> frozenset[str] | None:
    """Strings one of which (folded with `canon`) occurs in every block the pattern fullmatches;
    None when the pattern gives no such guarantee that this analysis can prove."""
    tree = _parse(pattern)
    if tree is None:
        return None
    try:
        _, found = _seq(tree)
    except _GIVE_UP:
        return None
    if not found or "" in found or any("\n" in s or "\r" in s for s in found):
        return None
    return found


_CATEGORIES = {C.CATEGORY_DIGIT: "d", C.CATEGORY_WORD: "w", C.CATEGORY_SPACE: "s"}
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
MAX_PREFIXES = 4000
# A symbol is one character position: (folded characters, categories "d" "w" "s"), or None for any
# character. A prefix is a tuple of up to PREFIX_LEN symbols; a shorter one is a whole match.
Symbol = "tuple[frozenset[str], frozenset[str]] | None"
PREFIX_LEN = 2


class _TooMany(Exception):
    pass


def _symbol(item) -> Symbol:
    op, av = item
    if op is C.LITERAL:
        return frozenset({_canon_char(chr(av))}), frozenset()
    if op is C.IN:
        chars: set[str] = set()
        cats: set[str] = set()
        for sub, value in av:
            if sub is C.LITERAL:
                chars.add(_canon_char(chr(value)))
            elif sub is C.RANGE and value[1] - value[0] <= 2000:
                chars.update(_canon_char(chr(c)) for c in range(value[0], value[1] + 1))
            elif sub is C.CATEGORY and value in _CATEGORIES:
                cats.add(_CATEGORIES[value])
            else:  # NEGATE, \W \D \S, huge ranges
                return None
        return frozenset(chars), frozenset(cats)
    return None  # ., [^x]


def _prefixes_seq(items, k: int) -> set[tuple]:
    """Every prefix of up to `k` symbols that a match of the sequence can start with; a prefix
    shorter than `k` is a whole match."""
    done: set[tuple] = set()  # full-length prefixes
    current: set[tuple] = {()}
    for item in items:
        nxt: set[tuple] = set()
        by_room: dict[int, set[tuple]] = {}
        for t in current:
            room = k - len(t)
            if room not in by_room:
                by_room[room] = _prefixes_node(item, room)
            for u in by_room[room]:
                (done if len(t) + len(u) == k else nxt).add(t + u)
        current = nxt
        if len(done) + len(current) > MAX_PREFIXES:
            raise _TooMany
        if not current:
            break
    return done | current


def _prefixes_node(item, k: int) -> set[tuple]:
    op, av = item
    if op in (C.LITERAL, C.IN, C.ANY, C.NOT_LITERAL):
        return {(_symbol(item),)}
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {()}
    if op is C.SUBPATTERN:
        return _prefixes_seq(av[-1], k)
    if op is C.ATOMIC_GROUP:
        return _prefixes_seq(av, k)
    if op is C.BRANCH:
        out: set[tuple] = set()
        for branch in av[1]:
            out |= _prefixes_seq(branch, k)
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        if lo > 64:
            raise _TooMany
        once = _prefixes_seq(sub, k)
        out = set()
        current: set[tuple] = {()}
        count = 0
        while True:
            if count >= lo:
                out |= current
            if count >= hi or count > lo + k or not current:
                break
            nxt = set()
            for t in current:
                for u in once:
                    joined = (t + u)[:k]  # a longer prefix of the repeat, cut to k, is a prefix too
                    (out if len(joined) == k else nxt).add(joined)
            current = nxt
            count += 1
            if len(out) + len(current) > MAX_PREFIXES:
                raise _TooMany
        return out
    raise _Unknown(op)  # back-references and anything unknown: no prefix information


@lru_cache(maxsize=4096)
def prefixes(pattern: str) -> frozenset[tuple] | None:
    """The prefixes (see _prefixes_seq) of every match of the pattern, None when unknown."""
    tree = _parse(pattern)
    if tree is None:
        return None
    try:
        found = _prefixes_seq(tree, PREFIX_LEN)
    except (*_GIVE_UP, _TooMany):
        return None
    if () in found:  # the pattern matches the empty string: no prefix tells it apart
        return None
    return frozenset(found)


def analyse(pattern: str) -> Analysis:
    """(needles, prefixes) of a pattern: from the shipped table when it is there, else computed."""
    known = shipped_analysis().get(pattern)
    return known if known is not None else (needles(pattern), prefixes(pattern))


def _fits(ch: str, symbol: Symbol) -> bool:
    if symbol is None:
        return True
    chars, cats = symbol
    return _canon_char(ch) in chars or any(_may_be(ch, cat) for cat in cats)


# Unicode general categories that may hold a character of regex's \\d, \\w and \\s outside ASCII
# (a superset: "Cn" covers characters that regex's newer Unicode tables know and Python's do not;
# tests/test_prefilter.py checks every code point against regex itself).
_MAY_BE = {
    "d": frozenset({"Nd", "Nl", "No", "Cn"}),
    "w": frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Cf", "So", "Cn"}),
    "s": frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn"}),
}


def _may_be(ch: str, cat: str) -> bool:
    """Whether `ch` may belong to regex's \\d, \\w or \\s (exact for ASCII, a superset beyond)."""
    if ch.isascii():
        if cat == "d":
            return "0" <= ch <= "9"
        if cat == "w":
            return ch.isalnum() or ch == "_"
        return ch in _ASCII_SPACE
    return ch.isspace() or unicodedata.category(ch) in _MAY_BE[cat]


# --- the one-pass scan ----------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _automaton(needle_bits: tuple[tuple[str, int], ...]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton that reports every needle occurrence with its rule bits."""
    automaton = ahocorasick.Automaton()
    for needle, bits in needle_bits:
        automaton.add_word(needle, bits)
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=64)
def prefilter(patterns: tuple[str | None, ...], bullets: str) -> Prefilter:
    """A Prefilter, shared by the rule sets with the same patterns (it only caches, never changes)."""
    return Prefilter(patterns, bullets)


_END = object()  # the match ends here


class Prefilter:
    """For a sequence of patterns (each matched whole against a block after an optional list
    bullet): per block, the bit mask of the patterns that could match it."""

    def __init__(self, patterns: Sequence[str | None], bullets: str) -> None:
        """`patterns[i]` is rule i's pattern, or None for a rule that must always be tried;
        `bullets` are the characters of the optional bullet prefix."""
        self.size = len(patterns)
        self.bullets = frozenset(bullets)
        self.no_needles = 0   # rules tried whatever the block contains
        self.any_start = 0    # rules that may start with anything
        # prefixes grouped by first symbol: {first: {second symbol or _END: rule bits}}
        self._by_first_char: dict[str, dict[object, int]] = {}
        self._by_first_other: dict[Symbol, dict[object, int]] = {}
        by_needle: dict[str, int] = {}
        for i, pattern in enumerate(patterns):
            bit = 1 << i
            found, starts = analyse(pattern) if pattern is not None else (None, None)
            if starts is None:
                self.any_start |= bit
            else:
                for t in starts:
                    second = t[1] if len(t) > 1 else _END
                    for first in (t[0][0] if t[0] is not None and not t[0][1] else (t[0],)):
                        table = self._by_first_char if isinstance(first, str) else self._by_first_other
                        seconds = table.setdefault(first, {})
                        seconds[second] = seconds.get(second, 0) | bit
            if found is not None and starts is not None and all(s[0] is not None for s in starts) \
                    and any(len(s) <= 2 and any(c.isalnum() for c in s) for s in found):
                found = None  # "de", "m": in nearly every block; the start already tells more
            if found is None:
                self.no_needles |= bit
            else:
                for s in found:
                    by_needle[s] = by_needle.get(s, 0) | bit
        self._automaton = _automaton(tuple(sorted(by_needle.items()))) if by_needle else None
        self._by_start: dict[str, int] = {}
        self._firsts: dict[str, list[tuple[object, int]]] = {}
        self.needle_count = len(by_needle)

    def _seconds(self, first: str) -> list[tuple[object, int]]:
        """For a first character: (second symbol or _END, rule bits) of every prefix it fits."""
        found = self._firsts.get(first)
        if found is None:
            merged: dict[object, int] = dict(self._by_first_char.get(_canon_char(first), {}))
            for sym, seconds in self._by_first_other.items():
                if _fits(first, sym):
                    for second, bits in seconds.items():
                        merged[second] = merged.get(second, 0) | bits
            found = list(merged.items())
            if len(self._firsts) < 100_000:
                self._firsts[first] = found
        return found

    def _start_mask(self, key: str) -> int:
        """The rules whose match may start with `key`: two characters, or one that ends the text."""
        mask = self._by_start.get(key)
        if mask is not None:
            return mask
        mask = self.any_start
        second = key[1] if len(key) > 1 else None
        for sym, bits in self._seconds(key[0]):
            if sym is _END:
                if second is None:
                    mask |= bits
            elif second is not None and (mask | bits) != mask and _fits(second, sym):  # type: ignore[arg-type]
                mask |= bits
        if len(self._by_start) < 200_000:
            self._by_start[key] = mask
        return mask

    def starts(self, text: str) -> int:
        """The rules that may match `text` as far as its first two characters tell: the match
        starts at 0, or, after a bullet, at any point of the white space that follows it (if the
        text ends there, only rules that match the empty string, already in any_start). An empty
        text (a block of soft hyphens, which rules read past) tells nothing: every rule may."""
        if not text:
            return -1
        mask = self._start_mask(text[:2])
        if text[0] in self.bullets:
            for i in range(1, len(text)):
                mask |= self._start_mask(text[i:i + 2])
                ch = text[i]
                if not (ch.isspace() or ch in "\u180e\u200b\ufeff"):
                    break
        return mask

    def masks(self, texts: Sequence[str]) -> list[int]:
        """Per text (without line breaks), the mask of the patterns that could fullmatch it."""
        hits = [self.no_needles] * len(texts)
        if self._automaton is not None and texts:
            joined = canon("\n".join(texts))  # needles hold no line break: no hit spans two texts
            ends = []
            pos = -1
            for t in texts:
                pos += len(t) + 1
                ends.append(pos)  # index of the "\n" after text i
            block = 0
            for end, bits in self._automaton.iter(joined):
                while ends[block] < end:
                    block += 1
                hits[block] |= bits
        starts = self.starts
        return [h & starts(t) if h else 0 for h, t in zip(hits, texts, strict=False)]
