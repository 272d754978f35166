"""Spec lists (cleaner/specs.py): "Label: value" lines under a heading that names them are kept."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.blocks import Block
from cleaner.result import Decision, Reason
from cleaner.settings import Settings
from cleaner.specs import RULE, is_spec_heading, is_spec_line, keep_spec_lists

DROPPED, KEPT = "model.drop", "model.keep"


@pytest.mark.parametrize("text", [
    "Specifications", "Tech Specs:", "Technische Daten", "• Produktdetails", "Fiche technique",
    "Especificaciones técnicas", "Scheda tecnica", "Technische gegevens", "Dane techniczne",
])
def test_spec_headings(text: str) -> None:
    assert is_spec_heading(text)


@pytest.mark.parametrize("text", ["Specifications of the new model were leaked", "Details", "Customer reviews"])
def test_not_spec_headings(text: str) -> None:
    assert not is_spec_heading(text)


@pytest.mark.parametrize("text", [
    "Weight: 1.45 kg", "• Packed size: 42 x 14 cm", "Hubraum in ccm\t\t1.598", "0 – 100 km/h in sek.\t\t7,9",
])
def test_spec_lines(text: str) -> None:
    assert is_spec_line(text)


@pytest.mark.parametrize("text", [
    "Weight", "A label that is far too long to be one: value",
    "Note: the tent was tested for three weeks in the Scottish highlands, where it rained on most days and the wind "
    "rarely dropped below thirty miles an hour.",
])
def test_not_spec_lines(text: str) -> None:
    assert not is_spec_line(text)


def decisions(*lines: tuple[str, str]) -> tuple[Decision, ...]:
    return tuple(Decision(Block(i, 0, len(t), t), rule == KEPT, "body" if rule == KEPT else "chrome",
                          (Reason(rule, ""),)) for i, (t, rule) in enumerate(lines))


SPECS = [("Weight: 1.45 kg", DROPPED), ("Packed size: 42 x 14 cm", DROPPED), ("Capacity: 2 people", DROPPED)]


def test_a_spec_list_under_its_heading_is_kept_with_the_reason_first() -> None:
    ds = decisions(("Specifications", DROPPED), *SPECS, ("Customer reviews", DROPPED))
    out = keep_spec_lists(ds, 3)
    assert [d.kept for d in out] == [True, True, True, True, False]
    assert out[1].reasons[0].rule == RULE and "'Specifications' (blocks 0-3)" in out[1].reasons[0].detail
    assert out[1].reasons[1:] == ds[1].reasons


def test_min_spec_run_boundary() -> None:
    ds = decisions(("Specifications", DROPPED), *SPECS)
    assert all(d.kept for d in keep_spec_lists(ds, 3))
    assert keep_spec_lists(ds, 4) is ds


def test_without_the_heading_label_lines_stay_dropped() -> None:
    ds = decisions(("Published: 3 May 2024", DROPPED), ("Author: Jane Doe", DROPPED), ("Tags: news", DROPPED),
                   ("Category: Politics", DROPPED))
    assert keep_spec_lists(ds, 3) is ds


def test_a_ruled_line_ends_the_list_and_stays_dropped() -> None:
    ds = decisions(("Specifications", DROPPED), *SPECS[:2], ("Price: £189.00", "universal.numbers-only"), SPECS[2])
    assert keep_spec_lists(ds, 2)[3] is ds[3]
    assert not keep_spec_lists(ds, 2)[4].kept


def test_a_sub_heading_with_its_own_run_goes_on_with_the_list() -> None:
    more = [("0 – 100 km/h in sek.\t\t7,9", DROPPED), ("Höchstgeschwindigkeit in km/h\t\t187", DROPPED),
            ("CO2 Ausstoß pro km in Gramm\t\t42", DROPPED)]
    ds = decisions(("Technische Daten", DROPPED), *SPECS, ("Fahrleistung und Verbrauch", DROPPED), *more,
                   ("Fazit", DROPPED))
    assert [d.kept for d in keep_spec_lists(ds, 3)] == [True] * 8 + [False]
    short = decisions(("Technische Daten", DROPPED), *SPECS, ("Fahrleistung", DROPPED), *more[:2])
    assert [d.kept for d in keep_spec_lists(short, 3)] == [True] * 4 + [False] * 3


PAGE = "\n".join([
    "The Trailhead 2 is a two-person, double-wall tent built for long-distance hikers who count every gram "
    "but still want room to sit up and sort their kit when the weather turns.",
    "A single pole hub pitches the inner and the flysheet together in under three minutes, and two doors "
    "with large porches mean nobody has to climb over a sleeping partner at night.",
    "Specifications", "Weight: 1.45 kg", "Packed size: 42 x 14 cm", "Capacity: 2 people", "Poles: DAC aluminium",
    "Customers also bought", "Ultralight Sleeping Mat", "Titanium Tent Pegs (Pack of 8)",
])


def test_clean_keeps_the_spec_list_and_reading_the_output_again_changes_nothing() -> None:
    once = cleaner.clean(PAGE).text
    assert "Specifications" in once and "Packed size: 42 x 14 cm" in once
    assert "Ultralight Sleeping Mat" not in once
    assert cleaner.clean(once).text == once
    # without the pass the keep model loses part of the list (which lines depends on the fit)
    off = cleaner.clean(PAGE, Settings(min_spec_run=0)).text.split("\n")
    spec = ["Specifications", "Weight: 1.45 kg", "Packed size: 42 x 14 cm", "Capacity: 2 people",
            "Poles: DAC aluminium"]
    assert all(line in once.split("\n") for line in spec)
    assert not all(line in off for line in spec)
