"""The session machine: coverage, no repeats, adaptive difficulty, follow-up targeting and budget, commands."""

from __future__ import annotations

from interviewer.domain.feedback import Feedback, KeyPointResult, MetricsCheck
from interviewer.domain.questions import Difficulty, Question, Round
from interviewer.interview.session import (
    LOOP_ORDER,
    MAX_FOLLOW_UPS,
    Session,
    SessionConfig,
    advance_round,
    ask,
    ask_follow_up,
    decide,
    pick_question,
    record_answer,
    round_over,
    skip,
    start,
    target_difficulty,
    turn_labels,
)
from interviewer.kb.catalog import load_bank

BANK = load_bank()


def _feedback(question: Question, overall: float, covered: int) -> Feedback:
    points = [
        KeyPointResult(point=p, covered=i < covered, evidence="x" if i < covered else None, similarity=0.5)
        for i, p in enumerate(question.key_points)
    ]
    return Feedback(
        question_id=question.id,
        round=question.round.value,
        overall=overall,
        criteria=[],
        key_points=points,
        metrics=MetricsCheck(present=False),
    )


def _answer(session: Session, overall: float, covered: int = 0, seconds: float = 60) -> Session:
    turn = session.current
    assert turn is not None
    question = BANK.get(turn.question_id)
    assert question is not None
    return record_answer(session, "an answer", seconds, _feedback(question, overall, covered))


def test_questions_cover_topics_without_repeats() -> None:
    session = start("s", SessionConfig(rounds=[Round.ML_THEORY], questions_per_round=12, seed=7))
    topics, ids = [], []
    for _ in range(12):
        question = pick_question(session, BANK)
        assert question is not None and question.round == Round.ML_THEORY
        ids.append(question.id)
        topics.append(question.topic)
        session = _answer(ask(session, question, question.question), 3.0, 2)
    assert len(set(ids)) == 12
    assert len(set(topics)) == 12


def test_the_seed_changes_the_order_and_the_same_seed_repeats_it() -> None:
    def first(seed: int) -> str:
        question = pick_question(start("s", SessionConfig(rounds=[Round.CODING], seed=seed)), BANK)
        assert question is not None
        return question.id

    assert first(1) == first(1)
    assert len({first(s) for s in range(8)}) > 1


def test_difficulty_adapts_to_scores() -> None:
    session = start("s", SessionConfig(rounds=[Round.ML_THEORY], questions_per_round=5))
    assert target_difficulty(session) == Difficulty.MEDIUM
    question = pick_question(session, BANK)
    assert question is not None and question.difficulty == Difficulty.MEDIUM
    strong = _answer(ask(session, question, question.question), 4.6, 5)
    assert target_difficulty(strong) == Difficulty.HARD
    weak = _answer(ask(session, question, question.question), 1.5, 0)
    assert target_difficulty(weak) == Difficulty.EASY
    nxt = pick_question(strong, BANK)
    assert nxt is not None and nxt.difficulty == Difficulty.HARD


def test_follow_ups_target_missed_points_and_stop_at_the_budget() -> None:
    session = start("s", SessionConfig(rounds=[Round.ML_THEORY]))
    question = pick_question(session, BANK)
    assert question is not None
    session = _answer(ask(session, question, question.question), 2.0, 1)
    first = decide(session, question)
    assert not first.good_enough and not first.follow_up_budget_used
    assert first.follow_up_target == question.key_points[1]
    session = ask_follow_up(session, question.id, first.follow_up_target, "follow-up 1")
    session = _answer(session, 2.0, 0)
    second = decide(session, question)
    assert second.follow_up_target == question.key_points[2]
    session = ask_follow_up(session, question.id, second.follow_up_target or "", "follow-up 2")
    session = _answer(session, 2.0, 0)
    third = decide(session, question)
    assert third.follow_up_budget_used and third.follow_up_target is None and not third.good_enough
    assert len([t for t in session.turns if t.kind == "follow_up"]) == MAX_FOLLOW_UPS


def test_good_enough_moves_on_without_using_the_budget() -> None:
    session = start("s", SessionConfig(rounds=[Round.ML_THEORY]))
    question = pick_question(session, BANK)
    assert question is not None
    session = _answer(ask(session, question, question.question), 4.5, len(question.key_points))
    decision = decide(session, question)
    assert decision.good_enough and not decision.follow_up_budget_used and decision.follow_up_target is None


PROBED = Question(
    id="mlt-x-1",
    round=Round.ML_THEORY,
    topic="cross_validation",
    difficulty=Difficulty.MEDIUM,
    question="How do you validate a model on time series data?",
    key_points=[
        "Uses a split where validation comes after training",
        "Mentions leakage from the future",
        "Uses TimeSeriesSplit with an expanding window",
    ],
    probes={1: "Which part of the data would you hold out?", 2: "What goes wrong if you shuffle?", 3: "Which tool?"},
)


def _graded(question: Question, verdicts: list[str], overall: float = 2.0, evidence: str | None = None) -> Feedback:
    points = [
        KeyPointResult(
            point=p,
            covered=v == "covered",
            verdict=v,  # type: ignore[arg-type]
            evidence=evidence if v in {"covered", "partly"} else None,
            similarity=0.5,
        )
        for p, v in zip(question.key_points, verdicts, strict=True)
    ]
    return Feedback(
        question_id=question.id,
        round="ml_theory",
        overall=overall,
        criteria=[],
        key_points=points,
        metrics=MetricsCheck(present=False),
    )


def test_a_follow_up_probes_the_most_important_missing_point_in_the_banks_words() -> None:
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    session = record_answer(session, "a", 10, _graded(PROBED, ["covered", "missing", "missing"]))
    decision = decide(session, PROBED)
    assert decision.follow_up_target == PROBED.key_points[1]  # the first one listed that is still missing
    assert decision.follow_up_prompt == "What goes wrong if you shuffle?" and decision.follow_up_quote is None


def test_a_follow_up_never_targets_a_point_covered_earlier_or_already_probed_even_after_a_resume() -> None:
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    session = record_answer(session, "a", 10, _graded(PROBED, ["missing", "covered", "missing"]))
    first = decide(session, PROBED)
    assert first.follow_up_target == PROBED.key_points[0]
    session = ask_follow_up(session, PROBED.id, PROBED.key_points[0], "Which part of the data would you hold out?")
    # The follow-up's answer misses everything, including its own point: it is still not asked again, and point 2,
    # covered by the first answer, is never targeted.
    session = record_answer(session, "b", 10, _graded(PROBED, ["missing", "missing", "missing"], overall=1.5))
    resumed = Session.model_validate_json(session.model_dump_json())
    second = decide(resumed, PROBED)
    assert second.follow_up_target == PROBED.key_points[2] and second.follow_up_prompt == "Which tool?"


def test_a_follow_up_builds_on_the_candidates_own_words_when_they_came_close() -> None:
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    said = "I would keep a holdout set of the most recent weeks, and maybe also check for drift over time."
    session = record_answer(session, said, 10, _graded(PROBED, ["partly", "missing", "missing"], evidence=said))
    decision = decide(session, PROBED)
    assert decision.follow_up_target == PROBED.key_points[0]
    assert decision.follow_up_quote == "I would keep a holdout set of the most recent weeks"
    assert decision.follow_up_quote in said


def test_turns_are_labelled_so_feedback_says_which_question_it_is_about() -> None:
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    session = record_answer(session, "a", 10, _graded(PROBED, ["missing", "missing", "missing"]))
    session = ask_follow_up(session, PROBED.id, PROBED.key_points[0], "Which part of the data would you hold out?")
    assert turn_labels(session) == ["Q1", "Q1 follow-up 1"]


def test_round_ends_by_count_or_time_and_the_loop_runs_in_order() -> None:
    session = start("s", SessionConfig(rounds=list(LOOP_ORDER), questions_per_round=1))
    assert session.config.rounds == LOOP_ORDER
    question = pick_question(session, BANK)
    assert question is not None
    session = _answer(ask(session, question, question.question), 3.0, 1)
    assert round_over(session)
    session = advance_round(session)
    assert session.round == Round.CODING
    timed = start("t", SessionConfig(rounds=[Round.SCREEN], questions_per_round=5))
    question = pick_question(timed, BANK)
    assert question is not None
    timed = _answer(ask(timed, question, question.question), 3.0, 1, seconds=31 * 60)
    assert round_over(timed)
    for _ in range(4):
        session = advance_round(session)
    assert session.done and session.round is None


def test_skip_and_serialisation_round_trip() -> None:
    session = start("s", SessionConfig(rounds=[Round.BEHAVIORAL], candidate_context=None))
    question = pick_question(session, BANK)
    assert question is not None
    session = skip(ask(session, question, question.question))
    assert session.current is None and session.turns[-1].skipped
    again = pick_question(session, BANK)
    assert again is not None and again.id != question.id
    restored = Session.model_validate_json(session.model_dump_json())
    assert restored == session


def test_resume_questions_come_first_in_the_screen_round() -> None:
    resume = "Jane Doe\n- Built a real-time fraud model serving 2M transactions a day at Acme Bank\n- Likes hiking\n"
    session = start("s", SessionConfig(rounds=[Round.SCREEN], candidate_context=resume))
    question = pick_question(session, BANK)
    assert question is not None and question.id == "scr-context-resume-1"
    assert question.question.startswith("Walk me through how you built the real-time fraud model:")


def test_a_follow_up_answer_off_its_own_point_still_leaves_the_other_points_to_probe() -> None:
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    session = record_answer(session, "a", 10, _graded(PROBED, ["covered", "missing", "missing"]))
    session = ask_follow_up(session, PROBED.id, PROBED.key_points[1], "What goes wrong if you shuffle?")
    off = _graded(PROBED, ["missing", "missing", "missing"], overall=1.2).model_copy(update={"flags": ["off_topic"]})
    session = record_answer(session, "something about another point", 10, off)
    assert decide(session, PROBED).follow_up_target == PROBED.key_points[2]
    main_off = ask(start("t", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    main_off = record_answer(main_off, "unrelated", 10, off)
    assert decide(main_off, PROBED).follow_up_target is None  # a main answer off topic: move on


def test_an_answer_is_timed_from_when_its_prompt_was_shown_whichever_process_shows_it() -> None:
    from datetime import UTC, datetime, timedelta

    from interviewer.interview.session import answer_seconds, mark_asked

    shown = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    session = ask(start("s", SessionConfig(rounds=[Round.ML_THEORY])), PROBED, PROBED.question)
    assert session.current is not None and answer_seconds(session.current, shown) is None
    marked = Session.model_validate_json(mark_asked(session, shown).model_dump_json())  # stored, loaded elsewhere
    assert marked.current is not None and marked.current.asked_at == shown
    assert answer_seconds(marked.current, shown + timedelta(seconds=42.25)) == 42.2
    assert answer_seconds(marked.current, shown - timedelta(seconds=2)) == 0.0  # another machine's clock, behind
    nothing_asked = start("s", SessionConfig(rounds=[Round.ML_THEORY]))
    assert mark_asked(nothing_asked, shown) == nothing_asked


def test_a_probe_quoted_once_is_not_asked_again_on_another_question_that_shares_it() -> None:
    resume = "Jane Doe\n- Cut fraud losses by 30% with a graph model at Acme Bank\n- Built a search ranker at Beta\n"
    session = start("s", SessionConfig(rounds=[Round.SCREEN], candidate_context=resume))
    first_q = pick_question(session, BANK)
    assert first_q is not None and first_q.id.startswith("scr-context-resume")
    session = ask(session, first_q, first_q.question)
    said = "We shipped the graph model in March, and the fraud team used it every day after launch."
    session = record_answer(session, said, 10, _graded(first_q, ["partly"] + ["missing"] * 3, evidence=said))
    first = decide(session, first_q)
    assert first.follow_up_prompt is not None and first.follow_up_quote is not None
    # The prompt as shown wraps the probe in the candidate's words, as the offline phraser does.
    shown = f'You mentioned "{first.follow_up_quote}". {first.follow_up_prompt}'
    session = ask_follow_up(session, first_q.id, first.follow_up_target or "", shown, first.follow_up_prompt)
    session = record_answer(session, said, 10, _graded(first_q, ["partly"] + ["missing"] * 3, evidence=said))
    session = session.model_copy(update={"pending": None})
    second_q = next(q for q in session.extra_questions if q.id != first_q.id)
    assert second_q.probe_for(first.follow_up_target or "") == first.follow_up_prompt  # the shared probe
    session = ask(session, second_q, second_q.question)
    session = record_answer(session, said, 10, _graded(second_q, ["partly"] + ["missing"] * 3, evidence=said))
    second = decide(session, second_q)
    assert second.follow_up_prompt != first.follow_up_prompt
    assert second.follow_up_target == second_q.key_points[1]
