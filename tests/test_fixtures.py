"""Hand-made fixture cases: each `fixtures/cases/NAME.input.txt` page dump must clean to exactly
`fixtures/cases/NAME.expected.txt`, the body a careful human would keep (written by hand, never
copied from cleaner's output).

Cases that cleaner gets wrong today are listed in `fixtures/cases/KNOWN_FAILURES.txt` (`NAME  # reason`)
and run as strict xfails: they must keep failing until cleaner is fixed, then the xfail has to go.
See `fixtures/README.md`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import cleaner

CASES_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
INPUT_SUFFIX = ".input.txt"
EXPECTED_SUFFIX = ".expected.txt"
MIN_CASES = 20


def case_names() -> list[str]:
    return sorted(p.name[: -len(INPUT_SUFFIX)] for p in CASES_DIR.glob(f"*{INPUT_SUFFIX}"))


def known_failures() -> dict[str, str]:
    """NAME -> reason, from KNOWN_FAILURES.txt (blank lines and whole-line comments ignored)."""
    path = CASES_DIR / "KNOWN_FAILURES.txt"
    if not path.exists():
        return {}
    failures: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            failures[name.strip()] = reason.strip() or "known failure"
    return failures


def read(name: str, suffix: str) -> str:
    return (CASES_DIR / f"{name}{suffix}").read_text(encoding="utf-8")


def params() -> list:
    known = known_failures()
    return [
        pytest.param(name, id=name, marks=pytest.mark.xfail(strict=True, reason=known[name]))
        if name in known else pytest.param(name, id=name)
        for name in case_names()
    ]


def explain_diff(name: str, expected: str, actual: str) -> str:
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                fromfile=f"{name}{EXPECTED_SUFFIX}", tofile="cleaner output", lineterm="", n=1)
    return (f"cleaner's body for {name} differs from the expected one "
            "('+' = boilerplate wrongly kept, '-' = article line lost):\n" + "\n".join(diff))


@pytest.mark.parametrize("name", params())
def test_case_cleans_to_expected(name: str) -> None:
    expected = read(name, EXPECTED_SUFFIX)
    actual = cleaner.clean(read(name, INPUT_SUFFIX)).text + "\n"
    if actual != expected:
        pytest.fail(explain_diff(name, expected, actual), pytrace=False)


def test_there_are_enough_cases_and_each_has_its_expected_file() -> None:
    names = case_names()
    assert len(names) >= MIN_CASES, f"only {len(names)} cases in {CASES_DIR}, expected at least {MIN_CASES}"
    missing = [n for n in names if not (CASES_DIR / f"{n}{EXPECTED_SUFFIX}").is_file()]
    assert not missing, f"inputs without an expected file: {missing}"
    orphans = sorted(p.name for p in CASES_DIR.glob(f"*{EXPECTED_SUFFIX}")
                     if p.name[: -len(EXPECTED_SUFFIX)] not in names)
    assert not orphans, f"expected files without an input: {orphans}"


def test_known_failures_name_existing_cases() -> None:
    unknown = sorted(set(known_failures()) - set(case_names()))
    assert not unknown, f"KNOWN_FAILURES.txt names cases that do not exist: {unknown}"


@pytest.mark.parametrize("name", case_names())
def test_expected_is_well_formed(name: str) -> None:
    """The expected body is made of input lines (stripped), in input order, one blank line apart,
    ending with one newline: a typo in a hand-written expectation fails here, not as a cleaner bug."""
    expected = read(name, EXPECTED_SUFFIX)
    assert expected.endswith("\n") and not expected.endswith("\n\n"), "must end with exactly one newline"
    paragraphs = expected[:-1].split("\n\n")
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs), \
        "paragraphs must be single stripped lines separated by one blank line"
    lines = iter(line.strip() for line in read(name, INPUT_SUFFIX).splitlines())
    for paragraph in paragraphs:
        assert any(line == paragraph for line in lines), f"not an input line (or out of order): {paragraph!r}"
