"""The shipped rules' prefilter analysis, precomputed: analysing ~160 patterns costs a quarter of a
second at every start, so `clean one.txt` reads the result from data/prefilter.json instead.

The table maps each pattern to its needles and prefixes (prefilter.py). A pattern missing from it
(a rule edited since the file was written) is simply analysed at load time, so a stale file costs
speed, never correctness; tests/test_prefilter.py fails when the file is stale. Rewrite it with

    python bench/write_prefilter_data.py
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ANALYSIS_FILE = Path(__file__).parent / "data" / "prefilter.json"

Analysis = tuple["frozenset[str] | None", "frozenset[tuple] | None"]
"""(needles, prefixes) of one pattern, as prefilter.needles() and prefilter.prefixes() give them."""


def encode(analysis: Analysis) -> list:
    needles, prefixes = analysis
    return [sorted(needles) if needles is not None else None,
            sorted(([["".join(sorted(s[0])), "".join(sorted(s[1]))] if s is not None else None for s in p]
                    for p in prefixes), key=json.dumps) if prefixes is not None else None]


def decode(data: list) -> Analysis:
    needles, prefixes = data
    return (frozenset(needles) if needles is not None else None,
            frozenset(tuple((frozenset(s[0]), frozenset(s[1])) if s is not None else None for s in p)
                      for p in prefixes) if prefixes is not None else None)


@cache
def shipped_analysis() -> dict[str, Analysis]:
    """pattern -> (needles, prefixes) for the shipped rules; empty if the file is missing."""
    try:
        data = json.loads(ANALYSIS_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {pattern: decode(entry) for pattern, entry in data["patterns"].items()}


def fresh_analysis() -> dict[str, list]:
    """The encoded analysis of every shipped pattern, computed now."""
    from .prefilter import needles, prefixes
    from .rules import shipped_rules

    return {r.pattern: encode((needles(r.pattern), prefixes(r.pattern))) for r in shipped_rules()}


def write(path: Path = ANALYSIS_FILE) -> None:
    """One line per pattern, so that a rule edit shows as a small diff."""
    rows = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            for k, v in sorted(fresh_analysis().items())]
    note = json.dumps("written by bench/write_prefilter_data.py; do not edit")
    path.write_text('{"note": ' + note + ',\n"patterns": {\n' + ",\n".join(rows) + "\n}}\n", "utf-8")

