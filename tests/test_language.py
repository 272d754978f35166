"""Language detection by stop-word hits, and min_language_hits."""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Settings
from cleaner.language import detect_language, stop_words, stop_words_for

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
    languages = stop_words().by_language
    assert set(SAMPLES) <= set(languages)
    assert all(len(words) >= 50 for words in languages.values())


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

    counts = Counter(w for w in WORD.findall(text) if len(w) > 1 and w.islower())  # the `regex` words
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
