"""The development corpus (../shared/devset) and its snippet score, shared by the benchmarks."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEVSET = Path(os.environ.get("CLEANER_DEVSET", Path(__file__).resolve().parents[2]
                             / "shared" / "devset" / "trafilatura-eval.jsonl.gz"))
_SPACE = re.compile(r"\s+")
# The split is fixed by id, once: first hex digit 0-b trains, c-f validates (issue 6).
VALIDATION_DIGITS = set("cdef")


def normalise(text: str) -> str:
    """Whitespace folded as the devset README's scoring rule says."""
    return _SPACE.sub(" ", text).strip()


def probe(snippet: str) -> str:
    """What finds a snippet's block: its first 40 characters, normalised (a snippet may run on past
    the end of the block that holds it)."""
    return normalise(snippet)[:40]


def trafilatura_text(html: str, **options: bool) -> str:
    """trafilatura alone, the reference row of the benchmarks: comments excluded, tables kept."""
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=True, **options) or ""


def split_of(doc_id: str) -> str:
    return "validation" if doc_id[0] in VALIDATION_DIGITS else "train"


def load(split: str = "all", limit: int | None = None) -> list[dict]:
    """Devset records, optionally one split only."""
    if not DEVSET.exists():
        raise SystemExit(f"devset not found at {DEVSET} (set CLEANER_DEVSET)")
    docs = []
    with gzip.open(DEVSET, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if split in ("all", split_of(doc["id"])):
                docs.append(doc)
            if limit and len(docs) >= limit:
                break
    return docs


@dataclass
class Score:
    """Snippet counts summed over documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    per_doc: list[tuple[str, int, int, list[str], list[str]]] = field(default_factory=list)

    def add(self, doc: dict, output: str | None) -> None:
        out = normalise(output or "")
        lost = [s for s in doc["with"] if not out or normalise(s) not in out]
        kept_bad = [s for s in doc["without"] if out and normalise(s) in out]
        self.tp += len(doc["with"]) - len(lost)
        self.fn += len(lost)
        self.fp += len(kept_bad)
        self.tn += len(doc["without"]) - len(kept_bad)
        self.per_doc.append((doc["id"], len(lost), len(kept_bad), lost, kept_bad))

    def __iadd__(self, other: Score) -> Score:
        """Another score's counts and documents added to this one's."""
        self.tp, self.fp, self.fn, self.tn = (self.tp + other.tp, self.fp + other.fp,
                                              self.fn + other.fn, self.tn + other.tn)
        self.per_doc += other.per_doc
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0


def iter_docs(docs: list[dict]) -> Iterator[dict]:
    yield from docs
