"""The run report: per input file what went in, what came out, what was removed and what failed."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import write_atomic

MAX_ERRORS_PER_FILE = 1000
"""Errors listed per file in the report (all are counted): a shard of broken lines stays readable."""


@dataclass
class FileReport:
    """One input file. `status`: cleaned, failed (no output), partial (output written, some
    records or the end of the stream failed), up-to-date (skipped by a rerun)."""

    path: str
    output: str | None
    format: str
    status: str = "cleaned"
    records: int = 0
    documents: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed_blocks: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    removed_by_rule: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    clean_seconds: float = 0.0
    started: float = field(default_factory=time.monotonic, repr=False)

    def error(self, message: str, record: int | None = None) -> None:
        """Note one error (record: the line or row number inside a shard)."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_PER_FILE:
            self.errors.append({"record": record, "message": message} if record else {"message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "output": self.output, "format": self.format, "status": self.status,
            "records": self.records, "documents": self.documents,
            "bytes_in": self.bytes_in, "bytes_out": self.bytes_out,
            "removed_blocks": dict(self.removed_blocks.most_common()),
            "removed_chars": dict(self.removed_chars.most_common()),
            "removed_by_rule": dict(self.removed_by_rule.most_common()),
            "error_count": self.error_count, "errors": self.errors, "warnings": self.warnings,
            "seconds": round(self.seconds, 4), "clean_seconds": round(self.clean_seconds, 4),
        }


def totals(files: list[FileReport], seconds: float) -> dict[str, Any]:
    """The sums over all files, with the run's wall time and rates."""
    sums: dict[str, Counter[str]] = {k: Counter() for k in ("removed_blocks", "removed_chars", "removed_by_rule")}
    for f in files:
        for k, c in sums.items():
            c.update(getattr(f, k))
    statuses = Counter(f.status for f in files)
    documents = sum(f.documents for f in files)
    bytes_in = sum(f.bytes_in for f in files)
    return {
        "files": len(files), **{f"files_{s.replace('-', '_')}": n for s, n in sorted(statuses.items())},
        "records": sum(f.records for f in files), "documents": documents,
        "bytes_in": bytes_in, "bytes_out": sum(f.bytes_out for f in files),
        "errors": sum(f.error_count for f in files),
        **{k: dict(c.most_common()) for k, c in sums.items()},
        "seconds": round(seconds, 3),
        "documents_per_s": round(documents / seconds, 1) if seconds else None,
        "mb_per_s": round(bytes_in / 1e6 / seconds, 3) if seconds else None,
    }


def write_report(path: Path, files: list[FileReport], seconds: float, argv: list[str], version: str) -> None:
    """The report as JSON, written atomically."""
    doc = {"cleaner": version, "argv": argv, "totals": totals(files, seconds),
           "files": [f.as_dict() for f in files]}
    write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
