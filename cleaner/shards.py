"""Record shards: JSON Lines (plain, .gz, .zst) and Parquet, read and written as streams.

Readers yield batches of records, never a whole shard; writers write to a hidden temporary file
beside the output (`.NAME.XXXXXXXX.part`) and rename it into place on `commit()`, so an output
exists whole or not at all."""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SHARD_SUFFIXES = {".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".jsonl.zst": "jsonl", ".parquet": "parquet"}
BATCH_RECORDS = 256
"""Records per batch sent to a worker: one big shard keeps every worker busy."""
BATCH_BYTES = 1024 * 1024
"""A JSONL batch is cut earlier when its lines reach this size (large HTML records)."""
_CHUNK = 1024 * 1024


class ShardError(Exception):
    """A shard that cannot be read on (truncated, corrupt, wrong schema); records before it count."""


def shard_suffix(path: Path) -> str | None:
    """'.jsonl', '.jsonl.gz', '.jsonl.zst' or '.parquet' when `path` is a shard, else None."""
    name = path.name.lower()
    return next((s for s in SHARD_SUFFIXES if name.endswith(s)), None)


@dataclass
class Batch:
    """Consecutive records of one shard. `first` is the 1-based number of the first record (the
    line number in JSONL, the row number in Parquet); `read_bytes` how much of the file on disk
    was consumed to read it (for progress)."""

    first: int
    items: list[Any]
    read_bytes: int = 0
    table: Any = field(default=None, repr=False)  # Parquet: the pyarrow RecordBatch


def read_batches(path: Path, batch_records: int = BATCH_RECORDS) -> Iterator[Batch]:
    """The shard's records in order, in batches: raw lines (bytes, no newline) for JSONL, the
    pyarrow RecordBatch for Parquet. Raises ShardError (after yielding what came before) when
    the stream is truncated or corrupt, OSError when it cannot be opened."""
    suffix = shard_suffix(path)
    if suffix == ".parquet":
        yield from _parquet_batches(path, batch_records)
        return
    with open_input(path) as raw:
        lines = _zstd_lines(raw) if suffix == ".jsonl.zst" else _gzip_lines(raw) if suffix == ".jsonl.gz" \
            else iter(raw)
        yield from _line_batches(lines, raw, batch_records)


def open_input(path: Path) -> IO[bytes]:
    """Open an input file for reading (one place, so tests can simulate unreadable files)."""
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _line_batches(lines: Iterator[bytes], raw: IO[bytes], batch_records: int) -> Iterator[Batch]:
    items: list[bytes] = []
    first, size, pos = 1, 0, 0
    try:
        for line in lines:
            items.append(line.rstrip(b"\r\n"))
            size += len(line)
            if len(items) >= batch_records or size >= BATCH_BYTES:
                now = raw.tell()
                yield Batch(first, items, now - pos)
                first, items, size, pos = first + len(items), [], 0, now
    except (ShardError, OSError):  # a broken stream still delivers the records read before the break
        if items:
            yield Batch(first, items, raw.tell() - pos)
        raise
    if items:
        yield Batch(first, items, raw.tell() - pos)


def _gzip_lines(raw: IO[bytes]) -> Iterator[bytes]:
    try:
        yield from gzip.GzipFile(fileobj=raw, mode="rb")
    except (EOFError, gzip.BadGzipFile, OSError) as exc:
        raise ShardError(f"gzip stream broken: {exc}") from None


def _zstd_lines(raw: IO[bytes]) -> Iterator[bytes]:
    """Lines of a zstd stream (one or more frames); a stream that ends inside a frame is an error,
    which zstandard's own reader would not notice."""
    import zstandard

    def chunks() -> Iterator[bytes]:
        dctx = zstandard.ZstdDecompressor()
        dobj, pending = dctx.decompressobj(), False
        while data := raw.read(_CHUNK):
            while data:
                try:
                    yield dobj.decompress(data)
                except zstandard.ZstdError as exc:
                    raise ShardError(f"zstd stream broken: {exc}") from None
                pending = not dobj.eof
                data = dobj.unused_data if dobj.eof else b""
                if dobj.eof:
                    dobj = dctx.decompressobj()
        if pending:
            raise ShardError("zstd stream truncated: it ends inside a frame")

    rest = b""
    for chunk in chunks():
        rest += chunk
        *lines, rest = rest.split(b"\n")
        for line in lines:
            yield line + b"\n"
    if rest:
        yield rest


def _parquet_batches(path: Path, batch_records: int) -> Iterator[Batch]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    with open_input(path) as raw:
        try:
            f = pq.ParquetFile(raw)
        except (pa.ArrowException, ValueError) as exc:
            raise ShardError(f"not a readable Parquet file: {exc}") from None
        rows = f.metadata.num_rows or 1
        size = os.fstat(raw.fileno()).st_size
        first = 1
        try:
            for rb in f.iter_batches(batch_size=batch_records):
                yield Batch(first, [], size * rb.num_rows // rows, rb)
                first += rb.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise ShardError(f"Parquet data broken after row {first - 1}: {exc}") from None


def parquet_schema(path: Path) -> Any:
    """The arrow schema of a Parquet shard (read from its footer only)."""
    import pyarrow.parquet as pq

    with open_input(path) as f:
        return pq.read_schema(f)


class ShardWriter:
    """Writes one output shard to a temporary file; `commit()` renames it into place."""

    def __init__(self, path: Path, schema: Any = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        self.tmp = Path(tmp)
        self._raw: IO[bytes] = os.fdopen(fd, "wb")
        self._out: Any = self._raw
        self._parquet: Any = None
        suffix = shard_suffix(path)
        if suffix == ".jsonl.gz":
            # mtime=0 and no file name: the same records always give the same bytes
            self._out = gzip.GzipFile(filename="", fileobj=self._raw, mode="wb", mtime=0)
        elif suffix == ".jsonl.zst":
            import zstandard

            self._out = zstandard.ZstdCompressor().stream_writer(self._raw, closefd=False)
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self._raw, schema)

    def write_lines(self, lines: list[bytes]) -> None:
        """Append JSONL lines (each without its newline)."""
        self._out.write(b"".join(line + b"\n" for line in lines))

    def write_table(self, table: Any) -> None:
        """Append a pyarrow RecordBatch or Table (one row group)."""
        self._parquet.write(table)

    def commit(self) -> None:
        """Finish the stream and rename it into place."""
        try:
            if self._parquet is not None:
                self._parquet.close()
            elif self._out is not self._raw:
                self._out.close()
            self._raw.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop the temporary file; the output is left as it was."""
        for closing in (self._parquet, self._out, self._raw):
            try:
                if closing is not None:
                    closing.close()
            except Exception:  # noqa: S110 - already failing; the temp file goes anyway
                pass
        self.tmp.unlink(missing_ok=True)
