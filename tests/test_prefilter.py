"""The rule prefilter may only skip work: it must never hide a rule that matches a block."""

from __future__ import annotations

import regex

from cleaner import load_rules
from cleaner.blocks import split_text
from cleaner.prefilter import WEIRD, _may_be, canon, needles, prefixes
from cleaner.prefilter_data import decode, encode, fresh_analysis, shipped_analysis
from cleaner.rules import _BULLETS, shipped_rules

RULES = load_rules()
BLOCK_RULES = RULES._block_rules()  # the prefilter's bit order


def _cased_chars() -> list[str]:
    found = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        variants = (c.lower(), c.upper(), c.casefold(), c.title())
        if any(v != c for v in variants):
            found.add(c)
            found.update(v for v in variants if len(v) == 1)
    return sorted(found)


def test_canon_folds_what_regex_matches_case_insensitively() -> None:
    chars = _cased_chars()
    every = "".join(chars)
    for c in chars:
        for d in regex.findall("(?i)" + regex.escape(c), every):
            assert canon(c) == canon(d), (c, d)
    assert all(len(canon(c)) == 1 for c in chars)
    assert all(len(v) == 1 for v in WEIRD.values())


def test_category_supersets_hold_for_every_code_point() -> None:
    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    for cat, pattern in (("d", r"\d"), ("w", r"\w"), ("s", r"\s")):
        assert all(_may_be(c, cat) for c in set(regex.findall("(?i)" + pattern, every))), cat


def _examples() -> list[str]:
    texts = []
    for r in shipped_rules():
        for text in (*r.drop, *r.keep):
            texts += [text, text.upper(), text.lower(), f"• {text}", f"-{text}", f">  {text}", f"| {text}"]
    return texts


def test_prefilter_keeps_every_rule_that_matches() -> None:
    pf = RULES.prefilter()
    texts = _examples()
    alone = [RULES._alone_pattern(rule.action, RULES._by_action[rule.action].index(rule)) for rule in BLOCK_RULES]
    for text, mask in zip(texts, pf.masks(texts), strict=False):
        for i, (rule, pattern) in enumerate(zip(BLOCK_RULES, alone, strict=True)):
            if pattern.fullmatch(text):
                assert mask >> i & 1, (rule.id, text)


def test_filtered_scan_equals_the_combined_alternation() -> None:
    blocks = split_text("\n".join(_examples()))
    for action in ("drop", "cut"):
        fast = [(m.block, m.rule.id) for m in RULES.scan(blocks, action)]
        plain = [(m.block, m.rule.id) for m in RULES._scan_combined(blocks, action)]
        assert fast == plain


def test_analysis_is_conservative_on_unknown_syntax() -> None:
    assert needles(r"(?|a|b)x") is None  # branch reset: not analysed
    assert needles(r"\X") is None
    assert needles(r"ab{e<=1}") is None  # fuzzy matching
    assert needles(r"[[:alpha:]]+") is None
    assert prefixes(r"a*") is None  # matches the empty string
    assert needles(r"(?i:news)letter") == frozenset({"newsletter"})
    assert needles(r"a\(?b") is not None
    assert set(_BULLETS) == set("•·▪◦‣∙●○■□►▶»›>*+|-")


def test_the_shipped_analysis_is_current() -> None:
    """data/prefilter.json holds what analysing the shipped patterns gives now (a stale file only
    slows start-up, but it should not go unnoticed)."""
    stale = {p for p, entry in fresh_analysis().items() if shipped_analysis().get(p) != decode(entry)}
    assert not stale, (f"{len(stale)} shipped patterns changed since data/prefilter.json was written: "
                       "run `python bench/write_prefilter_data.py`")


def test_analysis_survives_encoding() -> None:
    for rule in BLOCK_RULES[:40]:
        analysis = (needles(rule.pattern), prefixes(rule.pattern))
        assert decode(encode(analysis)) == analysis
