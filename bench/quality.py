"""Snippet precision/recall/F1 of cleaner on ../shared/devset, with reference rows.

    python bench/quality.py                 # all rows on the whole devset
    python bench/quality.py --only text     # just cleaner's text mode (fast, for iterating)
    python bench/quality.py --split validation --worst 10   # error analysis on one split
    python bench/quality.py --only text --idempotence        # also: pages that change when cleaned again
    python bench/quality.py --only text --split train --deciders  # who decided the snippets' blocks

Rows: `raw dump` (the text field as it is), `cleaner text` (cleaner.clean on the text field),
`trafilatura html` (trafilatura.extract on the html field, comments excluded, tables kept), the
same with favor_precision, and cleaner.clean_html on the html field with each engine (default
trafilatura, and fast). Scoring is the rule in ../shared/devset/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devset  # noqa: E402

import cleaner  # noqa: E402
from cleaner.decide import VERDICTS  # noqa: E402
from cleaner.result import Decision  # noqa: E402

_FAST = cleaner.Settings(html_engine="fast")
ROWS: dict[str, tuple[str, Callable[[str], str]]] = {
    "raw": ("text", lambda text: text),
    "text": ("text", lambda text: cleaner.clean(text).text),
    "trafilatura": ("html", devset.trafilatura_text),
    "trafilatura-precision": ("html", lambda html: devset.trafilatura_text(html, favor_precision=True)),
    "html": ("html", lambda html: cleaner.clean_html(html).text),
    "html-fast": ("html", lambda html: cleaner.clean_html(html, _FAST).text),
}
NAMES = {"raw": "raw dump", "text": "cleaner text", "trafilatura": "trafilatura html",
         "trafilatura-precision": "trafilatura html, favor_precision",
         "html": "cleaner html (trafilatura engine)", "html-fast": "cleaner html --html-engine fast"}


def run(name: str, docs: list[dict]) -> tuple[devset.Score, float]:
    field, fn = ROWS[name]
    score = devset.Score()
    start = time.perf_counter()
    for doc in docs:
        try:
            output = fn(doc[field])
        except Exception as exc:  # a crash scores as an empty output, and is shown
            print(f"  {name}: {doc['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            output = ""
        score.add(doc, output)
    return score, time.perf_counter() - start


def not_idempotent(docs: list[dict], settings: cleaner.Settings | None = None) -> list[str]:
    """The documents whose text-mode output changes when it is cleaned again (with the language
    the first cleaning found, as a page's language is detected once): the README promises none."""
    settings = settings or cleaner.Settings()
    changed = []
    for doc in docs:
        once = cleaner.clean(doc["text"], settings)
        again = cleaner.clean(once.text, replace(settings, language=once.language))
        if again.text != once.text:
            changed.append(doc["id"])
    return changed


def holder(decisions: Sequence[Decision], texts: list[str], snippet: str) -> Decision | None:
    """The decision on the first block whose normalised text (`texts`) holds the snippet's probe."""
    at = devset.probe(snippet)
    return next((d for d, t in zip(decisions, texts, strict=True) if at in t), None)


def show_worst(docs: list[dict], score: devset.Score, n: int) -> None:
    """The N documents with the most fixable errors: must-keep snippets that are in the dump but
    not in the output, and must-drop snippets left in it (snippets absent from the dump are not
    counted: no text cleaner can recover them). Each snippet is shown with the block that holds it
    in text mode and the decision on it, reason first (`--show ID` lists all the page's blocks)."""
    by_id = {d["id"]: d for d in docs}
    rows = []
    for doc_id, _, _, lost_s, kept_s in score.per_doc:
        dump = devset.normalise(by_id[doc_id]["text"])
        fixable = [s for s in lost_s if devset.normalise(s) in dump]
        rows.append((len(fixable) + len(kept_s), doc_id, fixable, kept_s))
    for _, doc_id, lost_s, kept_s in sorted(rows, key=lambda r: (-r[0], r[1]))[:n]:
        doc = by_id[doc_id]
        result = cleaner.clean(doc["text"])
        texts = [devset.normalise(d.block.text) for d in result.decisions]
        print(f"\n### {doc_id} {doc['url']}  lost={len(lost_s)} kept_bad={len(kept_s)}")
        for mark, snippets in (("LOST", lost_s), ("KEPT", kept_s)):
            for s in snippets:
                d = holder(result.decisions, texts, s)
                where = ("no single block holds it" if d is None else
                         f"block {d.block.index} {'kept' if d.kept else 'dropped'}: {str(d.reasons[0])[:120]}")
                print(f"  {mark}  {s[:100]!r}\n        {where}")


def deciders(docs: list[dict]) -> dict[str, list[int]]:
    """Who decided the blocks that hold labelled snippets, in text mode: per decider (`rule` for
    the rules and the steps after the verdicts, such as related links and introduced lists;
    `title`; `model` for the verdicts, decide.VERDICTS: the prose score and the keep model),
    [must-drop snippets, of them removed, must-keep snippets, of them kept]. A snippet no single
    block holds is left out.
    Rules are written from train pages' errors, so they reach further there than on unseen pages;
    this table shows how far, per split."""
    table = {name: [0, 0, 0, 0] for name in ("rule", "title", "model")}
    for doc in docs:
        result = cleaner.clean(doc["text"])
        out = devset.normalise(result.text)
        texts = [devset.normalise(d.block.text) for d in result.decisions]
        for column, snippets in ((0, doc["without"]), (2, doc["with"])):
            for s in snippets:
                d = holder(result.decisions, texts, s)
                if d is None:
                    continue
                whole = devset.normalise(s)
                rule = d.reasons[0].rule
                name = "model" if rule.startswith(VERDICTS) else "title" if rule.startswith("title") else "rule"
                table[name][column] += 1
                table[name][column + 1] += (whole not in out) if column == 0 else (whole in out)
    return table


def show_deciders(table: dict[str, list[int]]) -> None:
    drops = sum(row[0] for row in table.values()) or 1
    keeps = sum(row[2] for row in table.values()) or 1
    print(f"\nwho decided the snippets' blocks (text mode)\n{'decider':<8} {'must-drop':>9} {'share':>6} "
          f"{'removed':>7} {'must-keep':>9} {'share':>6} {'kept':>6}")
    for name, (drop, removed, keep, kept) in table.items():
        print(f"{name:<8} {drop:>9} {drop / drops:>6.1%} {removed:>7} {keep:>9} {keep / keeps:>6.1%} {kept:>6}")


def show_doc(doc: dict) -> None:
    """Every block of one document with its decision, marked W when it holds a must-keep
    snippet and X when it holds a must-drop one."""
    result = cleaner.clean(doc["text"])
    print(f"### {doc['id']} {doc['url']} title={result.title!r} language={result.language}")
    for d in result.decisions:
        text = devset.normalise(d.block.text)
        mark = ("W" if any(devset.probe(s) in text for s in doc["with"]) else " ") + (
            "X" if any(devset.probe(s) in text for s in doc["without"]) else " ")
        print(f"{mark} {'+' if d.kept else '-'} {d.label:<10} {str(d.reasons[0])[:90]:<90} | {text[:90]}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=list(ROWS), default=list(ROWS),
                    help="rows to measure (default: all)")
    ap.add_argument("--split", choices=["all", "train", "validation"], default="all")
    ap.add_argument("--limit", type=int, help="first N documents only")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst documents of the text row")
    ap.add_argument("--show", nargs="+", metavar="ID", help="explain these documents block by block")
    ap.add_argument("--idempotence", action="store_true",
                    help="also count the documents whose text-mode output changes when cleaned again")
    ap.add_argument("--deciders", action="store_true",
                    help="also count who decided the blocks holding snippets: rules, the title, or "
                         "the model; rules reach further on the train split they were written from")
    args = ap.parse_args(argv)
    if args.show:
        for doc in devset.load():
            if doc["id"] in args.show:
                show_doc(doc)
        return

    docs = devset.load(args.split, args.limit)
    print(f"devset: {len(docs)} documents ({args.split}), "
          f"{sum(len(d['with']) for d in docs)} with / {sum(len(d['without']) for d in docs)} without snippets\n")
    print(f"{'row':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>8} {'ms/doc':>7}")
    scores = {}
    for name in args.only:
        score, seconds = run(name, docs)
        scores[name] = score
        print(f"{NAMES[name]:<34} {score.precision:>9.3f} {score.recall:>7.3f} {score.f1:>6.3f} "
              f"{score.accuracy:>8.3f} {1000 * seconds / len(docs):>7.1f}", flush=True)
    if args.idempotence:
        changed = not_idempotent(docs)
        print(f"\ntext mode, cleaned again: {len(changed)} of {len(docs)} documents change"
              + (f" ({', '.join(changed[:10])}{' ...' if len(changed) > 10 else ''})" if changed else ""))
    if args.deciders:
        show_deciders(deciders(docs))
    if args.worst and "text" in scores:
        show_worst(docs, scores["text"], args.worst)


if __name__ == "__main__":
    main()
