"""Rule sets: boilerplate patterns kept as data (TOML), compiled into one scan per action.

A rule's pattern must match a whole block (a stripped line, after an optional list bullet); write
`.*` where "contains" is meant. Actions:
  drop  the block is boilerplate;
  cut   the block heads a comment or related-links section: it and everything after it go;
  trim  the pattern is a fragment removed from the title (a site-name suffix).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import tomllib

from .blocks import SOFT_HYPHEN, Block
from .prefilter import Prefilter, prefilter

ACTIONS = ("drop", "cut", "trim")
_SHIPPED = Path(__file__).parent / "data" / "rules"
_BULLETS = "•·▪◦‣∙●○■□►▶»›>*+|-"
_BULLET_PREFIX = rf"(?:[{_BULLETS}]\s*)?"
# An inline flag that is not scoped, "(?s)": in an alternation it would reach the other rules too,
# so rule sets with one are matched the plain way (never the case for the shipped rules).
_GLOBAL_FLAGS = regex.compile(r"(?<!\\)(?:\\\\)*\(\?[a-zA-Z]+\)")


class RuleError(ValueError):
    """A rule file that cannot be used: the message names the file and the rule."""


class RuleTimeout(RuntimeError):
    """A rule scan ran longer than Settings.regex_timeout_s (a pattern that backtracks)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate pattern with its provenance and the examples its tests run."""

    id: str
    pattern: str
    label: str
    action: str
    why: str
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    case_sensitive: bool = False
    html: bool = True
    """Whether the rule also judges the main content an HTML extractor returns (False for shapes
    that extractor writes itself, such as table rows joined by ' | ')."""
    source: str = ""

    def compiled(self) -> regex.Pattern[str]:
        """This rule alone, as the combined scan would apply it to one block."""
        return regex.compile(_wrap([self]) if self.action != "trim" else _alternation([self]))

    def matches(self, text: str) -> bool:
        """Whether the rule fires on `text` (a block, or a title for trim rules)."""
        pattern = self.compiled()
        if self.action == "trim":
            return pattern.search(text) is not None
        return pattern.fullmatch(text.strip()) is not None


@dataclass(frozen=True, slots=True)
class Match:
    """A rule that fired on a block."""

    rule: Rule
    block: int
    text: str


_ODD_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_FOLD = str.maketrans({**dict.fromkeys(_ODD_SPACES, " "), SOFT_HYPHEN: None})
_HAS_ODD_CHAR = regex.compile(f"[{_ODD_SPACES}{SOFT_HYPHEN}]")


def as_rules_read(text: str) -> str:
    """`text` as rules read it: every no-break and typographic space as a plain one (rules write a
    space as ' ', and dumps often carry U+00A0 where the page had '&nbsp;'), and without soft
    hyphens, the invisible hyphenation hints that split words ("Redak\u00adteurin")."""
    # str.translate is slow (a dict lookup per character); most lines need nothing
    return text.translate(_FOLD) if _HAS_ODD_CHAR.search(text) else text


def _alternation(rules: Sequence[Rule]) -> str:
    parts = []
    for i, rule in enumerate(rules):
        body = rule.pattern if rule.case_sensitive else f"(?i:{rule.pattern})"
        parts.append(f"(?P<r{i}>{body})")
    return "|".join(parts)


def _wrap(rules: Sequence[Rule]) -> str:
    return rf"{_BULLET_PREFIX}(?:{_alternation(rules)})"


class RuleSet:
    """Rules grouped by action. A block is matched as if against one alternation of all the rules
    of an action (`_wrap`): the first rule, in order, that matches the block whole wins (after a
    bullet, the longest bullet prefix under which some rule matches comes first). To make that
    cheap, a literal prefilter (prefilter.py) first finds, in one pass over the document, the few
    rules that could match each block; only those are tried, each compiled alone."""

    def __init__(self, rules: Iterable[Rule], timeout_s: float | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.timeout_s = timeout_s
        self._by_action = {a: [r for r in self.rules if r.action == a] for a in ACTIONS}
        self._scans: dict[str, regex.Pattern[str]] = {}  # combined alternations, compiled on demand
        self._alone: dict[str, list[regex.Pattern[str] | None]] = {
            a: [None] * len(rs) for a, rs in self._by_action.items()}
        self._plain = {a: any(_GLOBAL_FLAGS.search(r.pattern) for r in rs) for a, rs in self._by_action.items()}
        # Only rules from user files run under the timeout: passing one costs each try ~2.5 us
        # (a quarter of the rule scan), and the shipped patterns are tested not to backtrack
        # (tests/test_rules.py, near misses).
        self._shipped = frozenset(shipped_rules())
        self._timed = {a: [r not in self._shipped for r in rs] for a, rs in self._by_action.items()}
        self._prefilter: Prefilter | None = None
        self.prefilter()  # built now, as the combined patterns were, so that scans time only matching

    def __len__(self) -> int:
        return len(self.rules)

    def without(self, ids: Iterable[str]) -> RuleSet:
        """The same rules less the ones named (ids must exist)."""
        ids = set(ids)
        unknown = ids - {r.id for r in self.rules}
        if unknown:
            raise RuleError(f"no rule with id {', '.join(sorted(unknown))} (see `clean --list-rules`)")
        return RuleSet((r for r in self.rules if r.id not in ids), self.timeout_s)

    def _timed_scan(self, action: str) -> bool:
        """Whether a scan by the combined pattern of `action` runs under the timeout: only when a
        rule from a user file is part of it."""
        return self.timeout_s is not None and any(self._timed[action])

    def _scan_pattern(self, action: str) -> regex.Pattern[str] | None:
        scan = self._scans.get(action)
        if scan is None and self._by_action[action]:
            rs = self._by_action[action]
            scan = self._scans[action] = regex.compile(_wrap(rs) if action != "trim" else _alternation(rs))
        return scan

    def _block_rules(self) -> list[Rule]:
        return [r for a in ACTIONS if a != "trim" for r in self._by_action[a]]

    def prefilter(self) -> Prefilter:
        """The prefilter over the drop and cut rules, built on first use. Only shipped rules are
        analysed: a rule from a user file is tried on every block, as it always was."""
        if self._prefilter is None:
            self._prefilter = prefilter(tuple(r.pattern if r in self._shipped and not _GLOBAL_FLAGS.search(r.pattern)
                                              else None for r in self._block_rules()), _BULLETS)
        return self._prefilter

    def _alone_pattern(self, action: str, i: int) -> regex.Pattern[str]:
        """Rule i of `action` alone, wrapped as in the combined alternation (compiled on first use)."""
        pattern = self._alone[action][i]
        if pattern is None:
            pattern = self._alone[action][i] = regex.compile(_wrap([self._by_action[action][i]]))
        return pattern

    def scan(self, blocks: Sequence[Block], action: str) -> list[Match]:
        """Every block that a rule of `action` matches, with the rule that fired (each block is
        matched alone, so no pattern can reach across a line break)."""
        return self.scan_actions(blocks, (action,))[action]

    def scan_actions(self, blocks: Sequence[Block], actions: Sequence[str]) -> dict[str, list[Match]]:
        """`scan` for several actions, in order, sharing the prefilter's one pass over the blocks."""
        found: dict[str, list[Match]] = {}
        masks: list[int] | None = None
        texts: list[str] = []
        for action in actions:
            rules = self._by_action[action]
            if action == "trim" or not rules:
                found[action] = self._scan_combined(blocks, action) if rules else []
            elif self._plain[action]:
                found[action] = self._scan_combined(blocks, action)  # a global flag reaches other rules
            else:
                if masks is None:
                    texts = [as_rules_read(b.text) for b in blocks]
                    masks = self.prefilter().masks(texts)
                offset = 0 if action == "drop" else len(self._by_action["drop"])
                keep = (1 << len(rules)) - 1
                found[action] = self._scan_filtered(blocks, texts, action, [(m >> offset) & keep for m in masks])
        return found

    def _scan_filtered(self, blocks: Sequence[Block], texts: Sequence[str], action: str,
                       masks: list[int]) -> list[Match]:
        """Each block (`texts`: its text as rules read it) against the rules its mask names."""
        rules = self._by_action[action]
        alone = self._alone_pattern
        timed = self._timed[action]
        found = []
        deadline = None if self.timeout_s is None else time.monotonic() + self.timeout_s
        try:
            for b, text, mask in zip(blocks, texts, masks, strict=False):
                if not mask:
                    continue
                bullet = text != "" and text[0] in _BULLETS  # "": a block of soft hyphens
                best: tuple[int, int] | None = None  # (-start of the rule's match, rule index)
                while mask:
                    low = mask & -mask
                    mask ^= low
                    i = low.bit_length() - 1
                    if deadline is not None and timed[i]:
                        m = alone(action, i).fullmatch(text, timeout=max(deadline - time.monotonic(), 1e-6))
                    else:
                        m = alone(action, i).fullmatch(text)
                    if m is None:
                        continue
                    if not bullet:  # one way to match: the first rule in order wins
                        best = (0, i)
                        break
                    key = (-m.start("r0"), i)
                    if best is None or key < best:
                        best = key
                if best is not None:
                    found.append(Match(rules[best[1]], b.index, b.text))
        except TimeoutError as exc:
            raise RuleTimeout(f"{action} rules took longer than {self.timeout_s}s") from exc
        return found

    def _scan_combined(self, blocks: Sequence[Block], action: str) -> list[Match]:
        """The plain scan: every block against the combined alternation."""
        scan = self._scan_pattern(action)
        if scan is None:
            return []
        rules = self._by_action[action]
        found = []
        deadline = time.monotonic() + self.timeout_s if self._timed_scan(action) else None  # type: ignore[operator]
        try:
            for b in blocks:
                if deadline is None:  # even timeout=None costs each call ~1 us
                    m = scan.fullmatch(as_rules_read(b.text))
                else:
                    m = scan.fullmatch(as_rules_read(b.text), timeout=max(deadline - time.monotonic(), 1e-6))
                if m is not None:  # the outer named group closes last, so it is lastgroup
                    found.append(Match(rules[int(m.lastgroup[1:])], b.index, b.text))  # type: ignore[index]
        except TimeoutError as exc:
            raise RuleTimeout(f"{action} rules took longer than {self.timeout_s}s") from exc
        return found

    def trim(self, text: str) -> tuple[str, list[Match]]:
        """`text` with every trim-rule fragment removed, and the rules that fired."""
        scan = self._scan_pattern("trim")
        if scan is None:
            return text, []
        rules = self._by_action["trim"]
        fired: list[Match] = []

        def cut(m: regex.Match[str]) -> str:
            fired.append(Match(rules[int(m.lastgroup[1:])], -1, m.group()))  # type: ignore[index]
            return ""

        try:
            timed = self._timed_scan("trim")
            trimmed = (scan.sub(cut, text, timeout=self.timeout_s) if timed else scan.sub(cut, text)).strip()
        except TimeoutError as exc:
            raise RuleTimeout(f"trim rules took longer than {self.timeout_s}s") from exc
        return (trimmed or text), fired


_NUMBERED_BACKREF = regex.compile(r"\\[1-9]|\\g<\d+>")
_TEXT_KEYS = ("id", "pattern", "label", "action", "why")


def parse_rules(data: dict, source: str, compile_check: bool = True) -> list[Rule]:
    """Rules from one parsed TOML document (`[[rule]]` tables), validated; `compile_check=False`
    leaves compiling each pattern to its first use (the shipped rules, which the tests compile)."""
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise RuleError(f"{source}: rules must be an array of tables, written [[rule]]")
    return [_parse_rule(raw, f"{source}: rule #{n} ({raw.get('id', 'no id')})", source, compile_check)
            for n, raw in enumerate(raw_rules, 1)]


def _parse_rule(raw: dict, where: str, source: str, compile_check: bool = True) -> Rule:
    missing = set(_TEXT_KEYS) - raw.keys()
    if missing:
        raise RuleError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = raw.keys() - set(Rule.__slots__)
    if unknown:
        raise RuleError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    wrong = [k for k in _TEXT_KEYS if not isinstance(raw[k], str)]
    wrong += [k for k in ("drop", "keep") if not all(isinstance(e, str) for e in raw.get(k, []))]
    wrong += [k for k in ("case_sensitive", "html") if not isinstance(raw.get(k, False), bool)]
    if wrong:
        raise RuleError(f"{where}: {', '.join(wrong)} has the wrong type")
    if raw["action"] not in ACTIONS:
        raise RuleError(f"{where}: action must be one of {', '.join(ACTIONS)}")
    if _NUMBERED_BACKREF.search(raw["pattern"]):
        raise RuleError(f"{where}: numbered back-references (\\1) do not survive combining rules; "
                        "name the group, (?P<word>...) ... (?P=word)")
    try:
        if compile_check:
            regex.compile(raw["pattern"])
    except regex.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from None
    return Rule(**{**raw, "drop": tuple(raw.get("drop", ())), "keep": tuple(raw.get("keep", ())),
                   "source": source})


def load_rule_file(path: Path, compile_check: bool = True) -> list[Rule]:
    """Rules from one TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: {exc}") from None
    return parse_rules(data, path.name if path.parent == _SHIPPED else str(path), compile_check)


@cache
def shipped_rules() -> tuple[Rule, ...]:
    """The rule sets in cleaner/data/rules, universal first."""
    files = sorted(_SHIPPED.glob("*.toml"), key=lambda p: (p.stem != "universal", p.stem))
    return tuple(r for f in files for r in load_rule_file(f, compile_check=False))


def load_rules(extra: Sequence[Path] = (), disabled: Iterable[str] = (),
               timeout_s: float | None = None) -> RuleSet:
    """The shipped rules plus user files, less the disabled ids. Duplicate ids are an error."""
    rules = list(shipped_rules())
    for path in extra:
        rules.extend(load_rule_file(path))
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise RuleError(f"rule id {r.id!r} is defined twice ({seen[r.id]} and {r.source})")
        seen[r.id] = r.source
    ruleset = RuleSet(rules, timeout_s)
    return ruleset.without(disabled) if disabled else ruleset
