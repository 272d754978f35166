"""Sources and sinks: walking inputs, decoding bytes, atomic writes, per-file outcomes."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .shards import SHARD_SUFFIXES, open_input, shard_suffix

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
MAX_FILE_BYTES = 64 * 1024 * 1024  # a larger "page" is not a web page: refused, not loaded
_BINARY_SNIFF_BYTES = 8192
UNSURE_COHERENCE = 0.1  # charset-normalizer's language fit below this: the charset is a guess
UNSURE_CHAOS = 0.1      # its noise measure above this: some characters decoded oddly
_PART = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.part$")  # write_atomic's and ShardWriter's temp names


class InputError(Exception):
    """A file that cannot be cleaned; the message says why, for the per-file report."""


@dataclass(frozen=True, slots=True)
class Job:
    """One input file and where its output goes (None: standard output)."""

    src: Path
    kind: str  # "text", "html" (one document) or "jsonl", "parquet" (a shard of records)
    out: Path | None

    @property
    def is_shard(self) -> bool:
        return self.kind in ("jsonl", "parquet")


def kind_of(path: Path) -> str | None:
    """What a file holds, from its name: text, html, jsonl, parquet; None when unsupported."""
    suffix = shard_suffix(path)
    return SHARD_SUFFIXES[suffix] if suffix else TEXT_SUFFIXES.get(path.suffix.lower())


def output_name(path: Path) -> str:
    """X.txt -> X.txt, X.html / X.htm -> X.txt; shards keep their name (and format)."""
    if shard_suffix(path):
        return path.name
    return path.stem + ".txt" if path.suffix.lower() in (".html", ".htm") else path.name


def walk(sources: list[Path], out: Path | None) -> tuple[list[Job], list[Path], list[tuple[Path, str]]]:
    """Jobs for every supported file under `sources`, the unsupported files skipped, and the
    sources that cannot be read. Outputs mirror each file's path relative to its source folder;
    the output folder is never walked, even when it lies inside a source."""
    jobs: list[Job] = []
    skipped: list[Path] = []
    errors: list[tuple[Path, str]] = []
    out_resolved = out.resolve() if out else None
    for src in sources:
        if src.is_dir():
            for path in sorted(_files_under(src, out_resolved, errors)):
                kind = kind_of(path)
                if kind is None:
                    skipped.append(path)
                    continue
                rel = path.relative_to(src).with_name(output_name(path))
                jobs.append(Job(path, kind, out / rel if out else None))
        elif src.exists() or src.is_symlink():
            kind = kind_of(src) or "text"
            jobs.append(Job(src, kind, out / output_name(src) if out else None))
        else:
            errors.append((src, "no such file or folder"))
    return jobs, skipped, errors


def _files_under(folder: Path, exclude: Path | None, errors: list[tuple[Path, str]]) -> Iterator[Path]:
    def onerror(exc: OSError) -> None:
        errors.append((Path(exc.filename or folder), f"cannot read folder: {exc.strerror}"))

    for root, dirs, names in os.walk(folder, onerror=onerror):
        base = Path(root)
        if exclude is not None:
            dirs[:] = [d for d in dirs if (base / d).resolve() != exclude]
        dirs.sort()
        for name in names:
            yield base / name


def read_document(path: Path) -> str:
    """A file's text: UTF-8 when it is, else the charset that charset-normalizer detects.
    Raises InputError for unreadable, empty, binary, oversized or undecodable files."""
    return read_document_noted(path)[0]


def read_document_noted(path: Path, html: bool = False) -> tuple[str, str | None]:
    """`read_document`, and a note when the file was not UTF-8 (which charset, how sure).
    An HTML page's own charset declaration (<meta charset>) is believed before detection."""
    try:
        with open_input(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise InputError(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
            data = f.read()
    except InputError:
        raise
    except OSError as exc:
        raise InputError(read_error(path, exc)) from None
    if html:
        from .html import decode_html

        return decode_html(data)
    return decode_noted(data)


def read_error(path: Path, exc: OSError) -> str:
    """Why a file cannot be read, in words (broken links and link loops named as such)."""
    if exc.errno == errno.ELOOP:
        return "cannot read: symbolic link loop"
    if path.is_symlink() and not path.exists():
        return f"cannot read: broken symbolic link (to {os.readlink(path)})"
    return f"cannot read: {exc.strerror or exc}"


def decode(data: bytes) -> str:
    """Bytes to text, or InputError saying why not."""
    return decode_noted(data)[0]


def decode_noted(data: bytes) -> tuple[str, str | None]:
    """`decode`, and a note when the bytes were not UTF-8: the charset charset-normalizer chose,
    marked unsure when it found no language fit or much noise."""
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("not text: no character encoding fits")
    note = f"not UTF-8: decoded as {best.encoding}"
    if best.coherence < UNSURE_COHERENCE or best.chaos > UNSURE_CHAOS:
        note += f" (unsure: {len(matches)} encodings fit, coherence {best.coherence:.2f}, noise {best.chaos:.2f})"
    return str(best), note


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that it appears whole or not at all (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_parts(out: Path) -> int:
    """Delete the temporary files that a killed run left under the output folder (hidden
    `.NAME.XXXXXXXX.part` files; never an output). Returns how many went. One run per output
    folder at a time: a concurrent run's temporary files would go too."""
    removed = 0
    for root, _dirs, names in os.walk(out):
        for name in names:
            if _PART.match(name):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed


def up_to_date(job: Job) -> bool:
    """The output exists and is newer than its input (a rerun skips it)."""
    if job.out is None:
        return False
    try:
        return job.out.stat().st_mtime >= job.src.stat().st_mtime
    except OSError:
        return False
