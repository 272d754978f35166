"""Fit the prose scorer's weights (cleaner/data/scorer.toml) on the devset's train split.

    python bench/fit_scorer.py            # print the fitted weights and train/validation log-loss
    python bench/fit_scorer.py --write    # also write them to cleaner/data/scorer.toml

A block that holds a must-keep snippet is labelled prose (1), one that holds a must-drop snippet
boilerplate (0); other blocks are not used. The model is a logistic regression over the features of
score.Features.vector(), fitted by gradient descent with L2 regularisation (numpy only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import devset  # noqa: E402

from cleaner.blocks import split_text  # noqa: E402
from cleaner.language import detect_language, stop_words_for  # noqa: E402
from cleaner.score import features  # noqa: E402

SCORER = Path(__file__).resolve().parents[1] / "cleaner" / "data" / "scorer.toml"
L2 = 1e-3


def dataset(split: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rows, labels, names = [], [], []
    for doc in devset.load(split):
        blocks = split_text(doc["text"])
        stops = stop_words_for(detect_language(doc["text"], 5))
        keep = [devset.probe(s) for s in doc["with"]]
        drop = [devset.probe(s) for s in doc["without"]]
        for b in blocks:
            text = devset.normalise(b.text)
            w, x = any(s in text for s in keep), any(s in text for s in drop)
            if w == x:
                continue
            vector = features(b, stops).vector()
            names = list(vector)
            rows.append(list(vector.values()))
            labels.append(1.0 if w else 0.0)
    return np.array(rows), np.array(labels), names


def fit(x: np.ndarray, y: np.ndarray, steps: int = 4000, rate: float = 0.5) -> tuple[float, np.ndarray]:
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        grad = p - y
        w -= rate * (x.T @ grad / len(y) + L2 * w)
        b -= rate * grad.mean()
    return b, w


def log_loss(x: np.ndarray, y: np.ndarray, b: float, w: np.ndarray) -> float:
    p = np.clip(1 / (1 + np.exp(-(x @ w + b))), 1e-9, 1 - 1e-9)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write the weights to cleaner/data/scorer.toml")
    args = ap.parse_args()
    x, y, names = dataset("train")
    xv, yv, _ = dataset("validation")
    b, w = fit(x, y)
    print(f"train blocks {len(y)} (prose {int(y.sum())}), validation blocks {len(yv)}")
    print(f"log-loss train {log_loss(x, y, b, w):.4f} validation {log_loss(xv, yv, b, w):.4f}")
    print(f"bias = {b:+.3f}")
    for n, v in zip(names, w, strict=True):
        print(f"{n:<14} {v:+.3f}")
    if args.write:
        lines = SCORER.read_text("utf-8").splitlines()
        out = []
        for line in lines:
            key = line.split("=")[0].strip()
            if key == "bias":
                line = f"bias = {b:.3f}"
            elif key in names:
                comment = line.split("#", 1)[1] if "#" in line else ""
                line = f"{key} = {w[names.index(key)]:.3f}".ljust(23) + (f"#{comment}" if comment else "")
            out.append(line)
        SCORER.write_text("\n".join(out) + "\n", "utf-8")
        print(f"wrote {SCORER}")


if __name__ == "__main__":
    main()
