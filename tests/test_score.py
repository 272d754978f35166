"""Block features, the prose score, and the prose classes (good_score, bad_score, min_good_words).

The scorer's weights are refitted from time to time, so nothing here depends on their values:
boundary tests read a block's actual score and put the threshold just on either side of it.
"""

from __future__ import annotations

import math

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner import Settings
from cleaner.blocks import BULLET, Block, split_text
from cleaner.decide import BAD, GOOD, NEUTRAL, classify
from cleaner.language import UNSPACED_CHARS, UNSPACED_WORD, WORD, count_words, stop_words_for
from cleaner.score import _SEPARATOR, _URL, Features, ends_sentence, features, score, weights

EN = stop_words_for("en")
PROSE = [
    "The city council voted on Tuesday to build twelve kilometres of protected bike lanes across "
    "the centre, after a debate that lasted more than four hours and drew a large crowd.",
    "Supporters said the lanes would make cycling safer for children and older people, while shop "
    "owners warned that the loss of parking spaces could hurt their business during the works.",
    "The first section is expected to open next spring, and the whole network should be finished "
    "within three years, according to the transport department.",
]


def feats(text: str) -> Features:
    (block,) = split_text(text)
    return features(block, EN)


def above(x: float) -> float:
    return math.nextafter(x, math.inf)


def below(x: float) -> float:
    return math.nextafter(x, -math.inf)


# --- features -----------------------------------------------------------------------------------

def test_word_count_ignores_the_bullet() -> None:
    assert feats("• Home page").words == 2
    assert feats("12) Twelve angry men").words == 3
    assert feats("It's Jane's turn, isn't it?").words == 5  # an apostrophe joins


def test_a_soft_hyphen_does_not_split_a_word() -> None:
    hyphenated = feats("\u2022 Zi\u00advil\u00adcou\u00adra\u00adge zei\u00adgen")
    assert hyphenated == feats("\u2022 Zivilcourage zeigen") and hyphenated.words == 2


def test_stop_ratio() -> None:
    assert feats("Xylophone quartz zebra").stop_ratio == 0.0
    assert feats("the and of").stop_ratio == 1.0
    f = feats("The xylophone and the zebra")
    assert f.stop_ratio == pytest.approx(3 / 5)


ZH_SENTENCE = "市长说，这是我们城市交通的一个重要的转折点。"
JA_SENTENCE = "市長は、多くの人が自転車で通勤することを望んでいると話しました。"


def test_chinese_and_japanese_are_read_two_characters_to_a_word() -> None:
    union = stop_words_for(None)
    assert count_words("时政讲解", union) == (2, 0)  # a menu label: no function character
    assert count_words("首页", union) == (1, 0)
    assert count_words("NHK ニュース 2020年", union) == (5, 0)  # NHK ニュ ース 2020 年
    assert UNSPACED_WORD.findall(ZH_SENTENCE) == ["市长", "说", "这是", "我们", "城市", "交通", "的一", "个重",
                                                  "要的", "转折", "点"]
    assert count_words(ZH_SENTENCE, union) == (11, 5)  # 说, 这是, 我们, 的一, 要的
    assert count_words(JA_SENTENCE, union) == (16, 12)  # 市長 は 多く の人 が自 ...: all but 4 hold a particle


def test_chinese_prose_has_stop_words_and_a_sentence_end() -> None:
    f = features(Block(0, 0, len(ZH_SENTENCE), ZH_SENTENCE), stop_words_for("zh"))
    assert f.words == 11 and f.stop_ratio == pytest.approx(5 / 11) and f.sentence_end
    assert feats("「市長は話しました。」").sentence_end


TH_PARAGRAPH = ("นายกเทศมนตรีกล่าวว่านี่เป็นจุดเปลี่ยนสำคัญของการเดินทางในเมือง "
                "และหวังว่าจะมีคนหันมาขี่จักรยานไปทำงานมากขึ้น")
TH_HEADLINE = "สภาเมืองอนุมัติทางจักรยานใหม่"


def test_thai_is_read_four_characters_to_a_word_with_its_stop_words_inside() -> None:
    th = stop_words_for("th")
    assert UNSPACED_WORD.findall(TH_HEADLINE) == ["สภาเ", "มือง", "อนุม", "ัติท", "างจั", "กรยา", "นใหม", "่"]
    assert count_words(TH_HEADLINE, th) == (8, 0)  # a headline: no function word
    words, stops = count_words(TH_PARAGRAPH, th)
    assert words == 16 + 12 and stops == 12  # 62 and 45 code points; ว่า เป็น ของ การ ใน และ ว่า จะ มี มา ไป
    # and มา again inside มาก ('much'): found inside a run, a stop word may be part of another word
    assert count_words("หน้าแรก ข่าว กีฬา", th) == (4, 0)  # a menu


def test_a_long_thai_block_ends_a_sentence_though_thai_marks_none() -> None:
    th = stop_words_for("th")
    paragraph = features(Block(0, 0, len(TH_PARAGRAPH), TH_PARAGRAPH), th)
    headline = features(Block(0, 0, len(TH_HEADLINE), TH_HEADLINE), th)
    assert paragraph.sentence_end and not headline.sentence_end
    assert features(Block(0, 0, 30, "Bangkok " * 20 + "กรุงเทพฯ"[:3]), th).words >= 16  # Latin words count too
    khmer = "ការងារសាងសង់នឹងចាប់ផ្តើមនៅរដូវផ្ការីក ហើយបណ្តាញទាំងមូលត្រូវបានរំពឹងថានឹងបញ្ចប់ក្នុងរយៈពេលបីឆ្នាំ"
    assert not features(Block(0, 0, len(khmer), khmer), th).sentence_end  # Khmer has its full stop, ។


_PIECES = ["ใน", "จะ", "มี", "ที่", "และ", "ก", "ໃນ", "ជា", "က", "的", "の", " ", "a", "the", "។"]
_MIXED = (st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)
          | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20))


@given(_MIXED, st.sampled_from(["en", "zh", "th", "km", None]))
def test_a_text_never_holds_more_stop_words_than_words(text: str, language: str | None) -> None:
    """Stop words found inside runs of Thai, Lao, Khmer or Burmese are counted up to the words the
    runs are read as, so the stop ratio stays a share."""
    words, stops = count_words(text, stop_words_for(language))
    assert 0 <= stops <= words


_UNSPACED_CHAR = regex.compile(rf"[{UNSPACED_CHARS}]")
"""Compiled once, outside the strategy: `regex.search` with a pattern string goes through regex's
pattern cache, which, once full, drops entries with the `random` module, and hypothesis warns
about `random` used inside a strategy (seen in a full CI run)."""


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30).filter(
    lambda t: _UNSPACED_CHAR.search(t) is None))
def test_the_unspaced_reading_splits_other_text_as_words_do(text: str) -> None:
    """Text that language.has_unspaced lets through without such writing in it (an emoji, a CJK
    symbol, a Myanmar digit's neighbour) takes the unspaced reading, which finds the same words as
    WORD."""
    assert UNSPACED_WORD.findall(text) == WORD.findall(text)


def test_a_block_without_words_is_measured_without_dividing_by_zero() -> None:
    f = feats("— … —")
    assert f.words == 0 and f.stop_ratio == 0.0 and f.capitals == 0.0
    assert math.isfinite(score(f)[0])


@pytest.mark.parametrize("text", ["It ended.", "Did it end?", "It ended!", "It ended…",
                                  'He said "it ended."', "She said: «c'est fini.»",
                                  "The list follows:", "(It ended.)", "Er sagte: „Es ist vorbei.“",
                                  "Sie schrieb: »Es ist vorbei.«", "Il a dit: «C'est fini.»",
                                  "‚Es ist vorbei.‘"])
def test_sentence_end(text: str) -> None:
    assert feats(text).sentence_end


@pytest.mark.parametrize("text", ["Putin: US, Russia push Syria peace talks", "Home", "Dr. Who fans",
                                  "Photo (AP)"])
def test_no_sentence_end(text: str) -> None:
    assert not feats(text).sentence_end


def test_capitals_share() -> None:
    assert feats("Home News Sport Weather").capitals == 1.0
    assert feats("the quiet town slept").capitals == 0.0
    assert feats("Paris is big").capitals == pytest.approx(1 / 3)


def test_separators() -> None:
    assert feats("Home | News | Sport | Weather").separators == 3
    assert feats("News » World » Europe").separators == 2
    assert feats("An ordinary sentence with no menu in it.").separators == 0


def test_digits_share() -> None:
    assert feats("2013-06-17").digits == pytest.approx(8 / 10)
    assert feats("no digits here").digits == 0.0


@pytest.mark.parametrize("text", ["See https://example.com/a for more.", "Go to www.example.org",
                                  "Write to jane.doe@example.com today"])
def test_url(text: str) -> None:
    assert feats(text).url


def test_no_url() -> None:
    assert not feats("An ordinary sentence about the web.").url


def test_bullet_feature_follows_the_block() -> None:
    assert feats("• Home").bullet
    assert not feats("Home").bullet


# --- score --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [*PROSE, "Home | News", "• Home", "By Jane Doe", "2013-06-17"])
def test_score_is_bias_plus_contributions(text: str) -> None:
    f = feats(text)
    value, contributions = score(f)
    assert set(contributions) == set(f.vector())
    assert value == pytest.approx(weights().bias + sum(contributions.values()))
    assert all(math.isfinite(v) for v in contributions.values())


def test_every_feature_has_a_weight() -> None:
    assert set(weights().weights) == set(feats(PROSE[0]).vector())


@pytest.mark.parametrize("text", PROSE)
def test_prose_paragraph_is_good(text: str) -> None:
    f = feats(text)
    assert classify(score(f)[0], f.words, Settings()) == GOOD


@pytest.mark.parametrize("text", ["Home | News | Sport | Weather | Business | Culture",
                                  "» Next", "2013-06-17 19:45"])
def test_menu_line_is_not_good(text: str) -> None:
    f = feats(text)
    assert classify(score(f)[0], f.words, Settings()) != GOOD


def test_prose_outscores_a_menu() -> None:
    menu = score(feats("Home | News | Sport | Weather | Business | Culture"))[0]
    assert all(score(feats(p))[0] > menu for p in PROSE)


# --- classes: one boundary per threshold ----------------------------------------------------------

S = Settings()
MANY = S.min_good_words + 10


def test_good_score_boundary() -> None:
    assert classify(S.good_score, MANY, S) == GOOD
    assert classify(below(S.good_score), MANY, S) == NEUTRAL
    moved = S.with_(good_score=S.good_score + 1.0)
    assert classify(S.good_score + 1.0, MANY, moved) == GOOD
    assert classify(below(S.good_score + 1.0), MANY, moved) == NEUTRAL


def test_bad_score_boundary() -> None:
    assert classify(S.bad_score, MANY, S) == BAD
    assert classify(above(S.bad_score), MANY, S) == NEUTRAL
    moved = S.with_(bad_score=S.bad_score - 1.0)
    assert classify(S.bad_score - 1.0, MANY, moved) == BAD
    assert classify(above(S.bad_score - 1.0), MANY, moved) == NEUTRAL


def test_min_good_words_boundary() -> None:
    high = S.good_score + 10
    assert classify(high, S.min_good_words, S) == GOOD
    assert classify(high, S.min_good_words - 1, S) == NEUTRAL
    assert classify(high, 3, S.with_(min_good_words=3)) == GOOD
    assert classify(high, 2, S.with_(min_good_words=3)) == NEUTRAL


def test_short_blocks_can_still_be_bad() -> None:
    assert classify(S.bad_score - 1, 0, S) == BAD


# --- the same thresholds, through the first pass of clean() (the keep model refines it later) -----

FIRST_PASS = S.with_(keep_model=False)

def test_good_score_boundary_in_clean() -> None:
    """One paragraph: it is the body exactly when its score reaches good_score."""
    text = PROSE[0]
    (d,) = cleaner.clean(text, FIRST_PASS).decisions
    assert d.kept
    assert cleaner.clean(text, FIRST_PASS.with_(good_score=d.score)).decisions[0].kept
    dropped = cleaner.clean(text, FIRST_PASS.with_(good_score=above(d.score))).decisions[0]
    assert not dropped.kept
    assert dropped.reasons


def test_min_good_words_boundary_in_clean() -> None:
    text = PROSE[0]
    n = feats(text).words
    assert cleaner.clean(text, FIRST_PASS.with_(min_good_words=n)).decisions[0].kept
    assert not cleaner.clean(text, FIRST_PASS.with_(min_good_words=n + 1)).decisions[0].kept


def test_bad_score_boundary_in_clean() -> None:
    """A short neutral line between paragraphs stays in the body until it scores as bad."""
    short = "Then things changed"
    text = "\n\n".join([PROSE[0], PROSE[1], short, PROSE[2]])
    by_text = {d.block.text: d for d in cleaner.clean(text).decisions}
    assert by_text[short].kept
    s = by_text[short].score
    assert all(d.score > s for t, d in by_text.items() if t != short)

    at = {d.block.text: d for d in cleaner.clean(text, FIRST_PASS.with_(bad_score=s)).decisions}
    assert not at[short].kept
    assert all(d.kept for t, d in at.items() if t != short)
    just_above = cleaner.clean(text, FIRST_PASS.with_(bad_score=below(s))).decisions
    assert all(d.kept for d in just_above)


# The features take cheap shortcuts before their regexes (a character test, a tail test); these
# properties hold the shortcuts to the plain regex answers on any text.
_SENTENCE_END = regex.compile(r"[\p{Sentence_Terminal}…:;][\"'“”„»«’‘)\]」』）]*\Z")
_TEXTS = st.text(alphabet=st.sampled_from(list("ab .!?:;…。।؟។။\"'“”„»«’‘)]」』）|•·/>@w:h1 \u00a0")) | st.characters(),
                 max_size=40)


@given(_TEXTS)
def test_sentence_end_shortcut_agrees_with_the_regex(text: str) -> None:
    assert ends_sentence(text) == (_SENTENCE_END.search(text) is not None)


@pytest.mark.parametrize("text", [
    "The council voted on Tuesday.", "Was it worth it?", "Der Rat stimmte zu:", "市议会周二投票。",
    "नगर परिषद ने मंगलवार को मतदान किया।", "کونسل نے منگل کو ووٹ دیا۔", "هل كان الأمر يستحق ذلك؟",
    "ក្រុមប្រឹក្សាបានបោះឆ្នោត។", "မြို့တော်ကောင်စီက မဲပေးခဲ့သည်။", "«Il a voté.»",
])
def test_a_full_stop_of_any_writing_ends_a_sentence(text: str) -> None:
    assert ends_sentence(text)
    assert not ends_sentence(text + " and")


@given(_TEXTS)
def test_separator_and_url_shortcuts_agree_with_the_regexes(text: str) -> None:
    f = features(Block(0, 0, len(text), text), EN)
    body = BULLET.sub("", text)
    assert f.separators == len(_SEPARATOR.findall(body))
    assert f.url == (_URL.search(body) is not None)
    assert f.bullet == (BULLET.match(text) is not None)


@pytest.mark.parametrize("text", ["• समाचार", "• اتصل بنا", "• 联系我们", "• ติดต่อเรา", "공지사항"])
def test_capitals_are_unknown_in_a_writing_without_case(text: str) -> None:
    f = features(Block(0, 0, len(text), text), EN)
    assert math.isnan(f.capitals)
    total, contributions = score(f)
    assert contributions["capitals"] == 0.0 and math.isfinite(total)


@pytest.mark.parametrize(("text", "capitals"), [
    ("• contact us", 0.0), ("• Contact Us", 1.0), ("12:30 – 14:00", 0.0), ("Der Rat tagte in Köln", 0.6),
    ("• Contact 联系我们", 1 / 3),  # three words: Contact 联系 我们
])
def test_capitals_are_measured_where_there_is_case(text: str, capitals: float) -> None:
    assert features(Block(0, 0, len(text), text), EN).capitals == pytest.approx(capitals)
