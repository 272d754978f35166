"""Page furniture the cleaner keeps inside an article: a rule-coverage probe.

    python bench/probe.py                 # per language: strings, kept, and the share kept
    python bench/probe.py --show de en    # also list the kept strings of these languages
    PYTHONPATH=<other checkout> python bench/probe.py   # the same lists against other code

Each line of `bench/probes/<lang>.txt` is a string that sites print around their articles: a
button, a form label, a section header, a subscription prompt ("Zur Kasse", "Post Comment",
"Pflichtfelder"). Each is set alone between two paragraphs of its language's prose
(`bench/probes/paragraphs.toml`: twice the first above it, twice the second below), which is where
the keep model is least sure a short line is chrome, and the page is cleaned. A string that is
kept there is a candidate for a rule, unless it can be article text (a sub-heading such as
"Settings"). The lists are invented or the platforms' own wording, not devset lines, so rules
written from them do not fit the devset; but the rules are written from these lists, so the count
shows what the rules cover, not how far they carry to other sites.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

import tomllib

import cleaner

PROBES = Path(__file__).parent / "probes"


class Probe(NamedTuple):
    """One list's outcome: its language, how many strings it holds and which of them were kept."""

    language: str
    strings: int
    kept: tuple[str, ...]


def read_list(path: Path) -> list[str]:
    """A probe list's strings: its non-blank lines that are no comment ('#')."""
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_kept(text: str, above: str, below: str) -> bool:
    """Whether `text`, alone on a line between two paragraphs above and two below, is kept."""
    result = cleaner.clean("\n\n".join([above, above, text, below, below]))
    return any(d.kept and d.block.text.strip() == text.strip() for d in result.decisions)


def probe(directory: Path = PROBES) -> list[Probe]:
    """Every list of `directory` cleaned string by string."""
    paragraphs = tomllib.loads((directory / "paragraphs.toml").read_text("utf-8"))
    out = []
    for path in sorted(directory.glob("*.txt")):
        language = path.stem
        if language not in paragraphs:
            raise SystemExit(f"{path}: no paragraphs for {language!r} in {directory / 'paragraphs.toml'}")
        above, below = paragraphs[language]
        strings = read_list(path)
        out.append(Probe(language, len(strings), tuple(s for s in strings if is_kept(s, above, below))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", nargs="*", metavar="LANG", help="list the kept strings (of these languages; all if none)")
    ap.add_argument("--dir", type=Path, default=PROBES, help="the probe lists (default: bench/probes)")
    args = ap.parse_args(argv)
    results = probe(args.dir)
    print(f"{'list':<6} {'strings':>8} {'kept':>6} {'share':>7}")
    for p in results:
        print(f"{p.language:<6} {p.strings:>8} {len(p.kept):>6} {len(p.kept) / max(p.strings, 1):>7.1%}")
    total, kept = sum(p.strings for p in results), sum(len(p.kept) for p in results)
    print(f"{'all':<6} {total:>8} {kept:>6} {kept / max(total, 1):>7.1%}")
    if args.show is not None:
        for p in results:
            if not args.show or p.language in args.show:
                for s in p.kept:
                    print(f"  {p.language}  {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
