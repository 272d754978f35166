"""Rules: each shipped rule's own examples, the loader's errors, user rule files, timeouts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import regex

import cleaner
from cleaner import RuleError, RuleSet, RuleTimeout, Settings, load_rules
from cleaner.blocks import split_text
from cleaner.rules import ACTIONS, Rule, _wrap, shipped_rules

RULES = shipped_rules()
MIN_SHIPPED_RULES = 20  # the English + universal sets; a count far below means files went missing


def _examples(kind: str) -> list[pytest.param]:
    return [pytest.param(rule, text, id=f"{rule.id}[{n}]")
            for rule in RULES for n, text in enumerate(getattr(rule, kind))]


DROP_EXAMPLES = _examples("drop")
KEEP_EXAMPLES = _examples("keep")


# --- the shipped rules and their TOML examples -------------------------------------------------

def test_rules_are_shipped() -> None:
    assert len(RULES) >= MIN_SHIPPED_RULES
    assert len(DROP_EXAMPLES) >= 2 * MIN_SHIPPED_RULES
    assert len(KEEP_EXAMPLES) >= MIN_SHIPPED_RULES
    assert {r.action for r in RULES} == set(ACTIONS)


def test_load_rules_returns_the_shipped_rules() -> None:
    rules = load_rules()
    assert isinstance(rules, RuleSet)
    assert [r.id for r in rules.rules] == [r.id for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented_and_has_examples(rule: Rule) -> None:
    assert rule.action in ACTIONS
    assert rule.why.strip() and rule.label.strip()
    assert rule.drop, f"{rule.id} has no `drop` examples"
    assert rule.keep, f"{rule.id} has no `keep` examples"
    assert rule.source.endswith(".toml")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_shipped_pattern_compiles(rule: Rule) -> None:
    """Shipped patterns are compiled on first use, not at load: this is where a bad one shows."""
    regex.compile(rule.pattern)


# Long runs that nearly match: digit strings, repeated words and separators, each with a tail that
# spoils the match, so that a pattern with nested or overlapping repeats must try every split.
NEAR_MISSES = [seed * 30 + tail for seed in ("0", "0 ", "a ", "share ", "Home | ", "12:00 ", "de ", ". ",
                                             "120" + " " * 14, "4,58" + " " * 14)
               for tail in ("A", "!", "\u00e9x")]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_shipped_pattern_does_not_backtrack_catastrophically(rule: Rule) -> None:
    """A shipped rule answers a near miss in far less than a second (en.share-widget's `(\\d+\\W*){1,12}`
    once took minutes on a 25-digit line); the regex timeout only guards user rules."""
    pattern = regex.compile(_wrap([rule]))  # as the scan compiles it
    for text in NEAR_MISSES:
        try:
            pattern.fullmatch(text, timeout=1.0)
            pattern.search(text, timeout=1.0)
        except TimeoutError:
            pytest.fail(f"{rule.id} backtracks catastrophically on {text[:30]!r}...")


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("rule", "text"), DROP_EXAMPLES)
def test_drop_example_matches(rule: Rule, text: str) -> None:
    assert rule.matches(text), f"{rule.id} should fire on {text!r}"


@pytest.mark.parametrize(("rule", "text"), KEEP_EXAMPLES)
def test_keep_example_does_not_match(rule: Rule, text: str) -> None:
    assert not rule.matches(text), f"{rule.id} should not fire on {text!r}"


@pytest.mark.parametrize(("rule", "text"),
                         [p for p in DROP_EXAMPLES if p.values[0].action != "trim"])
def test_drop_example_matches_in_the_combined_scan(rule: Rule, text: str) -> None:
    """The one-alternation scan of all shipped rules fires on every block example (a pattern that
    only works alone, e.g. with a numbered back-reference, breaks here)."""
    shipped = load_rules()
    alone = RuleSet([rule])
    for rules in (shipped, alone):
        matches = rules.scan(split_text(text), rule.action)
        assert [m.block for m in matches] == [0], f"{rule.action} scan missed {text!r}"
    assert alone.scan(split_text(text), rule.action)[0].rule.id == rule.id


@pytest.mark.parametrize(("rule", "text"),
                         [p for p in DROP_EXAMPLES if p.values[0].action == "trim"])
def test_trim_example_is_trimmed(rule: Rule, text: str) -> None:
    trimmed, fired = RuleSet([rule]).trim(text)
    assert fired and fired[0].rule.id == rule.id
    assert trimmed and len(trimmed) < len(text)
    assert text.startswith(trimmed)


@pytest.mark.parametrize(("rule", "text"),
                         [p for p in KEEP_EXAMPLES if p.values[0].action == "trim"])
def test_trim_keep_example_is_untouched(rule: Rule, text: str) -> None:
    assert RuleSet([rule]).trim(text) == (text, [])


# --- loading errors ----------------------------------------------------------------------------

GOOD_RULE = """
[[rule]]
id = "{id}"
label = "chrome"
action = "drop"
pattern = '''{pattern}'''
why = "test rule"
"""


def write_rules(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def rule_file(path: Path, rule_id: str = "user.zorblax", pattern: str = r".*\bzorblax\b.*",
              **extra: str) -> Path:
    body = GOOD_RULE.format(id=rule_id, pattern=pattern)
    body += "".join(f"{k} = {v}\n" for k, v in extra.items())
    return write_rules(path, body)


def test_a_valid_user_file_loads(tmp_path: Path) -> None:
    rules = load_rules([rule_file(tmp_path / "mine.toml")])
    assert len(rules) == len(RULES) + 1
    mine = rules.rules[-1]
    assert mine.id == "user.zorblax" and mine.source == str(tmp_path / "mine.toml")


@pytest.mark.parametrize("missing", ["id", "pattern", "label", "action", "why"])
def test_missing_key(tmp_path: Path, missing: str) -> None:
    lines = [line for line in GOOD_RULE.format(id="user.incomplete", pattern="x").splitlines()
             if not line.startswith(f"{missing} =")]
    path = write_rules(tmp_path / "incomplete.toml", "\n".join(lines))
    with pytest.raises(RuleError) as err:
        load_rules([path])
    message = str(err.value)
    assert "incomplete.toml" in message and missing in message and "missing" in message
    if missing != "id":
        assert "user.incomplete" in message


def test_bad_action(tmp_path: Path) -> None:
    path = write_rules(tmp_path / "bad_action.toml",
                       GOOD_RULE.format(id="user.bad-action", pattern="x").replace('"drop"', '"delete"'))
    with pytest.raises(RuleError, match=r"bad_action\.toml.*user\.bad-action.*action"):
        load_rules([path])


@pytest.mark.parametrize("pattern", ["(unclosed", "[a-", "a{2,1}", "x**", "trailing\\"])
def test_bad_pattern(tmp_path: Path, pattern: str) -> None:
    path = rule_file(tmp_path / "bad_pattern.toml", "user.bad-pattern", pattern)
    with pytest.raises(RuleError, match=r"bad_pattern\.toml.*user\.bad-pattern.*pattern"):
        load_rules([path])


def test_pattern_of_the_wrong_type(tmp_path: Path) -> None:
    path = write_rules(tmp_path / "typed.toml",
                       GOOD_RULE.format(id="user.typed", pattern="x").replace("'''x'''", "5"))
    with pytest.raises(RuleError, match=r"typed\.toml.*user\.typed"):
        load_rules([path])


@pytest.mark.parametrize("body", [
    '[rule]\nid = "user.t"\nlabel = "chrome"\naction = "drop"\npattern = "x"\nwhy = "y"\n',
    'rule = "oops"\n',
], ids=["single-table", "string"])
def test_rule_key_of_the_wrong_shape(tmp_path: Path, body: str) -> None:
    path = write_rules(tmp_path / "shape.toml", body)
    with pytest.raises(RuleError, match=r"shape\.toml"):
        load_rules([path])


def test_back_reference_pattern_is_rejected_or_works(tmp_path: Path) -> None:
    path = rule_file(tmp_path / "backref.toml", "user.repeat", r"(\w+) \1")
    try:
        rules = load_rules([path])
    except RuleError as exc:
        assert "user.repeat" in str(exc)
        return
    matches = rules.scan(split_text("again again"), "drop")
    assert [m.rule.id for m in matches] == ["user.repeat"]
    assert rules.rules[-1].matches("again again")


def test_unknown_key(tmp_path: Path) -> None:
    path = rule_file(tmp_path / "unknown.toml", "user.colourful", colour='"red"')
    with pytest.raises(RuleError, match=r"unknown\.toml.*user\.colourful.*colour"):
        load_rules([path])


def test_duplicate_id_across_user_files(tmp_path: Path) -> None:
    a = rule_file(tmp_path / "a.toml", "user.twice")
    b = rule_file(tmp_path / "b.toml", "user.twice", pattern="other")
    with pytest.raises(RuleError) as err:
        load_rules([a, b])
    message = str(err.value)
    assert "user.twice" in message and "a.toml" in message and "b.toml" in message


def test_duplicate_of_a_shipped_id(tmp_path: Path) -> None:
    shipped = RULES[0]
    path = rule_file(tmp_path / "clash.toml", shipped.id)
    with pytest.raises(RuleError) as err:
        load_rules([path])
    message = str(err.value)
    assert shipped.id in message and "clash.toml" in message and shipped.source in message


def test_disabling_an_unknown_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"no\.such-rule"):
        load_rules(disabled=["no.such-rule"])
    with pytest.raises(RuleError, match=r"no\.such-rule"):
        cleaner.clean("Some text.", Settings(disabled_rules=frozenset({"no.such-rule"})))


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="absent.toml"):
        load_rules([tmp_path / "absent.toml"])
    broken = write_rules(tmp_path / "broken.toml", "[[rule]\nid = ")
    with pytest.raises(RuleError, match="broken.toml"):
        load_rules([broken])


# --- user rules and disabled rules through Settings --------------------------------------------

ARTICLE = [
    "Local council approves new bike lanes",
    "The city council voted on Tuesday to build twelve kilometres of protected bike lanes across "
    "the centre, after a debate that lasted more than four hours and drew a large crowd.",
    "Supporters said the lanes would make cycling safer for children and older people, while shop "
    "owners warned that the loss of parking spaces could hurt their business during the works.",
    "The zorblax fund, which the council set up last year, will pay for most of the work, and the "
    "rest will come from a grant that the regional government approved in the spring.",
    "By Jane Doe",
    "The first section is expected to open next spring, and the whole network should be finished "
    "within three years, according to the transport department.",
]


def decision_for(result: cleaner.Result, needle: str) -> cleaner.Decision:
    (found,) = [d for d in result.decisions if needle in d.block.text]
    return found


def test_user_rule_file_adds_a_rule_that_fires(tmp_path: Path) -> None:
    text = "\n\n".join(ARTICLE)
    before = decision_for(cleaner.clean(text), "zorblax")
    assert before.kept, "the test paragraph should read as body without the user rule"

    settings = Settings(rule_files=(rule_file(tmp_path / "mine.toml"),))
    after = decision_for(cleaner.clean(text, settings), "zorblax")
    assert not after.kept
    assert after.reasons[0].rule == "user.zorblax"
    assert after.label == "chrome"


def test_disabled_rule_does_not_fire() -> None:
    text = "\n\n".join(ARTICLE)
    byline = decision_for(cleaner.clean(text), "By Jane Doe")
    assert not byline.kept and byline.reasons[0].rule == "en.byline"

    settings = Settings(disabled_rules=frozenset({"en.byline"}))
    result = cleaner.clean(text, settings)
    assert all(r.rule != "en.byline" for d in result.decisions for r in d.reasons)
    assert "en.byline" not in {r.id for r in load_rules(disabled=["en.byline"]).rules}
    assert len(load_rules(disabled=["en.byline"])) == len(RULES) - 1


@pytest.mark.parametrize("line", ["12", "+41 44 123 45 67", "286,35 €", "3:1", "- 45 -", "#661"])
def test_a_line_of_numbers_is_not_a_share_widget(line: str) -> None:
    """Numbers alone are not share buttons: the one rule that takes them says what they are."""
    rules = load_rules()
    assert [m.rule.id for m in rules.scan(split_text(line), "drop")] == ["universal.numbers-only"]
    numbers = next(r for r in RULES if r.id == "universal.numbers-only")
    assert numbers.matches(line) and not numbers.html


def test_a_date_alone_is_named_a_date_not_a_line_of_numbers() -> None:
    """The more precise rule comes first in rule order, so the explanation says what the line is."""
    assert [m.rule.id for m in load_rules().scan(split_text("27.01.2022"), "drop")] == ["universal.numeric-date"]


def test_share_counts_with_a_word_are_still_share_widgets() -> None:
    assert [m.rule.id for m in load_rules().scan(split_text("Share 12"), "drop")] == ["en.share-widget"]


# --- user patterns cannot hang a run ------------------------------------------------------------

# regex's optimiser defuses the textbook '(a+)+$'; '(a|a)+b' on "aaa...a!" still backtracks 2^n.
SLOW_PATTERN = "(a|a)+b"
SLOW_BLOCK = "a" * 40 + "!"  # ~2^40 steps: hours without the timeout


def test_catastrophic_user_pattern_times_out(tmp_path: Path) -> None:
    """Run in a child process so that a missing timeout fails the test instead of hanging it."""
    path = rule_file(tmp_path / "slow.toml", "user.slow", SLOW_PATTERN)
    script = textwrap.dedent(f"""
        import sys, time, cleaner
        s = cleaner.Settings(rule_files=({str(path)!r},), regex_timeout_s=0.2)
        c = cleaner.Cleaner(s)
        t = time.monotonic()
        try:
            c.clean("A first line of text.\\n" + {SLOW_BLOCK!r} + "\\nA last line.")
        except cleaner.RuleTimeout as exc:
            print("timeout", time.monotonic() - t, exc)
            sys.exit(0)
        print("no timeout")
        sys.exit(1)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    elapsed = float(proc.stdout.split()[1])
    assert elapsed < 2.0


def test_only_user_rules_run_under_the_timeout(tmp_path: Path) -> None:
    """The shipped rules are tested against near misses and run untimed (a timeout costs each try
    more than the match): a limit no scan could keep stops a user rule, never the shipped ones."""
    page = (Path(__file__).parent.parent / "seeds").glob("*")
    text = next(iter(sorted(page))).read_text("utf-8")
    assert cleaner.clean(text, Settings(regex_timeout_s=1e-9)).text == cleaner.clean(text).text
    mine = Settings(rule_files=(rule_file(tmp_path / "slow.toml", "user.slow", SLOW_PATTERN),), regex_timeout_s=1e-9)
    with pytest.raises(RuleTimeout):  # a 24-character run: a few seconds at most if the timeout failed
        cleaner.clean(text + "\n" + "a" * 24 + "!", mine)


def test_rule_timeout_is_raised_in_process(tmp_path: Path) -> None:
    # A 24-character run backtracks for a few seconds at most, so this cannot hang the suite.
    path = rule_file(tmp_path / "slow.toml", "user.slow", SLOW_PATTERN)
    settings = Settings(rule_files=(path,), regex_timeout_s=0.05)
    t = time.monotonic()
    with pytest.raises(RuleTimeout):
        cleaner.clean("Text.\n" + "a" * 24 + "!\n", settings)
    assert time.monotonic() - t < 1.0


def _block_time(rules: RuleSet, block: str) -> float:
    blocks = split_text(block)
    t = time.perf_counter()
    rules.scan(blocks, "drop")
    return time.perf_counter() - t


def test_timeout_is_per_document_not_per_block(tmp_path: Path) -> None:
    timeout = 0.1
    path = rule_file(tmp_path / "slow.toml", "user.slow", SLOW_PATTERN)
    untimed = load_rules([path])
    # Calibrate: the longest run of a's whose scan stays well under the limit on this machine.
    n, per_block = 10, 0.0
    while n < 30:
        t = _block_time(untimed, "a" * (n + 1) + "!")
        if t > timeout / 3:
            break
        n, per_block = n + 1, t
    if per_block < timeout / 40:
        pytest.skip("could not calibrate a slow-but-finite block on this machine")
    count = int(3 * timeout / per_block) + 1  # together about 3x the document limit
    text = "\n".join(["a" * n + "!"] * count)
    settings = Settings(rule_files=(path,), regex_timeout_s=timeout)
    with pytest.raises(RuleTimeout):
        cleaner.Cleaner(settings).clean(text)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u3000"])
def test_rules_see_no_break_spaces_as_spaces(space: str) -> None:
    """Dumps carry U+00A0 where the page had '&nbsp;'; a rule's ' ' matches it, and the Match keeps
    the block's own text."""
    text = f"Leave{space}a{space}Reply"
    found = load_rules().scan(split_text(f"Some body text here.\n{text}"), "cut")
    assert [(m.rule.id, m.text) for m in found] == [("en.comments-header", text)]


def test_rules_read_past_soft_hyphens() -> None:
    """Some sites put a soft hyphen (U+00AD) between syllables; a rule's words still match, and the
    Match keeps the block's own text."""
    text = "Leave a Re\u00adply"
    found = load_rules().scan(split_text(f"Some body text here.\n{text}"), "cut")
    assert [(m.rule.id, m.text) for m in found] == [("en.comments-header", text)]


@pytest.mark.parametrize("line", ["\u00ad", "\u00ad\u00ad\u00ad", "\u2022 \u00ad"])
def test_a_line_of_soft_hyphens_alone_is_a_line_without_words(line: str) -> None:
    """Rules read such a line as empty: the prefilter and the scan once indexed its first
    character and raised IndexError, so the whole document failed."""
    result = cleaner.clean(f"{line}\nThe council met on Tuesday and voted for the new bridge.\n{line}")
    dropped = [d for d in result.decisions if d.block.text == line]
    assert len(dropped) == 2 and all(d.reasons[0].rule == "universal.no-words" for d in dropped)
    assert cleaner.clean(line).text == ""
