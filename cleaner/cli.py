"""The `clean` command: a thin layer over cleaner's library API."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .explain import explain
from .files import InputError, Job, read_document, up_to_date, walk, write_atomic
from .pipeline import Cleaner
from .result import Result
from .rules import RuleError, RuleTimeout, load_rules
from .settings import Settings

EXAMPLES = """\
examples:
  clean page.txt                     print the article body of one page dump
  clean page.html --keep-title       HTML works too; put the title on the first line
  clean --explain page.txt           every block: kept (+) or dropped (-), label, rule, why
  clean dumps/ -o clean/             a folder tree: dumps/a/b.html -> clean/a/b.txt
  cat page.txt | clean -             read standard input
  clean dumps/ -o clean/ --jobs 8    8 worker processes (the output does not depend on N)
  clean dumps/ -o clean/ --rules mysite.toml --disable-rule en.byline
  clean --list-rules                 the rule ids, actions and why they exist

outputs: .txt, .html and .htm inputs are cleaned (other files are skipped and counted); each
output is the body, paragraphs separated by a blank line, written atomically. A rerun skips
outputs newer than their input (--overwrite redoes them).
exit status: 0 every document cleaned, 1 some failed (each named on stderr), 2 usage error.
"""


@dataclass
class Outcome:
    """What happened to one input."""

    job: Job
    error: str | None = None
    text: str = ""
    removed: Counter[str] = field(default_factory=Counter)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="clean",
        description="Strip boilerplate (menus, bylines, captions, share widgets, copyright "
                    "lines, comment sections) from scraped web pages, keeping the article body.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sources", nargs="*", metavar="SRC", type=Path,
                   help="files or folders (recursive); '-' reads standard input")
    p.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="output folder; without it, the body is printed to standard output")
    p.add_argument("--explain", action="store_true",
                   help="print every block with its decision (with -o: write OUT/X.explain)")
    p.add_argument("--keep-title", action="store_true", help="put the title on the first line")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per core)")
    p.add_argument("--rules", action="append", type=Path, default=[], metavar="FILE.toml",
                   help="extra rule file (repeatable); same format as cleaner/data/rules/*.toml")
    p.add_argument("--disable-rule", action="append", default=[], metavar="ID",
                   help="turn off one rule by id (repeatable)")
    p.add_argument("--language", metavar="CODE", help="force the language (ISO 639-1) instead of detecting it")
    p.add_argument("--overwrite", action="store_true", help="redo outputs that are already up to date")
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


_worker: tuple[Cleaner, bool, bool] | None = None


def _init_worker(settings: Settings, explain_: bool, keep_title: bool) -> None:
    global _worker
    _worker = (Cleaner(settings), explain_, keep_title)


def _run(job: Job) -> Outcome:
    assert _worker is not None
    cleaner, explain_, keep_title = _worker
    outcome = Outcome(job)
    try:
        text = read_document(job.src) if str(job.src) != "-" else sys.stdin.read()
        result = cleaner.clean_html(text) if job.kind == "html" else cleaner.clean(text)
    except (InputError, RuleTimeout) as exc:
        outcome.error = str(exc)
        return outcome
    except Exception as exc:  # a bug must cost one document, never the run
        outcome.error = f"internal error: {type(exc).__name__}: {exc}"
        return outcome
    outcome.removed = result.removed
    outcome.text = _output(result, keep_title)
    if job.out is not None:
        try:
            write_atomic(job.out, outcome.text)
            if explain_:
                write_atomic(job.out.with_name(job.out.name + ".explain"), explain(result))
        except OSError as exc:
            outcome.error = f"cannot write {job.out}: {exc.strerror or exc}"
    elif explain_:
        outcome.text = explain(result)
    return outcome


def _output(result: Result, keep_title: bool) -> str:
    parts = [result.title] if keep_title and result.title else []
    if result.text:
        parts.append(result.text)
    return "\n\n".join(parts) + "\n" if parts else ""


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        settings = Settings(rule_files=tuple(args.rules), disabled_rules=frozenset(args.disable_rule),
                            language=args.language)
        rules = load_rules(settings.rule_files, settings.disabled_rules, settings.regex_timeout_s)
    except RuleError as exc:
        p.error(str(exc))
    if args.list_rules:
        for r in rules.rules:
            print(f"{r.id:<34} {r.action:<5} {r.label:<11} {r.why}")
        return 0
    if not args.sources:
        p.error("give at least one SRC (a file, a folder or '-'); see the examples below --help")
    if args.jobs < 0:
        p.error("--jobs must be 0 (one per core) or more")
    stdin = [s for s in args.sources if str(s) == "-"]
    if stdin and (len(args.sources) > 1 or args.output):
        p.error("'-' (standard input) goes alone and without -o")
    if args.output is None and any(s.is_dir() for s in args.sources):
        p.error("a folder needs -o OUT (the output folder)")

    jobs, skipped, missing = walk(args.sources, args.output) if not stdin else ([Job(stdin[0], "text", None)], [], [])
    failed = [(str(path), why) for path, why in missing]
    todo = [j for j in jobs if args.overwrite or not up_to_date(j)]
    workers = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
    removed: Counter[str] = Counter()
    try:
        for outcome in _outcomes(todo, settings, args, workers):
            if outcome.error:
                failed.append((str(outcome.job.src), outcome.error))
                print(f"clean: {outcome.job.src}: {outcome.error}", file=sys.stderr)
                continue
            removed.update(outcome.removed)
            if outcome.job.out is None:
                if len(jobs) > 1:
                    sys.stdout.write(f"==> {outcome.job.src} <==\n")
                sys.stdout.write(outcome.text)
    except KeyboardInterrupt:
        print("clean: interrupted; finished outputs are complete, rerun to continue", file=sys.stderr)
        return 130
    for path, why in missing:
        print(f"clean: {path}: {why}", file=sys.stderr)
    if not args.quiet and args.output is not None:
        done = len(todo) - (len(failed) - len(missing))
        print(f"clean: {done} cleaned, {len(failed)} failed, {len(jobs) - len(todo)} up to date, "
              f"{len(skipped)} skipped (not .txt/.html/.htm); removed blocks: "
              + (", ".join(f"{k} {v}" for k, v in removed.most_common()) or "none"), file=sys.stderr)
    return 1 if failed else 0


def _outcomes(todo: list[Job], settings: Settings, args: argparse.Namespace, workers: int):
    if workers <= 1 or len(todo) <= 1:
        _init_worker(settings, args.explain, args.keep_title)
        yield from map(_run, todo)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker,
                             initargs=(settings, args.explain, args.keep_title)) as pool:
        yield from pool.map(_run, todo, chunksize=8)


if __name__ == "__main__":
    sys.exit(main())
