"""Sources and sinks: walking inputs, decoding bytes, atomic writes, per-file outcomes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
MAX_FILE_BYTES = 64 * 1024 * 1024  # a larger "page" is not a web page: refused, not loaded
_BINARY_SNIFF_BYTES = 8192


class InputError(Exception):
    """A file that cannot be cleaned; the message says why, for the per-file report."""


@dataclass(frozen=True, slots=True)
class Job:
    """One input file and where its output goes (None: standard output)."""

    src: Path
    kind: str  # "text" or "html"
    out: Path | None


def output_name(path: Path) -> str:
    """X.txt -> X.txt, X.html / X.htm -> X.txt."""
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
                kind = TEXT_SUFFIXES.get(path.suffix.lower())
                if kind is None:
                    skipped.append(path)
                    continue
                rel = path.relative_to(src).with_name(output_name(path))
                jobs.append(Job(path, kind, out / rel if out else None))
        elif src.exists() or src.is_symlink():
            kind = TEXT_SUFFIXES.get(src.suffix.lower(), "text")
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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        data = path.read_bytes()
    except InputError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return decode(data)


def decode(data: bytes) -> str:
    """Bytes to text, or InputError saying why not."""
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("not text: no character encoding fits")
    return str(best)


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


def up_to_date(job: Job) -> bool:
    """The output exists and is newer than its input (a rerun skips it)."""
    if job.out is None:
        return False
    try:
        return job.out.stat().st_mtime >= job.src.stat().st_mtime
    except OSError:
        return False
