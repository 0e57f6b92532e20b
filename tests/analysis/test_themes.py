"""Themes: TF-IDF over lemmatised Dutch with NMF, seeded, campaigns counted once."""
from __future__ import annotations

from moderation.analysis.themes import fit_themes, find_themes, lemma, lemmatise, stop_words

ANSWERS = (
    ["Ik maak me zorgen over patenten op zaden van multinationals."] * 1
    + [f"Patenten op zaden maken boeren afhankelijk van multinationals, zegt teler {i}." for i in range(8)]
    + [f"Het etiket moet duidelijk zijn zodat de consument kan kiezen, aldus lezer {i}." for i in range(8)]
    + [f"Droogte en hitte vragen om gewassen die minder water nodig hebben, schrijft boer {i}." for i in range(8)]
)


def test_lemmas_with_the_exception_list():
    assert lemma("gewassen") == "gewas"  # simplemma alone says "aanwassen"
    assert lemma("boeren") == "boer" and lemma("patenten") == "patent"
    assert lemmatise("Ik ben tegen de gewassen van de boeren") == ["gewas", "boer"]
    assert "de" in stop_words() and "gewas" not in stop_words()


def test_themes_are_labelled_by_key_terms_with_representative_answers():
    result = find_themes(ANSWERS, n_themes=3)
    assert len(result.themes) == 3
    labels = " ".join(theme.label for theme in result.themes)
    for term in ("patent", "etiket", "droogte"):
        assert term in labels or any(term in theme.terms for theme in result.themes)
    for theme in result.themes:
        assert len(theme.representatives) == 3
        assert all(result.theme_of[i] == theme.id for i in theme.representatives)
    assert result.theme_of[1] == result.theme_of[2] != result.theme_of[10]


def test_the_same_seed_gives_the_same_themes():
    assert find_themes(ANSWERS, n_themes=3, seed=7) == find_themes(ANSWERS, n_themes=3, seed=7)


def test_a_campaign_counts_once():
    campaign = ["Stop de patenten op zaden nu, want multinationals mogen ons voedsel niet bezitten."] * 40
    texts = ANSWERS + campaign
    groups = [0] * len(ANSWERS) + [1] * 40
    counted_once = find_themes(texts, n_themes=3, groups=groups)
    counted_all = find_themes(texts, n_themes=3)
    assert sum(t.size for t in counted_once.themes) <= len(ANSWERS) + 1
    assert sum(t.size for t in counted_all.themes) > len(ANSWERS) + 1
    assert len(set(counted_once.theme_of[len(ANSWERS):])) == 1  # every copy gets its template's theme


def test_texts_without_content_words_have_no_themes():
    result = find_themes(["Ja.", "Nee.", "Ik ben het eens."])
    assert result.themes == () and result.theme_of == (0, 0, 0)
    assert fit_themes(["één"]) is None


def test_a_fitted_model_assigns_new_answers():
    model = fit_themes(ANSWERS, n_themes=3)
    assigned = model.assign(["Patenten op zaden maken boeren afhankelijk.", "Nee."])
    assert assigned[0] >= 0 and assigned[1] == -1
