"""How often cleaner's text-mode title agrees with the page's metadata title, on ../shared/devset.

    python bench/titles.py                  # both splits
    python bench/titles.py --show 20        # also list 20 disagreements

The reference is trafilatura.extract_metadata(html).title (og:title and other meta tags first,
then a single <h1> or the <title>): a page's own name for its headline, often with a site name
around it. A title agrees when,
case and punctuation folded, one contains the other. The dump has no markup, so text mode finds
its title among the lines (title.py); this measures how often it finds the headline.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devset  # noqa: E402

import cleaner  # noqa: E402
from cleaner.title import normalise  # noqa: E402


def titles(doc: dict) -> tuple[str, str | None, str | None]:
    """(id, metadata title, text-mode title) of one devset page."""
    import trafilatura

    metadata = trafilatura.extract_metadata(doc["html"])
    return doc["id"], metadata.title if metadata else None, cleaner.clean(doc["text"]).title


def agrees(reference: str, found: str | None) -> bool:
    a, b = normalise(reference), normalise(found or "")
    return bool(a and b) and (a in b or b in a)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list N disagreements")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    docs = devset.load()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(titles, docs, chunksize=20))
    print(f"{'split':<11} {'pages':>6} {'agree':>6} {'none':>6} {'share':>6}")
    for split in ("train", "validation", "all"):
        mine = [(ref, got) for i, ref, got in rows if ref and split in ("all", devset.split_of(i))]
        agree = sum(agrees(ref, got) for ref, got in mine)
        none = sum(got is None for _, got in mine)
        print(f"{split:<11} {len(mine):>6} {agree:>6} {none:>6} {agree / len(mine):>6.3f}")
    shown = [(i, ref, got) for i, ref, got in rows if ref and not agrees(ref, got)][: args.show]
    for i, ref, got in shown:
        print(f"{i}  metadata {ref[:70]!r}  text mode {(got or '')[:70]!r}")


if __name__ == "__main__":
    main()
