"""Grading against a reference answer: its points, its terms, and no penalty for alternatives it merely lists."""

from __future__ import annotations

from interviewer.adapters.embedder import default_model_path, load_vocabulary
from interviewer.domain.questions import Round
from interviewer.grading.analysis import GradeTarget
from interviewer.grading.grader import Grader
from interviewer.grading.targets import reference_points, reworded_bank_question
from interviewer.kb.catalog import load_bank
from tests.conftest import HashingEmbedder

VOCAB = load_vocabulary(default_model_path())
REFERENCE = """Possible objectives:
- support billions of end systems with longer addresses
- reduce the size of routing tables
- simplify protocol processing with a simpler header
- increase security with built-in authentication
- support real-time traffic with flow labels
- coexist with existing protocols during the transition"""
QUESTION = "What are the objectives of IPv6? Name at least two."


def _grade(answer: str) -> float:
    points = reference_points(REFERENCE)
    target = GradeTarget(round=Round.ML_THEORY, question=QUESTION, key_points=points, reference=REFERENCE)
    grader = Grader(HashingEmbedder().embed, VOCAB, None, lambda target, answer: [])
    return grader.grade(target, answer).overall


def test_reference_points_are_lines_without_headers_or_sentences_of_a_paragraph() -> None:
    points = reference_points(REFERENCE)
    assert len(points) == 6 and points[0].startswith("- support billions")
    paragraph = "The client sends SYN. The server replies SYN-ACK. The client sends ACK."
    assert reference_points(paragraph) == [
        "The client sends SYN.",
        "The server replies SYN-ACK.",
        "The client sends ACK.",
    ]
    assert reference_points("Header:\n\n   \n") == []


def test_naming_some_listed_alternatives_well_is_not_penalised_for_the_rest() -> None:
    two = _grade("IPv6 uses longer addresses to support billions of end systems, and it reduces routing table size.")
    everything = _grade(
        "Longer addresses for billions of end systems, smaller routing tables, simpler header processing, "
        "built-in authentication for security, flow labels for real-time traffic, and coexistence with old protocols."
    )
    wrong = _grade("IPv6 makes the internet faster because packets travel over fibre instead of copper cables.")
    assert wrong < two <= everything
    assert two >= 3.0


def test_a_bank_question_in_other_words_is_graded_by_its_key_points() -> None:
    bank = load_bank()
    known = next(q for q in bank.by_round(Round.ML_THEORY) if q.id == "mlt-bias-variance-1")
    embed = HashingEmbedder(dims=512).embed
    reworded = "Explain the bias-variance tradeoff: how do you tell which of the two hurts your model, and what then?"
    assert reworded_bank_question(Round.ML_THEORY, reworded, bank, embed) == known
    problem = next(p for p in bank.problems if p.round == Round.CODING)
    assert reworded_bank_question(Round.CODING, problem.question + " Explain your approach.", bank, embed) == problem
    other = "Why do residual connections make very deep networks trainable?"
    assert reworded_bank_question(Round.ML_THEORY, other, bank, embed) is None


def test_a_question_outside_the_bank_takes_no_key_point_from_a_pitfall_or_an_example() -> None:
    from interviewer.domain.chunks import Chunk
    from interviewer.grading.targets import adhoc_target
    from interviewer.kb.retrieval import KnowledgeBase
    from tests.conftest import MemoryStore

    embedder, store = HashingEmbedder(dims=512), MemoryStore()
    passages = {
        "Pitfalls": "Candidates forecast smart meter demand with one giant model per household and never check it.",
        "Example": "Example: a utility forecasts smart meter demand per household with weather and holiday features.",
        "What interviewers look for": "Strong answers forecast smart meter demand with shared models and weather.",
    }
    chunks = [
        Chunk(
            id=f"chunk-{i:04d}",
            text=text,
            doc="g.md",
            source="g.md",
            section=f"Forecasting > {name}",
            round="ml_theory",
        )
        for i, (name, text) in enumerate(passages.items())
    ]
    store.upsert(chunks, embedder.embed([c.text for c in chunks]))
    question = "How would you forecast smart meter demand per household?"
    target = adhoc_target(Round.ML_THEORY, question, load_bank(), KnowledgeBase(store, embedder), embedder.embed)
    assert target.key_points == [passages["What interviewers look for"]]
