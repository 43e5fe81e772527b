"""An aspect named only in generic words scores below one named with a specific method or number; complexity
spoken in words counts as stated."""

from __future__ import annotations

from interviewer.domain.text import split_sentences
from interviewer.grading.aspects import CODING_ASPECTS, SYSTEM_DESIGN_ASPECTS, find_aspects

ASPECTS = {a.name: a for a in [*SYSTEM_DESIGN_ASPECTS, *CODING_ASPECTS]}


def test_generic_words_name_an_aspect_but_say_nothing_specific() -> None:
    vague = "It would have a robust data pipeline, a powerful model and scalable serving, with monitoring in place."
    for name in ("data", "model", "serving", "monitoring"):
        assert ASPECTS[name].shown_in(vague)
        assert not ASPECTS[name].specific_in(vague), name


def test_a_named_method_or_a_number_makes_it_specific() -> None:
    assert ASPECTS["model"].specific_in("Start with a logistic regression baseline, then a GBDT ranker.")
    assert ASPECTS["monitoring"].specific_in("I'd monitor PSI on the top features and alert on drift.")
    assert ASPECTS["serving"].specific_in("Serve it behind an API with a p99 budget of 80 ms.")
    assert ASPECTS["data"].specific_in("Ground truth comes from chargebacks, which arrive weeks later.")


def test_the_first_specific_sentence_is_the_one_quoted() -> None:
    spans = split_sentences("We will monitor it. Then we track PSI per feature and alert when it passes 0.2.")
    found = find_aspects([ASPECTS["monitoring"]], spans)
    assert found["monitoring"] == "Then we track PSI per feature and alert when it passes 0.2."


def test_complexity_spoken_in_words_is_stated() -> None:
    complexity = ASPECTS["complexity"]
    for said in (
        "Sorting a word of length k is k log k, so overall it's n times k log k.",
        "It runs in linear time and constant extra space.",
        "That's order n squared, too slow for 10^5.",
        "The scan is linear in the number of words.",
    ):
        assert complexity.shown_in(said), said
    assert not complexity.shown_in("I would sort the words and group them by key.")
