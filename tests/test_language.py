"""Language detection by stop-word hits, and min_language_hits."""

from __future__ import annotations

import pytest
import regex

import cleaner
from cleaner import Settings
from cleaner.blocks import Block
from cleaner.language import (
    FIRST_CJK,
    SOUTHEAST_ASIAN_SCRIPTS,
    UNSPACED_CHARS,
    detect_language,
    has_unspaced,
    stop_words,
    stop_words_for,
)
from cleaner.score import features, score

S = Settings()
SAMPLES = {
    "en": "The council voted on Tuesday to build new bike lanes across the centre of the city. "
          "Work will start in the spring, and the whole network should be finished within "
          "three years.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, neue Radwege in der Innenstadt zu bauen. "
          "Die Arbeiten sollen im Frühjahr beginnen, und das ganze Netz soll in drei Jahren "
          "fertig sein.",
    "fr": "Le conseil municipal a voté mardi pour construire de nouvelles pistes cyclables dans "
          "le centre de la ville. Les travaux commenceront au printemps, et tout le réseau sera "
          "terminé dans trois ans.",
    "es": "El ayuntamiento votó el martes a favor de construir nuevos carriles para bicicletas en "
          "el centro de la ciudad. Las obras comenzarán en la primavera y toda la red estará "
          "terminada dentro de tres años.",
    "it": "Il consiglio comunale ha votato martedì per costruire nuove piste ciclabili nel centro "
          "della città. I lavori inizieranno in primavera e tutta la rete sarà completata entro "
          "tre anni.",
    "pl": "Rada miasta zagłosowała we wtorek za budową nowych ścieżek rowerowych w centrum "
          "miasta. Prace rozpoczną się wiosną, a cała sieć ma być gotowa w ciągu trzech lat.",
    "pt": "A câmara municipal votou na terça-feira a favor da construção de novas ciclovias no "
          "centro da cidade. As obras vão começar na primavera e toda a rede deverá estar "
          "concluída dentro de três anos.",
    "vi": "Hội đồng thành phố hôm thứ Ba đã bỏ phiếu thông qua việc xây dựng các làn đường xe đạp mới "
          "ở trung tâm thành phố. Công trình sẽ khởi công vào mùa xuân và toàn bộ mạng lưới dự kiến "
          "hoàn thành trong vòng ba năm.",
}


@pytest.mark.parametrize("code", list(SAMPLES))
def test_detects_language(code: str) -> None:
    assert detect_language(SAMPLES[code], S.min_language_hits) == code


@pytest.mark.parametrize("code", list(SAMPLES))
def test_clean_reports_the_language(code: str) -> None:
    assert cleaner.clean(SAMPLES[code]).language == code


@pytest.mark.parametrize("text", ["", "   ", "Hello", "The end.", "Xylophone quartz zebra",
                                  "12345 67890", "日本語のテキスト"])
def test_none_for_too_little_text(text: str) -> None:
    assert detect_language(text, S.min_language_hits) is None
    assert cleaner.clean(text).language is None


def test_min_language_hits_boundary() -> None:
    """k occurrences of one English stop word: named at min_hits == k, unknown at k + 1."""
    word = "the"
    assert word in stop_words().by_language["en"]
    for k in (S.min_language_hits, 3):
        text = " ".join([word] * k)
        assert detect_language(text, k) is not None
        assert detect_language(text, k + 1) is None
        assert cleaner.clean(text, S.with_(min_language_hits=k)).language is not None
        assert cleaner.clean(text, S.with_(min_language_hits=k + 1)).language is None


def test_min_language_hits_boundary_on_a_sentence() -> None:
    text = SAMPLES["de"]
    hits = max(range(1, 200), key=lambda k: (detect_language(text, k) is not None, k))
    assert detect_language(text, hits) == "de"
    assert detect_language(text, hits + 1) is None


def test_forced_language_wins() -> None:
    result = cleaner.clean(SAMPLES["de"], S.with_(language="fr"))
    assert result.language == "fr"


def test_stop_words_for_unknown_language_is_the_union() -> None:
    union = stop_words().union
    assert stop_words_for(None) == union
    assert stop_words_for("xx") == union
    assert stop_words_for("en") < union
    assert {"the", "and", "of"} <= stop_words_for("en")


def test_every_listed_language_has_stop_words() -> None:
    stops = stop_words()
    assert set(SAMPLES) | set(CJK_SAMPLES) | set(SOUTHEAST_ASIAN_SAMPLES) <= set(stops.by_language)
    assert stops.unspaced == set(CJK_SAMPLES) | set(SOUTHEAST_ASIAN_SAMPLES)
    assert all(len(words) >= 50 for code, words in stops.by_language.items() if code not in stops.unspaced)
    # Chinese and Japanese: single function characters of their own writing
    assert all(len(c) == 1 and c >= FIRST_CJK for code in CJK_SAMPLES for c in stops.by_language[code])
    # Thai, Lao, Khmer, Burmese: words of their own script, each in one list only
    for code, script in SOUTHEAST_ASIAN_SCRIPTS.items():
        assert len(stops.by_language[code]) >= 20
        assert all(regex.fullmatch(rf"[\p{{{script}}}]+", w) for w in stops.by_language[code]), code
        assert all(stops.votes[w][1] == (code,) for w in stops.by_language[code])


def test_vietnamese_stop_words_are_function_syllables() -> None:
    """jusText's Vietnamese list holds content syllables (the most frequent of Wikipedia), so a
    headline read as prose; cleaner's own list (data/stop_words.toml) replaces it."""
    vi = stop_words().by_language["vi"]
    assert {"của", "và", "những", "được", "không", "các", "đã", "sẽ"} <= vi
    assert not {"thành", "phố", "đường", "hội", "đồng", "quân", "tỉnh", "huyện"} & vi
    # menu labels ('News', 'Entertainment') and a headline score as chrome, a sentence as prose
    # (with jusText's list: +0.24, +0.24, +1.01 and +4.47)
    chrome = ["Thời sự", "Giải trí", "Hội đồng thành phố thông qua làn đường xe đạp mới"]
    prose = SAMPLES["vi"].split(". ")[0] + "."
    assert all(score(features(Block(0, 0, len(t), t), vi))[0] < 0 for t in chrome)
    assert score(features(Block(0, 0, len(prose), prose), vi))[0] > 1


SOUTHEAST_ASIAN_SAMPLES = {
    "th": "สภาเมืองลงมติเมื่อวันอังคารให้สร้างทางจักรยานใหม่ในใจกลางเมือง ซึ่งเป็นโครงการด้านการคมนาคมที่ใหญ่"
          "ที่สุดในรอบหลายปี งานก่อสร้างจะเริ่มในฤดูใบไม้ผลิ และคาดว่าเครือข่ายทั้งหมดจะแล้วเสร็จภายในสามปี",
    "lo": "ສະພານະຄອນໄດ້ລົງຄະແນນສຽງໃນວັນອັງຄານ ເພື່ອກໍ່ສ້າງທາງລົດຖີບໃໝ່ໃນໃຈກາງເມືອງ ເຊິ່ງເປັນໂຄງການຂົນສົ່ງທີ່ໃຫຍ່"
          "ທີ່ສຸດໃນຫຼາຍປີ ວຽກກໍ່ສ້າງຈະເລີ່ມໃນລະດູໃບໄມ້ປົ່ງ ແລະ ຄາດວ່າເຄືອຂ່າຍທັງໝົດຈະສຳເລັດພາຍໃນສາມປີ",
    "km": "ក្រុមប្រឹក្សាក្រុងបានបោះឆ្នោតកាលពីថ្ងៃអង្គារ ដើម្បីសាងសង់ផ្លូវកង់ថ្មីនៅកណ្តាលទីក្រុង។ ការងារសាងសង់"
          "នឹងចាប់ផ្តើមនៅរដូវផ្ការីក ហើយបណ្តាញទាំងមូលត្រូវបានរំពឹងថានឹងបញ្ចប់ក្នុងរយៈពេលបីឆ្នាំ។",
    "my": "မြို့တော်ကောင်စီသည် မြို့လယ်တွင် စက်ဘီးလမ်းသစ်များ ဆောက်လုပ်ရန် အင်္ဂါနေ့က မဲပေးခဲ့သည်။ "
          "ဆောက်လုပ်ရေးလုပ်ငန်းကို နွေဦးရာသီတွင် စတင်မည်ဖြစ်ပြီး ကွန်ရက်တစ်ခုလုံးကို သုံးနှစ်အတွင်း ပြီးစီးရန် "
          "မျှော်လင့်ထားသည်။",
}
"""Thai, Lao, Khmer and Burmese: a sentence or two of news, read a few characters to a word."""


CASELESS_SAMPLES = {
    "ar": "صوت مجلس المدينة يوم الثلاثاء على إنشاء مسارات جديدة للدراجات في وسط المدينة. وسيبدأ العمل "
          "في الربيع، ومن المتوقع أن تكتمل الشبكة كلها خلال ثلاث سنوات.",
    "fa": "شورای شهر روز سه‌شنبه تصمیم گرفت که در مرکز شهر مسیرهای جدید دوچرخه بسازد. کار در بهار آغاز "
          "می‌شود و کل شبکه باید در سه سال آینده تکمیل شود.",
    "he": "מועצת העיר החליטה ביום שלישי לבנות שבילי אופניים חדשים במרכז העיר. העבודות יתחילו באביב, "
          "והרשת כולה אמורה להיות מוכנה בתוך שלוש שנים.",
    "hi": "नगर परिषद ने मंगलवार को शहर के केंद्र में नई साइकिल लेन बनाने का फैसला किया। काम वसंत में शुरू "
          "होगा और पूरा नेटवर्क तीन साल के भीतर पूरा होने की उम्मीद है।",
    "ko": "시의회는 화요일에 도심에 새로운 자전거 도로를 만들기로 결정했다. 공사는 봄에 시작되며, 전체 "
          "도로망은 3년 안에 완성될 예정이다. 시장은 이것이 도시 교통의 중요한 전환점이 될 것이라고 말했다.",
}


def test_capitalised_and_upper_case_words_do_not_vote() -> None:
    assert detect_language("The The The The The The", 5) is None
    assert detect_language("THE THE THE THE THE THE", 5) is None
    assert detect_language("the the the the the the", 5) == "en"
    assert detect_language("في في في في في في", 5) == "ar"


CJK_SAMPLES = {
    "zh": "市议会星期二投票决定在市中心修建新的自行车道。工程将在春天开始，整个网络应该在三年内完成。"
          "市长说，这是我们城市交通的一个重要的转折点，我们希望更多的人会选择骑车上班。",
    "ja": "市議会は火曜日に、市の中心部に新しい自転車道を作ることを決めました。工事は春に始まり、"
          "全体の道路網は三年以内に完成する予定です。",
}


@pytest.mark.parametrize("code, text", [*CASELESS_SAMPLES.items(), *CJK_SAMPLES.items(),
                                        *SOUTHEAST_ASIAN_SAMPLES.items()])
def test_detects_languages_of_other_writings(code: str, text: str) -> None:
    """Arabic, Persian, Hebrew, Hindi and Korean have no lower case: their words vote as they are.
    Chinese and Japanese vote by their stop characters, Thai, Lao, Khmer and Burmese by the stop
    words found inside their runs of letters."""
    assert detect_language(text, S.min_language_hits) == code
    assert cleaner.clean(text).language == code


@pytest.mark.parametrize("code", [*CJK_SAMPLES, *SOUTHEAST_ASIAN_SAMPLES])
def test_a_page_without_spaces_quoting_latin_menus_keeps_its_language(code: str) -> None:
    text = {**CJK_SAMPLES, **SOUTHEAST_ASIAN_SAMPLES}[code]
    assert detect_language("Home News Sport Contact\nXinhua Reuters BBC\n" + text, 5) == code


def test_a_few_quoted_chinese_words_do_not_outvote_english() -> None:
    text = SAMPLES["en"] + " The mayor (市长) called it a turning point (转折点) for the city."
    assert detect_language(text, S.min_language_hits) == "en"


def test_chinese_lines_without_spaces_make_the_language_sample() -> None:
    """A Chinese page with one long English line: its Chinese lines are prose too, though they
    hold no spaces, so the English line does not decide the language alone."""
    text = "All rights reserved. This site is best viewed with a modern browser.\n" + CJK_SAMPLES["zh"]
    assert cleaner.clean(text).language == "zh"


@pytest.mark.parametrize("code", [*CJK_SAMPLES, *SOUTHEAST_ASIAN_SAMPLES])
def test_writings_without_spaces_are_scored_with_the_union(code: str) -> None:
    """Their stop characters are in the union, which also reads the Latin-script words they quote."""
    assert stop_words_for(code) == stop_words().union
    assert stop_words().by_language[code] < stop_words().union


@pytest.mark.parametrize("text, language", [
    ("Walter Schmidt, Matthew Carl und Oliver Film trafen Julia, Sarah und Maria im April in Berlin.", "de"),
    ("Mit Julia, Maria und Sarah: Walter und Oliver im Film von Matthew Carl, gedreht in Berlin, USA, "
     "Deutschland.", "de"),
    ("John Smith and Maria Garcia met with the team in London, and they said that it was not yet clear "
     "what would happen to the club.", "en"),
])
def test_names_and_shared_words_do_not_vote_for_a_large_list(text: str, language: str) -> None:
    """jusText's Finnish list holds names and English and German words ('john', 'maria', 'the', 'der'):
    these two German lines were once taken for Finnish. Names do not vote, and a word several
    lists share votes for each only in part."""
    assert detect_language(text, min_hits=3) == language


def _reference_detect(text: str, min_hits: int) -> str | None:
    """detect_language as first written: every language's list intersected with the words."""
    from collections import Counter

    from cleaner.language import WORD

    counts = Counter(w for w in WORD.findall(text)  # the `regex` words
                     if len(w) > 1 and not w.isupper() and not w.istitle())
    stops = stop_words()
    holders = Counter(w for words in stops.by_language.values() for w in words)
    best, best_score, best_hits = None, 0.0, 0
    for code, words in stops.by_language.items():
        found = words.intersection(counts)
        score = sum(counts[w] / holders[w] for w in found)
        if score > best_score:
            best, best_score, best_hits = code, score, sum(counts[w] for w in found)
    return best if best_hits >= min_hits else None


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detection_by_word_votes_agrees_with_intersecting_every_list(code: str) -> None:
    text = SAMPLES[code]
    for words in (3, 8, len(text.split())):  # short samples bring near-ties
        sample = " ".join(text.split()[:words])
        assert detect_language(sample, 1) == _reference_detect(sample, 1)
        assert detect_language(sample, 5) == _reference_detect(sample, 5)


def test_the_cheap_test_never_misses_writing_without_spaces() -> None:
    """Every word character of UNSPACED_CHARS (Chinese, Japanese, Thai, Lao, Khmer, Burmese), in
    all of Unicode, passes the cheap test."""
    unspaced = regex.compile(rf"[{UNSPACED_CHARS}]")
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    missed = [c for c in unspaced.findall(every) if regex.match(r"\w", c) and not has_unspaced(c)]
    assert not missed, [hex(ord(c)) for c in missed[:10]]


@pytest.mark.parametrize("char", ["的", "の", "ア", "ー", "々", "\U00020000", "ｱ", "ก", "ກ", "ក", "က"])
def test_the_cheap_test_takes_every_unspaced_block(char: str) -> None:
    assert has_unspaced(f"abc {char} def")
    assert not has_unspaced("Straße, naïve café – “quoted” €5 ½ ™ Ωμέγα")
