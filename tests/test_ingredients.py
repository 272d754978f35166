"""Ingredient lists (cleaner/ingredients.py): runs of "quantity, unit, ingredient" lines are kept."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.blocks import Block
from cleaner.ingredients import METHOD_RULE, RULE, is_ingredient, keep_ingredient_runs
from cleaner.result import Decision, Reason
from cleaner.settings import Settings


@pytest.mark.parametrize("text", [
    "200 g Zucker", "• 1 Pck.  Backpulver", "• 1 Glas (à 680 ml)  Sauerkirschen", "½ Teelöffel Zimt",
    "2-3 EL Olivenöl", "1 1/2 tsp sugar", "1 – 1 1/2 tbsp light soya sauce", "120g yellow noodles",
    "2 c. à s. d'huile d'olive", "3 cucharadas de aceite", "2 cucchiai di olio", "3 łyżki mąki",
    "2 eetlepels olie", "1 xícara de açúcar", "ca. 500 ml Milch",
    "150 g Mehl, 100 g Zucker und 100 g kalte Butter für die Streusel",  # three amounts, 12 words
])
def test_ingredient_lines(text: str) -> None:
    assert is_ingredient(text)


@pytest.mark.parametrize("text", [
    "3 Kommentare", "38 mins ago", "• 1 History", "1. Preheat the oven", "4 games played",
    "With 1 tbsp oil left in the pan, fry the sliced shallots till golden.", "Zutaten", "5 g.",
    "2 kg Kokain, 300 Gramm Heroin und 40 Waffen wurden bei der Razzia in drei Wohnungen gefunden",
    "200 g Mehl mit Milch, Zucker und Butter zu einem glatten Teig kneten",  # one amount, 12 words
])
def test_not_ingredient_lines(text: str) -> None:
    assert not is_ingredient(text)


def decisions(*lines: tuple[str, bool, str]) -> tuple[Decision, ...]:
    return tuple(Decision(Block(i, 0, len(t), t), kept, "body" if kept else "chrome", (Reason(rule, ""),))
                 for i, (t, kept, rule) in enumerate(lines))


DROPPED = "model.drop"


def test_a_run_of_ingredient_lines_is_kept_with_the_reason_first() -> None:
    ds = decisions(("Zutaten", False, DROPPED), ("500 g Mehl", False, DROPPED),
                   ("1 Würfel Hefe", False, "score.outside-body"), ("200 ml Milch", True, "model.keep"),
                   ("Zubereitung", False, DROPPED), ("Das könnte Sie auch interessieren", False, DROPPED))
    out = keep_ingredient_runs(ds, 3)
    assert [d.kept for d in out] == [True, True, True, True, True, False]  # headings above and below
    assert out[1].reasons[0].rule == RULE and out[1].reasons[1].rule == DROPPED
    assert out[3] is ds[3]  # already kept: left as it was


def test_a_short_run_is_left_alone() -> None:
    ds = decisions(("500 g Mehl", False, DROPPED), ("1 Würfel Hefe", False, DROPPED), ("Impressum", False, DROPPED))
    assert keep_ingredient_runs(ds, 3) is ds


def test_a_rule_decision_is_never_overturned_and_breaks_the_run() -> None:
    ds = decisions(("500 g Mehl", False, DROPPED), ("1 Würfel Hefe", False, DROPPED),
                   ("2 EL Öl", False, "en.share-widget"), ("1 TL Salz", False, DROPPED))
    assert keep_ingredient_runs(ds, 3) is ds


def test_the_list_takes_its_bulleted_items_and_group_labels_but_not_other_chrome() -> None:
    ds = decisions(("Reset Password", False, DROPPED), ("For the noodles:", False, DROPPED),
                   ("• 120g yellow noodles", False, DROPPED), ("• Some beansprouts", False, DROPPED),
                   ("• 1 tbsp minced garlic", False, DROPPED), ("• 2 tsp dark soya sauce", False, DROPPED),
                   ("• Pinch of pepper", False, DROPPED), ("Related posts", False, DROPPED))
    assert [d.kept for d in keep_ingredient_runs(ds, 3)] == [False, True, True, True, True, True, True, False]


def test_the_method_steps_under_the_method_heading_are_kept_too() -> None:
    ds = decisions(("Ingredients", False, DROPPED), ("• 120g yellow noodles", False, DROPPED),
                   ("• 1 tbsp minced garlic", False, DROPPED), ("• 2 tsp dark soya sauce", False, DROPPED),
                   ("Directions", False, DROPPED), ("• Heat the oil and fry the tofu.", False, DROPPED),
                   ("\u2063", False, "universal.no-words"), ("• Add the noodles and stir.", False, DROPPED),
                   ("• Serve hot.", True, "model.keep"), ("Related", False, "en.read-more"),
                   ("• Chilli Fishcake Balls", False, DROPPED))
    out = keep_ingredient_runs(ds, 3)
    assert [d.kept for d in out] == [True] * 6 + [False, True, True, False, False]
    assert out[5].reasons[0].rule == METHOD_RULE and "'Directions' (block 4)" in out[5].reasons[0].detail
    assert out[6] is ds[6] and out[8] is ds[8]  # a rule's drop stays; a kept step is left as it was


def test_numbered_steps_count_and_another_mark_ends_the_method() -> None:
    ds = decisions(("Zutaten", False, DROPPED), ("500 g Mehl", False, DROPPED), ("1 Würfel Hefe", False, DROPPED),
                   ("200 ml Milch", False, DROPPED), ("Zubereitung", False, DROPPED),
                   ("1. Die Hefe in der Milch auflösen.", False, DROPPED), ("2) Den Teig kneten.", False, DROPPED),
                   ("• Mehr Rezepte", False, DROPPED))
    assert [d.kept for d in keep_ingredient_runs(ds, 3)] == [True] * 7 + [False]


def test_steps_need_the_method_heading() -> None:
    ds = decisions(("500 g Mehl", False, DROPPED), ("1 Würfel Hefe", False, DROPPED), ("200 ml Milch", False, DROPPED),
                   ("1. Die Hefe in der Milch auflösen.", False, DROPPED))
    assert [d.kept for d in keep_ingredient_runs(ds, 3)] == [True, True, True, False]


def test_a_menu_with_a_few_ingredient_shaped_items_is_not_a_list() -> None:
    items = ["• Home", "• 100 g Bio-Kaffee", "• Shop", "• 250 g Espresso", "• Blog", "• 1 kg Bohnen",
             "• Kontakt", "• Impressum"]
    ds = decisions(*((t, False, DROPPED) for t in items))
    assert keep_ingredient_runs(ds, 3) is ds


RECIPE = "\n".join([
    "Omas Küche", "Startseite » Rezepte » Kuchen", "Zwetschgendatschi vom Blech",
    "Wenn im August die ersten Zwetschgen reif sind, backt man in Bayern Datschi, einen Hefekuchen vom"
    " Blech, und zwar in fast jeder Familie nach dem eigenen, lange gehüteten Rezept.",
    "Die Hefe in der Milch auflösen, mit den übrigen Zutaten zu einem glatten Teig verkneten und"
    " zugedeckt an einem warmen Ort eine Stunde gehen lassen, bis er sich verdoppelt hat.",
    "Den Teig auf einem gefetteten Blech ausrollen, die Zwetschgen schuppenartig darauf legen und den"
    " Kuchen bei 180 Grad etwa 40 Minuten backen.",
    "Rezept drucken", "Zutaten", "• 500 g Mehl", "• 1 Würfel frische Hefe", "• 200 ml lauwarme Milch",
    "• 80 g Zucker", "• 1 Prise Salz", "• 2 kg Zwetschgen", "Das könnte Sie auch interessieren",
])


def test_clean_keeps_a_recipe_ingredient_list_and_says_why() -> None:
    on, off = cleaner.clean(RECIPE), cleaner.clean(RECIPE, Settings(min_ingredient_run=0))
    lines = ["Zutaten", "• 500 g Mehl", "• 1 Würfel frische Hefe", "• 80 g Zucker", "• 2 kg Zwetschgen"]
    # the keep model drops the list, or most of it (a refit may keep a line at p ~ 0.5)
    assert sum(line not in off.text.split("\n") for line in lines) >= len(lines) - 1
    assert all(line in on.text.split("\n") for line in lines)
    # the pass keeps what the model dropped, and says so; a line the model keeps itself stays its own
    kept = [d for d in on.decisions if d.block.text in lines]
    by_pass = [d for d in kept if d.reasons[0].rule == RULE]
    assert by_pass and all("ingredient list" in d.reasons[0].detail for d in by_pass)
    assert all(d.reasons[0].rule in (RULE, "model.keep") for d in kept)
    assert "Das könnte Sie auch interessieren" not in on.text
    assert cleaner.clean(on.text).text == on.text  # cleaning the output again changes nothing
