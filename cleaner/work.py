"""What a worker process does: clean one document file, or one batch of shard records.

Every failure is caught here and returned as data (the file or record, and why): a bad input
costs one document or one record, never the run."""

from __future__ import annotations

import json
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .explain import explain
from .files import InputError, Job, read_document_noted, write_atomic
from .pipeline import Cleaner
from .result import Result
from .rules import RuleSet, RuleTimeout
from .settings import Settings
from .shards import Batch

ON_ERROR = ("copy", "skip", "fail")
CONTENT = ("auto", "html", "text")
# auto: a field is HTML when it starts with a tag or names one of these tags early on
_HTML_TAG = re.compile(rb"<(?:!doctype|html|head|body|p|div|br|article|span|a|table|ul|li|h[1-6])[\s>/]", re.I)
_HTML_SNIFF_CHARS = 2048


@dataclass(frozen=True)
class Options:
    """How documents and records are cleaned and written (the CLI's options, picklable)."""

    explain: bool = False
    keep_title: bool = False
    text_field: str = "text"
    output_field: str | None = None
    title_field: str = "title"
    summary_field: str = "cleaner"
    content: str = "auto"
    on_error: str = "copy"
    doc_timeout_s: float | None = None


class DocTimeout(BaseException):
    """A document took longer than --doc-timeout (a BaseException: libraries' broad `except
    Exception` must not swallow it)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocTimeout in the block after `seconds` (SIGALRM: main thread of a process only)."""
    if not seconds:
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise DocTimeout(f"document took longer than {seconds:g}s (--doc-timeout); passed through")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def looks_like_html(text: str) -> bool:
    """--content auto: HTML when the text starts with '<' (after whitespace), or its first 2,048
    characters hold a common tag (<html, <body, <p, <div, <br, <article, <a, <table, <h1 ...)."""
    head = text[:_HTML_SNIFF_CHARS]
    return head.lstrip().startswith("<") or _HTML_TAG.search(head.encode("utf-8", "replace")) is not None


@dataclass
class Counts:
    """What cleaning a file or a batch produced, merged into the report by the main process."""

    records: int = 0
    documents: int = 0
    removed_blocks: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    removed_by_rule: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    warning: str | None = None
    fatal: str | None = None  # the file fails as a whole (unreadable, or --on-error fail)
    seconds: float = 0.0

    def add(self, result: Result) -> None:
        self.documents += 1
        self.removed_blocks.update(result.removed)
        self.removed_chars.update(result.removed_chars)
        self.removed_by_rule.update(result.rules_fired)


@dataclass
class DocOutcome(Counts):
    """One document file: its counts, and its body when it goes to standard output."""

    text: str = ""
    bytes_in: int = 0
    bytes_out: int = 0


@dataclass
class BatchOutcome(Counts):
    """One batch of shard records, cleaned: output lines (JSONL) or an arrow RecordBatch."""

    lines: list[bytes] = field(default_factory=list)
    table: Any = None


_state: tuple[Cleaner, Options] | None = None


def init(settings: Settings, options: Options, rules: RuleSet | None = None) -> None:
    """Build this process's Cleaner once (the pool's initializer)."""
    global _state
    _state = (Cleaner(settings, rules), options)


def _clean(text: str, html: bool) -> Result:
    assert _state is not None
    cleaner, options = _state
    with time_limit(options.doc_timeout_s):
        return cleaner.clean_html(text) if html else cleaner.clean(text)


class Malformed(ValueError):
    """A shard record that is not what it should be (no JSON object, no text)."""


def _parse(line: bytes, field: str) -> tuple[dict[str, Any], str]:
    """A JSONL line's record and its text field, or Malformed saying what is wrong."""
    try:
        record = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise Malformed(str(exc)) from None
    if not isinstance(record, dict):
        raise Malformed("record is not a JSON object")
    text = record.get(field)
    if not isinstance(text, str):
        raise Malformed(f"field {field!r} is " + ("missing" if field not in record else f"a {type(text).__name__}"))
    return record, text


def _is_html(text: str, options: Options) -> bool:
    return options.content == "html" or options.content == "auto" and looks_like_html(text)


def _why(exc: BaseException) -> str:
    if isinstance(exc, Malformed):
        return f"malformed record: {exc}"
    if isinstance(exc, (InputError, RuleTimeout, DocTimeout)):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def _record_failed(out: BatchOutcome, number: int, exc: BaseException, options: Options) -> str:
    """Note a record that could not be cleaned, and its reason; under --on-error fail the whole
    file fails with it (out.fatal)."""
    why = _why(exc)
    out.errors.append((number, why))
    if options.on_error == "fail":
        out.fatal = f"record {number}: {why} (--on-error fail)"
    return why


def clean_file(job: Job) -> DocOutcome:
    """Clean one document file and write its output (and --explain sidecar)."""
    assert _state is not None
    options = _state[1]
    started = time.process_time()
    outcome = DocOutcome(records=1)
    try:
        stdin = str(job.src) == "-"
        text, outcome.warning = (sys.stdin.read(), None) if stdin else read_document_noted(job.src, job.kind == "html")
    except InputError as exc:
        outcome.fatal = str(exc)
        return outcome
    outcome.bytes_in = len(text.encode("utf-8", "surrogatepass"))
    try:
        result = _clean(text, job.kind == "html")
    except (Exception, DocTimeout) as exc:  # a bug or a timeout costs one document, never the run
        outcome.errors.append((None, _why(exc)))
        if options.on_error != "copy":
            outcome.fatal = _why(exc)
            return outcome
        outcome.text, result = text, None
    else:
        outcome.add(result)
        body = _body(result, options.keep_title)
        outcome.text = body + "\n" if body else ""
    outcome.bytes_out = len(outcome.text.encode("utf-8", "surrogatepass"))
    if job.out is not None:
        try:
            write_atomic(job.out, outcome.text)
            if options.explain and result is not None:
                write_atomic(job.out.with_name(job.out.name + ".explain"), explain(result))
        except OSError as exc:
            outcome.fatal = f"cannot write {job.out}: {exc.strerror or exc}"
    elif options.explain and result is not None:
        outcome.text = explain(result)
    outcome.seconds = time.process_time() - started
    return outcome


def _body(result: Result, keep_title: bool) -> str:
    """The body, with the title as its first paragraph when asked."""
    parts = [result.title] if keep_title and result.title else []
    if result.text:
        parts.append(result.text)
    return "\n\n".join(parts)


def _summary(result: Result) -> dict[str, Any]:
    return {"removed_blocks": sum(result.removed.values()), "removed_chars": dict(result.removed_chars)}


def clean_lines(batch: Batch) -> BatchOutcome:
    """Clean a batch of JSONL lines: each record's text field is cleaned in place (or into
    --output-field), the title and a summary are added, every other field stays as it was."""
    assert _state is not None
    options = _state[1]
    started = time.process_time()
    out = BatchOutcome()
    for number, line in enumerate(batch.items, batch.first):
        if not line.strip():
            out.lines.append(line)  # a blank line is no record: copied as it is
            continue
        out.records += 1
        try:
            record, text = _parse(line, options.text_field)
            result = _clean(text, _is_html(text, options))
        except (Exception, DocTimeout) as exc:
            if _record_failed(out, number, exc, options) and options.on_error == "copy":
                out.lines.append(line)
            if out.fatal:
                break
            continue
        out.add(result)
        record[options.output_field or options.text_field] = _body(result, options.keep_title)
        record[options.title_field] = result.title
        record[options.summary_field] = _summary(result)
        try:
            out.lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        except UnicodeEncodeError:  # lone surrogates from \\ud800 escapes: keep them escaped
            out.lines.append(json.dumps(record).encode("utf-8"))
    out.seconds = time.process_time() - started
    return out


def output_schema(schema: Any, options: Options) -> Any:
    """The Parquet output schema: the input's, with the cleaned text, title and summary columns
    (string; the summary is JSON) replaced in place or appended."""
    import pyarrow as pa

    new = {options.title_field: pa.string(), options.summary_field: pa.string()}
    if options.output_field:
        new = {options.output_field: pa.string(), **new}
    for name, type_ in new.items():
        i = schema.get_field_index(name)
        schema = schema.set(i, pa.field(name, type_)) if i >= 0 else schema.append(pa.field(name, type_))
    return schema


def clean_table(batch: Batch) -> BatchOutcome:
    """Clean a Parquet record batch: the same columns, the text cleaned, title and summary set.
    A record whose text is null is an error; --on-error copy keeps it unchanged (summary: the
    error), skip drops the row."""
    import pyarrow as pa

    assert _state is not None
    options = _state[1]
    started = time.process_time()
    out = BatchOutcome()
    table = batch.table
    texts = table.column(options.text_field).to_pylist()
    cleaned: list[str | None] = []
    titles: list[str | None] = []
    summaries: list[str | None] = []
    keep: list[bool] = []
    for number, text in enumerate(texts, batch.first):
        out.records += 1
        try:
            if not isinstance(text, str):
                raise Malformed(f"field {options.text_field!r} is null")
            result = _clean(text, _is_html(text, options))
        except (Exception, DocTimeout) as exc:
            why = _record_failed(out, number, exc, options)
            if out.fatal:
                break
            keep.append(options.on_error == "copy")
            cleaned.append(text)
            titles.append(None)
            summaries.append(json.dumps({"error": why}, ensure_ascii=False))
            continue
        out.add(result)
        keep.append(True)
        cleaned.append(_body(result, options.keep_title))
        titles.append(result.title)
        summaries.append(json.dumps(_summary(result), ensure_ascii=False))
    if out.fatal is None:
        schema = output_schema(table.schema, options)
        columns = {name: table.column(name) for name in table.schema.names}
        columns[options.output_field or options.text_field] = cleaned
        columns[options.title_field] = titles
        columns[options.summary_field] = summaries
        arrays = [pa.array(columns[f.name], type=f.type) if isinstance(columns[f.name], list)
                  else columns[f.name] for f in schema]
        out.table = pa.RecordBatch.from_arrays(arrays, schema=schema)
        if not all(keep):
            out.table = out.table.filter(pa.array(keep))
    out.seconds = time.process_time() - started
    return out
