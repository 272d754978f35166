"""The title: the headline before the main body, its site suffix trimmed, its repeats removed."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import RuleSet, Settings
from cleaner.blocks import split_text
from cleaner.language import stop_words_for
from cleaner.rules import shipped_rules
from cleaner.score import features
from cleaner.title import looks_like_title, normalise

S = Settings()
HEADLINE = "Putin: US, Russia push Syria peace talks"
PROSE = [
    "Russian President Vladimir Putin has said Russia and the United States have decided to "
    "encourage all parties involved in the Syria conflict to hold peace talks in Geneva.",
    "Putin made the remarks on Monday after bilateral talks with US President Barack Obama at the "
    "G8 summit in County Fermanagh, Northern Ireland.",
    "Obama said that the US and Russia have different perspectives with regard to Syria, but that "
    "they share an interest in reducing the violence.",
]
TRIM_RULES = [r for r in shipped_rules() if r.action == "trim"]


def doc(*lines: str) -> str:
    return "\n\n".join(lines)


def decision(result: cleaner.Result, text: str) -> cleaner.Decision:
    (found,) = [d for d in result.decisions if d.block.text == text]
    return found


def test_title_is_found_and_kept_out_of_the_body() -> None:
    result = cleaner.clean(doc(HEADLINE, *PROSE))
    assert result.title == HEADLINE
    d = decision(result, HEADLINE)
    assert not d.kept and d.label == "title" and d.reasons
    assert HEADLINE not in result.text
    assert all(p in result.text for p in PROSE)


def test_title_is_found_past_page_chrome() -> None:
    result = cleaner.clean(doc("Home", "World", HEADLINE, "Share", *PROSE))
    assert result.title == HEADLINE


def test_no_title_without_a_headline() -> None:
    assert cleaner.clean(doc(*PROSE)).title is None
    assert cleaner.clean("").title is None


@pytest.mark.parametrize("repeat", [HEADLINE, HEADLINE.upper(), HEADLINE.replace(":", " -"),
                                    HEADLINE + " - Action News"])
def test_repeats_of_the_title_are_removed(repeat: str) -> None:
    result = cleaner.clean(doc(HEADLINE, PROSE[0], repeat, *PROSE[1:]))
    assert result.title == HEADLINE
    repeats = [d for d in result.decisions if d.block.text == repeat]
    assert repeats and not any(d.kept for d in repeats)
    assert all(d.label == "title" and d.reasons for d in repeats)
    assert normalise(HEADLINE) not in normalise(result.text)


def test_a_longer_line_that_contains_the_title_is_not_a_repeat() -> None:
    sentence = f"{HEADLINE}, the agency reported, quoting officials in Moscow and Washington."
    result = cleaner.clean(doc(HEADLINE, PROSE[0], sentence, *PROSE[1:]))
    assert decision(result, sentence).kept


def test_normalise_folds_case_and_punctuation() -> None:
    assert normalise("Putin: US, Russia -- PUSH talks!") == normalise("putin us russia push talks")


# --- site suffixes --------------------------------------------------------------------------------

def test_trim_rules_are_shipped() -> None:
    assert TRIM_RULES, "no trim rules: site suffixes would stay on titles"


def _trim_examples() -> list[pytest.param]:
    params = []
    for rule in TRIM_RULES:
        for n, example in enumerate(rule.drop):
            params.append(pytest.param(rule, example, id=f"{rule.id}[{n}]"))
    return params


@pytest.mark.parametrize(("rule", "headline"), _trim_examples())
def test_site_suffix_is_trimmed_from_the_title(rule: cleaner.Rule, headline: str) -> None:
    expected, fired = RuleSet([rule]).trim(headline)
    assert fired and expected != headline
    result = cleaner.clean(doc(headline, *PROSE))
    assert result.title == expected
    d = decision(result, headline)
    assert not d.kept and d.reasons[0].rule == rule.id


@pytest.mark.parametrize("headline", [k for r in TRIM_RULES for k in r.keep])
def test_title_without_a_site_suffix_is_untouched(headline: str) -> None:
    result = cleaner.clean(doc(headline, *PROSE))
    assert result.title == headline


def test_trim_never_empties_a_title() -> None:
    rules = RuleSet(TRIM_RULES)
    for rule in TRIM_RULES:
        for example in rule.drop:
            suffix = example[len(rules.trim(example)[0]):]
            assert rules.trim(suffix)[0].strip()


# --- max_title_words ------------------------------------------------------------------------------

def words_of(text: str) -> int:
    (block,) = split_text(text)
    return features(block, stop_words_for("en")).words


def test_max_title_words_boundary() -> None:
    n = words_of(HEADLINE)
    text = doc(HEADLINE, *PROSE)
    assert cleaner.clean(text, S.with_(max_title_words=n)).title == HEADLINE
    assert cleaner.clean(text, S.with_(max_title_words=n - 1)).title is None


def test_default_max_title_words_boundary() -> None:
    f = S.max_title_words
    at = " ".join(["Word"] * (f - 1) + ["end"])
    beyond = " ".join(["Word"] * f + ["end"])
    assert looks_like_title(at, S)
    assert not looks_like_title(beyond, S)


@pytest.mark.parametrize("line", ["A sentence that ends with a period.", "• Home page",
                                  "Home | News", "17.06.2013 19:45", "See www.example.com now",
                                  "Word", "Leitsätze des Gerichts:", "Liebe Leserinnen und Leser,",
                                  "– „Dann frag ihn doch“", "@Anna das sehe ich anders",
                                  "Die Felder liegen still und schweigen…", "„Ich weiß, ich sollte das nicht sagen…“",
                                  "(Er sagte es selbst.)", "蔡健雅，1975年1月28日出生于新加坡。",
                                  "1\t\tAKERDHAL\t\tRobert\t\tAkt mit Axt", "80 g weiche Butter",
                                  "2 cups all-purpose flour", "1 Ei", "• 4 eggs", "3 Kommentare",
                                  "150 g Mehl, 100 g Zucker und 100 g kalte Butter für die Streusel"])
def test_not_headline_shaped(line: str) -> None:
    assert not looks_like_title(line, S)


@pytest.mark.parametrize("line", ["Putin: US, Russia push Syria peace talks", "Ist das schon Sommer?",
                                  "„Außen knusprig, innen cremig“", "10 Dinge, die man wissen muss",
                                  "Endlich mehr Beschleunigung wagen!", "Wer hat's erfunden? (Video)",
                                  "5 verrückte Orte in Hamburg"])
def test_headline_shaped(line: str) -> None:
    assert looks_like_title(line, S)


# --- title_window_blocks ---------------------------------------------------------------------------

def test_title_window_counts_only_the_blocks_no_rule_decided() -> None:
    """The headline sits above two list lines and five rule-dropped menu lines: the window reaches it
    iff it spans three blocks, as the menu lines (like share buttons, bylines and reading times
    between a headline and its body) do not count. (One first-pass reading: a later reading of the
    kept text no longer has the menu in between.)"""
    chrome = ["Home", "World", "News", "Sport", "Weather"]
    listed = ["• Gardening tips for small balconies", "• A guide to the city's night buses"]
    text = doc(HEADLINE, chrome[0], listed[0], *chrome[1:3], listed[1], *chrome[3:], *PROSE)
    one_reading = S.with_(keep_model=False)
    result = cleaner.clean(text, one_reading)
    assert not any(decision(result, c).reasons[0].rule.startswith("score.") for c in chrome)  # ruled
    assert all(decision(result, line).reasons[0].rule.startswith("score.") for line in listed)  # not ruled
    assert cleaner.clean(text, one_reading.with_(title_window_blocks=len(listed) + 1)).title == HEADLINE
    assert cleaner.clean(text, one_reading.with_(title_window_blocks=len(listed))).title is None


# --- regressions -------------------------------------------------------------------------------------

def test_a_comment_counter_is_not_the_title() -> None:
    result = cleaner.clean(doc(HEADLINE, "Comments 3", *PROSE))
    assert result.title == HEADLINE
    assert decision(result, "Comments 3").label != "title"


# --- which headline-shaped line: the one that shares the lead's words ---------------------------

def test_the_headline_that_names_the_lead_wins_over_nearer_lines() -> None:
    """A byline's name and a widget label sit between the headline and the body: the headline
    shares the lead's words (Putin, Russia, Syria, peace, talks), they share none."""
    for between in (["Jane Whitaker"], ["Photo Gallery Highlights", "Jane Whitaker"]):
        result = cleaner.clean(doc("Home", HEADLINE, *between, *PROSE))
        assert result.title == HEADLINE, between
        assert HEADLINE not in result.text
        why = decision(result, HEADLINE).reasons[0].detail
        assert "sharing 'peace', 'putin', 'russia', 'syria' ... with its lead" in why


def test_the_nearest_headline_shaped_line_wins_when_none_shares_the_lead() -> None:
    result = cleaner.clean(doc("Weather Today Sunny", "Morning Briefing Update", *PROSE))
    assert result.title == "Morning Briefing Update"
    assert decision(result, "Morning Briefing Update").reasons[0].detail.startswith("the nearest headline-shaped")


def test_stop_words_shared_with_the_lead_do_not_count() -> None:
    """'have', 'with', 'that', 'they' are in the lead too, but as stop words they name nothing."""
    result = cleaner.clean(doc("They Have That With Them", "Morning Briefing Update", *PROSE))
    assert result.title == "Morning Briefing Update"


def test_a_line_in_lower_case_is_not_preferred() -> None:
    """An ingredient or a list line above the body may share the lead's words; a headline in a
    writing with case starts with a capital."""
    result = cleaner.clean(doc("Summit Diary of Peace", "putin russia syria talks notes", *PROSE))
    assert result.title == "Summit Diary of Peace"
    # a brand written in lower case first is a capitalised word all the same
    brand = "iPhone Summit: Putin and Russia Push Syria Peace Talks"
    assert cleaner.clean(doc(brand, "Summit Diary of Peace", *PROSE)).title == brand


def test_chinese_headlines_share_the_leads_character_pairs() -> None:
    """Chinese runs its words together: the headline shares two-character words with the lead
    (市议, 自行, 行车, 车道), the reporter's line between them shares none."""
    headline = "市议会通过新自行车道计划"
    lead = ["市议会周二投票决定在市中心修建新的自行车道，这是多年来最大的交通项目。",
            "工程将于春季开工，整个自行车道网络预计在三年内完成。",
            "市长表示，这是城市交通的重要转折点，她希望更多市民骑车上班。"]
    result = cleaner.clean(doc("首页", headline, "本报记者 王小明", *lead))
    assert result.title == headline


def test_invisible_characters_around_the_title_are_left_out() -> None:
    result = cleaner.clean(doc("\ufeff" + HEADLINE + "\u200b", *PROSE))
    assert result.title == HEADLINE


def test_a_headline_taken_when_the_kept_text_is_read_again_names_the_pages_title() -> None:
    """The byline's name survives the first reading and heads the kept text; the second reading
    takes it for a headline. Its reason says that the page's title is still the first one."""
    result = cleaner.clean(doc("Home", HEADLINE, "Jane Whitaker", *PROSE))
    assert result.title == HEADLINE
    again = decision(result, "Jane Whitaker")
    assert not again.kept and again.reasons[-1].rule == "reading.2"
    assert again.reasons[-1].detail.endswith(f"the page's title stays {HEADLINE!r}")


STANDFIRST = ("Leaders of Russia and the United States agree in Northern Ireland that the Syria conflict "
              "needs peace talks in Geneva")


def test_the_headline_above_a_standfirst_is_the_title() -> None:
    """The standfirst sums up the article, so it shares more of the lead's words than its headline;
    the shorter line right above it that shares some is the headline."""
    for between in ([], ["Jane Whitaker"]):
        result = cleaner.clean(doc("Home", HEADLINE, STANDFIRST, *between, *PROSE))
        assert result.title == HEADLINE, between
        assert decision(result, HEADLINE).reasons[0].rule == "title"


def test_a_long_headline_without_a_headline_above_it_stays_the_title() -> None:
    # a shorter line above that shares nothing with the lead (a section label) does not take over
    for above in ([], ["Home"], ["World Desk"]):
        assert cleaner.clean(doc(*above, STANDFIRST, *PROSE)).title == STANDFIRST, above
    # nor does one two blocks up or more
    assert cleaner.clean(doc(HEADLINE, "Jane Whitaker", "Photo Gallery", STANDFIRST, *PROSE)).title == STANDFIRST


def test_a_headline_the_body_opens_with_above_its_byline_is_the_title() -> None:
    """A long headline reads as prose, so the first body can open with it; right above a byline it
    is still the title, and the site name above it is not."""
    headline = "Why the leaders of Russia and the United States want the parties of the Syria war to talk in Geneva now"
    result = cleaner.clean(doc("World News Daily", headline, "By Jane Whitaker", *PROSE))
    assert result.title == headline
    assert decision(result, headline).reasons[0].rule == "title"
    assert result.text.startswith(PROSE[0])
