"""The shipped knowledge base meets its coverage requirements and loads without errors."""

from collections import Counter

import yaml

from interviewer.domain.questions import Round
from interviewer.kb.catalog import load_bank
from interviewer.kb.ingest import builtin_sources, document_chunks
from interviewer.kb.markdown import parse_markdown
from interviewer.paths import eval_datasets_dir, knowledge_dir


def test_bank_loads_cleanly_with_enough_questions() -> None:
    bank = load_bank()
    assert bank.errors == []
    assert len(bank.questions) >= 150
    per_round = Counter(q.round for q in bank.questions)
    assert set(per_round) | {p.round for p in bank.problems} == set(Round)  # the SQL round asks problems only
    assert {p.round for p in bank.problems} == {Round.CODING, Round.SQL}
    assert per_round[Round.BEHAVIORAL] >= 25


def test_every_topic_has_two_questions_and_a_guide_section() -> None:
    bank = load_bank()
    per_topic = Counter(q.topic for q in bank.questions)
    thin = {t: per_topic[t] for t in bank.topics if per_topic[t] < 2}
    assert thin == {}
    anchors = set()
    for path in (knowledge_dir() / "guides").glob("*.md"):
        anchors |= {s.anchor for s in parse_markdown(path.read_text(encoding="utf-8")).sections}
    assert set(bank.topics) - anchors == set()
    assert anchors - set(bank.topics) - {None} == set()


def test_guides_chunk_within_the_embedding_window() -> None:
    topics = load_bank().topics
    for source in builtin_sources():
        chunks, errors = document_chunks(source, topics, set())
        assert errors == [] and chunks, source.path
        assert all(len(c.text.split()) <= 200 for c in chunks), source.path
        assert all(c.round in {r.value for r in Round} for c in chunks), source.path


def test_retrieval_set_is_labeled_with_known_topics() -> None:
    data = yaml.safe_load((eval_datasets_dir() / "retrieval.yaml").read_text(encoding="utf-8"))
    topics = load_bank().topics
    queries = data["queries"]
    assert len(queries) >= 60
    assert {q["topic"] for q in queries} <= set(topics)
    assert len({q["topic"] for q in queries}) >= 60


def test_confusions_load_cleanly_across_every_area() -> None:
    from interviewer.kb.catalog import load_confusions

    confusions, errors = load_confusions()
    assert errors == []
    assert len(confusions) >= 60
    per_area = Counter(c.area for c in confusions)
    assert set(per_area) == {"ml", "deep_learning", "genai", "statistics", "sql", "system_design"}
    assert min(per_area.values()) >= 8


def test_shipped_confusions_catch_the_classic_swaps_and_spare_the_right_statements() -> None:
    from interviewer.domain.text import split_sentences
    from interviewer.grading.mistakes import find_mistakes
    from interviewer.kb.catalog import load_confusions

    confusions, _ = load_confusions()

    def found(answer: str) -> set[str]:
        return {m.confusion for m in find_mistakes(split_sentences(answer), confusions)}

    assert "bagging-vs-boosting" in found("Bagging mainly reduces bias, and boosting mainly reduces variance.")
    assert "l1-vs-l2" in found("L2 regularization gives sparse weights, while L1 only shrinks them smoothly.")
    assert "precision-vs-recall" in found("Recall is the share of predicted positives that are truly positive.")
    right = (
        "Bagging mainly reduces variance, while boosting mainly reduces bias. L1 gives sparse weights and L2 "
        "shrinks them. Precision is the share of predicted positives that are truly positive. Batch norm "
        "normalizes across the batch, layer norm across the features of each example."
    )
    assert found(right) == set()


def test_every_shipped_confusion_accuses_its_wrong_claims_and_spares_its_right_ones() -> None:
    """Each concept's right properties said of it, plainly or set against the other concept, are never accused (by
    any confusion); each wrong property said plainly of it is found."""
    from interviewer.domain.text import split_sentences
    from interviewer.grading.mistakes import find_mistakes
    from interviewer.kb.catalog import load_confusions

    confusions, _ = load_confusions()
    accused, missed = [], []
    for confusion in confusions:
        for claim in confusion.claims:
            name = claim.concept[0].upper() + claim.concept[1:]
            others = [c.concept for c in confusion.claims if c is not claim]
            for right in claim.right:
                for said in [f"{name} {right}.", *(f"{name}, compared with {other}, {right}." for other in others)]:
                    if find_mistakes(split_sentences(said), confusions):
                        accused.append(said)
            for wrong in claim.wrong:
                found = find_mistakes(split_sentences(f"{name} {wrong}."), [confusion])
                if not any(m.concept == claim.concept for m in found):
                    missed.append(f"{name} {wrong}.")
    assert accused == []
    assert len(missed) <= 10, missed  # a wrong phrase that restates the concept's own name cannot follow it


def test_every_key_point_has_a_probe_and_a_hint_that_keep_it_back() -> None:
    from interviewer.domain.questions import reveals

    bank = load_bank()
    for question in bank.questions:
        assert sorted(question.probes) == sorted(question.hints) == list(range(1, len(question.key_points) + 1)), (
            question.id
        )
        for number, point in enumerate(question.key_points, start=1):
            assert question.probes[number].endswith("?")
            assert reveals(point, question.question, question.probes[number]) is None
            assert reveals(point, question.question, question.hints[number]) is None
            assert point not in question.probes[number] and point not in question.hints[number]
