"""Running many inputs: documents and shard batches through a process pool, results taken back in
input order, so outputs (and a shard's records) do not depend on the number of workers."""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .files import Job, read_error
from .progress import Progress
from .report import FileReport
from .rules import RuleSet
from .settings import Settings
from .shards import ShardError, ShardWriter, parquet_schema, read_batches
from .work import BatchOutcome, DocOutcome, Options, clean_file, clean_lines, clean_table, init, output_schema

IN_FLIGHT_PER_WORKER = 3
"""Tasks queued per worker: enough to keep it busy, few enough to bound memory (a task is at most
one batch of records)."""
MAX_STDERR_ERRORS = 10
"""Record errors printed per file; the rest are counted (all are in --report, up to its limit)."""


@dataclass
class _File:
    job: Job
    report: FileReport
    schema: Any = None
    writer: ShardWriter | None = None
    failed: bool = False
    printed: int = 0


class _Done:
    """A result computed at once (one process: no pool)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


Emit = Callable[[Job, str], None]


def run(jobs: list[Job], settings: Settings, options: Options, workers: int, progress: Progress,
        emit: Emit, rules: RuleSet | None = None) -> list[FileReport]:
    """Clean every job; write outputs; return one report per job, in order. `emit` receives the
    text of jobs without an output path (standard output). `rules`, already loaded for `settings`,
    saves loading them again when the work runs in this process."""
    files: list[_File] = []
    pending: deque[tuple[_File, Future[Any] | _Done, int]] = deque()
    pool = _Pool(workers, settings, options) if workers > 1 else None
    if pool is None:
        init(settings, options, rules)
    limit = max(1, workers * IN_FLIGHT_PER_WORKER)
    interrupted = False
    try:
        for f, fn, arg, read_bytes in _tasks(jobs, options, files):
            if fn is None:
                pending.append((f, _Done(arg), read_bytes))
            elif pool is None:
                pending.append((f, _Done(fn(arg)), read_bytes))
            else:
                pending.append((f, pool.submit(fn, arg), read_bytes))
            while len(pending) > limit or pending and isinstance(pending[0][1], _Done):
                _take(*pending.popleft(), options, progress, emit)
        while pending:
            _take(*pending.popleft(), options, progress, emit)
    except KeyboardInterrupt:
        interrupted = True
        if pool is not None:  # stop now, not after the queued batches: their outputs are not written
            pool.terminate()
        raise
    finally:
        for f in files:
            if f.writer is not None:
                f.writer.abort()  # only an interrupted run gets here with a writer open
        if pool is not None and not interrupted:
            # After a Ctrl-C the executor is left alone: the interrupt may have landed while this
            # thread held one of its locks, and shutting it down could then wait forever (a CI run
            # once hung 120 s there or at exit). The workers are terminated; `entry` ends the process.
            pool.executor.shutdown(cancel_futures=True)
    return [f.report for f in files]


class _Pool:
    """Worker processes; when one dies (a crash in a C library, the OOM killer), the tasks in
    flight with it fail and a new pool takes the next ones: the run goes on."""

    def __init__(self, workers: int, settings: Settings, options: Options) -> None:
        self.args = (workers, settings, options)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, settings, options = self.args
        executor = ProcessPoolExecutor(workers, initializer=init, initargs=(settings, options))
        # fork the workers now, before this process reads any Parquet (pyarrow starts threads,
        # and forking a process with threads is unsafe)
        executor.submit(int).result()
        return executor

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future[Any]:
        try:
            return self.executor.submit(fn, arg)
        except BrokenProcessPool:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            return self.executor.submit(fn, arg)

    def terminate(self) -> None:
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.terminate()


_END = "end"


def _tasks(jobs: list[Job], options: Options, files: list[_File]) -> Iterator[tuple[_File, Any, Any, int]]:
    """(file, function, argument, input bytes it covers) per task, in input order; function None
    marks the end of a file, its argument then the error that ended the reading, if any."""
    for job in jobs:
        f = _File(job, FileReport(str(job.src), str(job.out) if job.out else None, job.kind))
        files.append(f)
        size = _size(job)
        f.report.bytes_in = size
        if not job.is_shard:
            yield f, clean_file, job, size
            yield f, None, (_END, None), 0
            continue
        error = None
        try:
            if job.kind == "parquet":
                try:
                    schema = parquet_schema(job.src)
                except (ValueError, OSError) as exc:  # pyarrow's ArrowInvalid is a ValueError
                    if isinstance(exc, OSError) and exc.errno is not None:
                        raise
                    raise ShardError(f"not a readable Parquet file: {exc}") from None
                f.schema = _check_schema(schema, options)
            for batch in read_batches(job.src):
                if f.failed:
                    break
                yield f, clean_table if job.kind == "parquet" else clean_lines, batch, batch.read_bytes
        except ShardError as exc:
            error = str(exc)
        except OSError as exc:
            error = read_error(job.src, exc)
        except Exception as exc:  # pyarrow's own errors on a file that is not Parquet
            error = f"cannot read: {type(exc).__name__}: {exc}"
        yield f, None, (_END, error), 0


def _size(job: Job) -> int:
    try:
        return os.stat(job.src).st_size if str(job.src) != "-" else 0
    except OSError:
        return 0


def _check_schema(schema: Any, options: Options) -> Any:
    import pyarrow as pa

    i = schema.get_field_index(options.text_field)
    if i < 0:
        raise ShardError(f"no column {options.text_field!r} (--text-field) in {', '.join(schema.names)}")
    type_ = schema.field(i).type
    if not (pa.types.is_string(type_) or pa.types.is_large_string(type_)):
        raise ShardError(f"column {options.text_field!r} is {type_}, not a string")
    return output_schema(schema, options)


def _take(f: _File, result: Future[Any] | _Done, read_bytes: int, options: Options, progress: Progress,
          emit: Emit) -> None:
    """Fold one finished task into its file: counts, errors, output."""
    report = f.report
    try:
        value = result.result()
    except Exception as exc:  # a worker died (killed, out of memory): this file fails
        value = DocOutcome(fatal=f"worker failed: {type(exc).__name__}: {exc}")
    if isinstance(value, tuple):
        _finish(f, value[1], progress)
        return
    outcome: DocOutcome | BatchOutcome = value
    progress.update(outcome.records, read_bytes)
    if f.failed:
        return
    report.records += outcome.records
    report.documents += outcome.documents
    report.removed_blocks.update(outcome.removed_blocks)
    report.removed_chars.update(outcome.removed_chars)
    report.removed_by_rule.update(outcome.removed_by_rule)
    report.clean_seconds += outcome.seconds
    if outcome.warning:
        report.warnings.append(outcome.warning)
        _say(progress, f"{f.job.src}: warning: {outcome.warning}")
    for record, message in outcome.errors:
        report.error(message, record)
        f.printed += 1
        if f.printed <= MAX_STDERR_ERRORS:
            _say(progress, f"{f.job.src}" + (f":{record}" if record else "") + f": {message}")
    if outcome.fatal:
        f.failed = True
        if not outcome.errors:
            report.error(outcome.fatal)
            _say(progress, f"{f.job.src}: {outcome.fatal}")
        return
    if isinstance(outcome, DocOutcome):
        report.bytes_out = outcome.bytes_out
        if f.job.out is None:
            emit(f.job, outcome.text)
        return
    try:
        if f.writer is None:
            f.writer = ShardWriter(f.job.out, f.schema)  # type: ignore[arg-type]
        if outcome.table is not None:
            f.writer.write_table(outcome.table)
        else:
            f.writer.write_lines(outcome.lines)
    except OSError as exc:
        f.failed = True
        report.error(f"cannot write {f.job.out}: {exc.strerror or exc}")
        _say(progress, f"{f.job.src}: cannot write {f.job.out}: {exc.strerror or exc}")


def _finish(f: _File, error: str | None, progress: Progress) -> None:
    """A file's last task is in: commit or drop its output, settle its status."""
    report = f.report
    report.seconds = time.monotonic() - report.started
    if error:
        report.error(error)
        _say(progress, f"{f.job.src}: {error}")
    if f.printed > MAX_STDERR_ERRORS:
        _say(progress, f"{f.job.src}: {f.printed - MAX_STDERR_ERRORS} more errors (see --report)")
    if not f.job.is_shard:
        report.status = "failed" if f.failed else "cleaned"
        return
    if f.writer is None and not f.failed and not error:
        if f.job.kind == "parquet":  # no rows: an empty shard with the schema
            try:
                f.writer = ShardWriter(f.job.out, f.schema)  # type: ignore[arg-type]
            except OSError as exc:
                report.error(f"cannot write {f.job.out}: {exc.strerror or exc}")
                _say(progress, f"{f.job.src}: cannot write {f.job.out}: {exc.strerror or exc}")
        else:
            report.error("empty file: no records")
            _say(progress, f"{f.job.src}: empty file: no records")
    if f.failed or f.writer is None:
        if f.writer is not None:
            f.writer.abort()
        f.writer = None
        report.status = "failed"
        return
    try:
        f.writer.commit()
        report.bytes_out = os.stat(f.writer.path).st_size
        report.status = "partial" if error else "cleaned"
    except OSError as exc:
        report.error(f"cannot write {f.job.out}: {exc.strerror or exc}")
        report.status = "failed"
    f.writer = None


def _say(progress: Progress, message: str) -> None:
    progress.clear()
    print(f"clean: {message}", file=sys.stderr)
