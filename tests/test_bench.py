"""The benchmarks' own machinery (bench/speed.py, titles.py, quality.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPEED = Path(__file__).parent.parent / "bench" / "speed.py"


@pytest.fixture(scope="module")
def speed():
    spec = importlib.util.spec_from_file_location("bench_speed", SPEED)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_interleaved_timing_runs_every_function_on_every_item_in_rotating_order(speed) -> None:
    calls: list[tuple[str, str]] = []
    fns = [lambda item, name=name: calls.append((name, item)) for name in "abc"]
    seconds = speed.best_of_interleaved(2, fns, ["x", "y", "z", "w"])
    assert len(seconds) == 3 and all(s >= 0 for s in seconds)
    assert sorted(calls) == sorted((name, item) for name in "abc" for item in "xyzw" for _ in range(2))
    firsts = [calls[3 * k][0] for k in range(4)]  # who goes first on each item of the first run
    assert firsts == ["a", "b", "c", "a"]


def test_a_title_agrees_when_one_contains_the_other_case_and_punctuation_folded() -> None:
    spec = importlib.util.spec_from_file_location("bench_titles", SPEED.parent / "titles.py")
    titles = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(titles)
    assert titles.agrees("Putin: US, Russia push Syria peace talks | The Guardian",
                         "putin us russia push syria peace talks")
    assert titles.agrees("Syria talks", "Putin: US, Russia push Syria talks")
    assert not titles.agrees("Syria talks", "Go Top")
    assert not titles.agrees("Syria talks", None) and not titles.agrees("", "Syria talks")


BODY = ("The city council voted on Tuesday to build twelve kilometres of protected bike lanes across "
        "the centre, after a debate that lasted more than four hours.")
MORE = ("Supporters said the lanes would make cycling safer for children, while shop owners worried "
        "about losing parking spaces in front of their stores.")
FOOTER = "Copyright © 2024 Example News. All rights reserved."
PAGE = "\n".join(["Council approves new bike lanes", BODY, MORE, FOOTER])
"""A headline, two paragraphs and a copyright footer."""


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("bench_quality", SPEED.parent / "quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # puts bench/ on sys.path: devset imports
    return module


def test_idempotence_check_names_the_documents_that_change_when_cleaned_again(quality) -> None:
    import cleaner

    peeled = "\n".join([  # teaser headlines above the headline: each reading takes the lowest for the title
        "Ten ways to cook beans on a budget", "Why trains run late in winter",
        "Five quiet beaches for the holidays", "Council approves new bike lanes", BODY, MORE])
    docs = [{"id": "peeled", "text": peeled}, {"id": "empty", "text": ""}]
    assert quality.not_idempotent(docs) == []
    assert quality.not_idempotent(docs, cleaner.Settings(max_readings=2)) == ["peeled"]


def test_decider_table_counts_each_snippet_under_the_step_that_decided_its_block(quality) -> None:
    doc = {"id": "d", "text": PAGE, "with": [BODY, MORE, "not in the page at all"],
           "without": ["Copyright © 2024 Example News"]}
    table = quality.deciders([doc])
    assert table["rule"] == [1, 1, 0, 0]  # the copyright line: a rule removed it
    assert table["model"] == [0, 0, 2, 2]  # the body: both kept; the missing snippet is left out
    assert table["title"] == [0, 0, 0, 0]


def test_worst_documents_name_the_decision_on_each_wrong_snippet(quality, capsys) -> None:
    import devset

    import cleaner

    # labels turned round: the footer must stay, the second paragraph must go, a third is not in the dump
    wrong = {"id": "wrong", "url": "u1", "text": PAGE, "with": [BODY, FOOTER, "not in the page"], "without": [MORE]}
    right = {"id": "right", "url": "u2", "text": PAGE, "with": [BODY, MORE], "without": [FOOTER]}
    score = devset.Score()
    for doc in (right, wrong):
        score.add(doc, cleaner.clean(doc["text"]).text)
    quality.show_worst([right, wrong], score, 1)
    out = capsys.readouterr().out
    assert "### wrong u1  lost=1 kept_bad=1" in out and "### right" not in out
    lost, kept = out.split("LOST", 1)[1].split("KEPT", 1)
    assert "Copyright" in lost and "block 3 dropped: universal." in lost  # the rule that took the footer
    assert "not in the page" not in out  # no cleaner could keep it: not counted, not shown
    assert "Supporters said" in kept and "block 2 kept: " in kept


def test_the_probe_counts_the_strings_kept_between_two_paragraphs(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_probe", SPEED.parent / "probe.py")
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    (tmp_path / "paragraphs.toml").write_text(
        'en = ["The council met on Monday and agreed that the new bridge will be built next year, the mayor said.",'
        ' "The cost of the project is about twelve million pounds, and the county will pay a part of it."]\n',
        "utf-8")
    sentence = "The engineers said that the old bridge would stay open to walkers until the new one is finished."
    (tmp_path / "en.txt").write_text(f"# a comment\nPrivacy Policy\n\n{sentence}\n", "utf-8")
    [result] = probe.probe(tmp_path)
    assert (result.language, result.strings, result.kept) == ("en", 2, (sentence,))  # the rule's line goes
    (tmp_path / "xx.txt").write_text("Menu\n", "utf-8")
    with pytest.raises(SystemExit, match="no paragraphs for 'xx'"):
        probe.probe(tmp_path)
