"""The `clean` command: a thin layer over cleaner's library API."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from . import __version__
from .files import Job, output_name, remove_stale_parts, up_to_date, walk
from .html import ENGINES
from .progress import Progress
from .report import FileReport, write_report
from .rules import RuleError, load_rules
from .run import run
from .settings import Settings
from .work import CONTENT, ON_ERROR, Options

INTERRUPTED = 130
"""The exit status after Ctrl-C (128 + SIGINT), as shells report it."""


EXAMPLES = """\
examples:
  clean page.txt                     print the article body of one page dump
  clean page.html --keep-title       HTML works too; put the title on the first line
  clean pages/ -o out/ --html-engine fast
                                     HTML through resiliparse's full-page text (billions of pages)
  clean --explain page.txt           every block: kept (+) or dropped (-), label, rule, why
  clean dumps/ -o clean/             a folder tree: dumps/a/b.html -> clean/a/b.txt
  cat page.txt | clean -             read standard input
  clean dumps/ -o clean/ --jobs 8    8 worker processes (the output does not depend on N)
  clean dumps/ -o clean/ --rules mysite.toml --disable-rule en.byline
  clean shards/ -o clean/ --text-field content --report run.json
                                     JSONL (.gz, .zst) and Parquet shards: the field is cleaned
                                     in place, title and a 'cleaner' summary are added
  clean --list-rules                 the rule ids, actions and why they exist

outputs: .txt, .html and .htm inputs are cleaned; .jsonl, .jsonl.gz, .jsonl.zst and .parquet
shards are cleaned record by record into a shard of the same name and format; other files are
skipped and counted. Every output is written atomically. A rerun skips outputs newer than their
input (--overwrite redoes them).
exit status: 0 every document cleaned, 1 some failed (each named on stderr), 2 usage error.
"""


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
                   help="print every block with its decision (with -o: write OUT/X.explain; documents only)")
    p.add_argument("--keep-title", action="store_true", help="put the title on the first line")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="worker processes (default 0 = one per core)")
    p.add_argument("--rules", action="append", type=Path, default=[], metavar="FILE.toml",
                   help="extra rule file (repeatable); same format as cleaner/data/rules/*.toml")
    p.add_argument("--disable-rule", action="append", default=[], metavar="ID",
                   help="turn off one rule by id (repeatable)")
    p.add_argument("--html-engine", choices=ENGINES, default=Settings().html_engine,
                   help="HTML to text: trafilatura finds the main content, the lead it left out above "
                        "it is added back from the page text, and the rules clean it (the more precise); "
                        "fast converts the whole page with resiliparse, cleans it as a page dump and "
                        "checks the kept blocks against resiliparse's main-content guess (default trafilatura)")
    p.add_argument("--language", metavar="CODE", help="force the language (ISO 639-1) instead of detecting it")
    p.add_argument("--overwrite", action="store_true", help="redo outputs that are already up to date")
    p.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    shards = p.add_argument_group("shards (.jsonl, .jsonl.gz, .jsonl.zst, .parquet)")
    shards.add_argument("--text-field", default="text", metavar="NAME", help="the field to clean (default text)")
    shards.add_argument("--output-field", metavar="NAME",
                        help="write the cleaned text here instead of replacing --text-field")
    shards.add_argument("--title-field", default="title", metavar="NAME", help="where the title goes (default title)")
    shards.add_argument("--summary-field", default="cleaner", metavar="NAME",
                        help="per-record summary: removed_blocks, removed_chars per label (default cleaner)")
    shards.add_argument("--content", choices=CONTENT, default="auto",
                        help="what the field holds; auto: HTML when it starts with '<' or has an early "
                             "<html>, <body>, <p>, <div>... tag (default auto)")
    shards.add_argument("--on-error", choices=ON_ERROR, default="copy",
                        help="a record that cannot be cleaned (malformed JSON, missing field, timeout): "
                             "copy it unchanged, skip it, or fail the whole file (default copy)")
    limits = p.add_argument_group("limits and reporting")
    limits.add_argument("--doc-timeout", type=float, metavar="SECONDS",
                        help="a document taking longer is reported and passed through unchanged")
    limits.add_argument("--regex-timeout", type=float, metavar="SECONDS",
                        help="longest scan of one document by the rules of your --rules files (default "
                             f"{Settings().regex_timeout_s:g}; the shipped rules are tested not to backtrack)")
    limits.add_argument("--report", type=Path, metavar="FILE.json",
                        help="write a JSON report: per file records, bytes, removals, errors, timings")
    limits.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


def cores() -> int:
    """The cores this process may use."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        changes = {"regex_timeout_s": args.regex_timeout} if args.regex_timeout else {}
        settings = Settings(rule_files=tuple(args.rules), disabled_rules=frozenset(args.disable_rule),
                            language=args.language, html_engine=args.html_engine, **changes)  # type: ignore[arg-type]
        rules = load_rules(settings.rule_files, settings.disabled_rules, settings.regex_timeout_s)
    except RuleError as exc:
        p.error(str(exc))
    if args.list_rules:
        for r in rules.rules:
            print(f"{r.id:<34} {r.action:<5} {r.label:<11} {r.why}")
        return 0
    _check_usage(p, args)
    stdin = [s for s in args.sources if str(s) == "-"]
    jobs, skipped, missing = walk(args.sources, args.output) if not stdin else ([Job(stdin[0], "text", None)], [], [])
    if args.output is None and any(j.is_shard for j in jobs):
        p.error("a shard (.jsonl, .parquet ...) needs -o OUT (the output folder)")
    if args.output is not None and args.output.is_dir():
        remove_stale_parts(args.output)  # a killed run's temporary files
    todo = [j for j in jobs if args.overwrite or not up_to_date(j)]
    workers = cores() if args.jobs == 0 else args.jobs
    if len(todo) <= 1 and not any(j.is_shard for j in todo):
        workers = 1  # one document (or standard input): no pool to start
    options = Options(explain=args.explain, keep_title=args.keep_title, text_field=args.text_field,
                      output_field=args.output_field, title_field=args.title_field,
                      summary_field=args.summary_field, content=args.content, on_error=args.on_error,
                      doc_timeout_s=args.doc_timeout)
    progress = Progress(sum(_size(j) for j in todo), enabled=not args.quiet and sys.stderr.isatty())
    started = time.monotonic()

    def emit(job: Job, text: str) -> None:
        if len(jobs) > 1:
            sys.stdout.write(f"==> {job.src} <==\n")
        sys.stdout.write(text)

    try:
        reports = run(todo, settings, options, workers, progress, emit, rules)
    except KeyboardInterrupt:
        progress.clear()
        print("clean: interrupted; finished outputs are complete, rerun to continue", file=sys.stderr)
        return INTERRUPTED
    progress.clear()
    seconds = time.monotonic() - started
    for path, why in missing:
        print(f"clean: {path}: {why}", file=sys.stderr)
        reports.append(FileReport(str(path), None, "missing", "failed", errors=[{"message": why}], error_count=1))
    redone = set(todo)
    reports += [FileReport(str(j.src), str(j.out), j.kind, "up-to-date") for j in jobs if j not in redone]
    if args.report:
        write_report(args.report, reports, seconds, sys.argv[1:] if argv is None else argv, __version__)
    if not args.quiet and args.output is not None:
        print(_summary(reports, skipped, seconds), file=sys.stderr)
    return 1 if any(r.status in ("failed", "partial") or r.error_count for r in reports) else 0


def _check_usage(p: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if not args.sources:
        p.error("give at least one SRC (a file, a folder or '-'); see the examples below --help")
    if args.jobs < 0:
        p.error("--jobs must be 0 (one per core) or more")
    for name in ("doc_timeout", "regex_timeout"):
        if getattr(args, name) is not None and getattr(args, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be more than 0 seconds")
    stdin = [s for s in args.sources if str(s) == "-"]
    if stdin and (len(args.sources) > 1 or args.output):
        p.error("'-' (standard input) goes alone and without -o")
    if args.output is None and any(s.is_dir() for s in args.sources):
        p.error("a folder needs -o OUT (the output folder)")
    if args.output is not None:
        out = args.output.resolve()
        for s in args.sources:
            if s.is_dir() and s.resolve() == out or not s.is_dir() and (out / output_name(s)) == s.resolve():
                p.error(f"-o {args.output} would overwrite the input {s}; choose another output folder")


def _size(job: Job) -> int:
    try:
        return job.src.stat().st_size
    except OSError:
        return 0


def _summary(reports: list[FileReport], skipped: list[Path], seconds: float) -> str:
    status = Counter(r.status for r in reports)
    removed: Counter[str] = Counter()
    for r in reports:
        removed.update(r.removed_blocks)
    docs = sum(r.documents for r in reports)
    records = sum(r.records for r in reports if r.format in ("jsonl", "parquet"))
    errors = sum(r.error_count for r in reports if r.status not in ("failed",))
    return (f"clean: {status['cleaned'] + status['partial']} cleaned, {status['failed']} failed, "
            f"{status['up-to-date']} up to date, {len(skipped)} skipped (not a document or shard); "
            f"{docs} documents ({records} shard records, {errors} record errors) in {seconds:.1f}s; removed blocks: "
            + (", ".join(f"{k} {v}" for k, v in removed.most_common()) or "none"))


def entry() -> None:
    """The `clean` command: `main`, and after a Ctrl-C an exit that runs no more Python. The
    interpreter's exit would join the worker pool's management thread, which an interrupt can leave
    waiting on a lock for ever; the outputs are complete or removed by then, so nothing is lost."""
    status = main()
    if status == INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    entry()
