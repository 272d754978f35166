"""A one-line progress bar on stderr (documents, MB, rate, ETA), redrawn with a carriage return."""

from __future__ import annotations

import sys
import time
from typing import TextIO

REDRAW_S = 0.25
"""Shortest time between two redraws: drawing must not cost more than cleaning."""


class Progress:
    """Counts documents and input bytes; draws only when `enabled` (stderr is a terminal)."""

    def __init__(self, total_bytes: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total_bytes = total_bytes
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.documents = 0
        self.done_bytes = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def update(self, documents: int = 0, read_bytes: int = 0) -> None:
        self.documents += documents
        self.done_bytes += read_bytes
        now = time.monotonic()
        if self.enabled and now - self._drawn >= REDRAW_S:
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """`[#####.....]  42% 1,234 docs  12.3/29.0 MB  101 docs/s  1.2 MB/s  ETA 0:14`"""
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        share = min(self.done_bytes / self.total_bytes, 1.0) if self.total_bytes else 0.0
        bar = "#" * int(share * 20)
        rate = self.done_bytes / elapsed
        eta = (self.total_bytes - self.done_bytes) / rate if rate else 0
        return (f"[{bar:.<20}] {share:4.0%} {self.documents:,} docs  {self.done_bytes / 1e6:.1f}/"
                f"{self.total_bytes / 1e6:.1f} MB  {self.documents / elapsed:.0f} docs/s  "
                f"{rate / 1e6:.2f} MB/s  ETA {int(eta) // 60}:{int(eta) % 60:02d}")

    def clear(self) -> None:
        """Erase the bar (a message or the summary line takes its place; the next update redraws)."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = 0.0
