"""Questions from the candidate's resume and the job ad: they name the text's own facts and invent none."""

from __future__ import annotations

import re

import pytest

from interviewer.domain.questions import Round
from interviewer.interview.resume import (
    JOB_AD_PREFIX,
    is_job_ad,
    job_ad_question,
    read_profile,
    resume_questions,
)
from interviewer.interview.session import Session, SessionConfig, ask, pick_question, skip, start
from interviewer.kb.catalog import load_bank

RESUMES = [
    """# Priya Raman
priya@example.com · Berlin

## Experience
Senior Machine Learning Engineer, Zalando (2021 – present)
- Built a churn model that cut monthly churn by 12% across 3 markets
- Led the migration of 40 batch pipelines to Airflow, reducing failures by 60%

Data Scientist at Delivery Hero (2018 – 2021)
- Developed an ETA prediction service serving 2M orders a day with 5.8 minutes MAE

## Skills
Python, PyTorch, SQL, Spark
""",
    """JORDAN LEE
Acme Analytics | ML Engineer | 2020-2024
* Deployed a fraud classifier that reduced chargebacks 3x for Acme Pay
* Trained ranking models on 1.2 billion events
Skills: TensorFlow, BigQuery, Kubernetes
""",
    """Sam Okafor — Research Engineer, Helios Labs
Published 2 papers on retrieval augmented generation
Improved retrieval recall from 0.61 to 0.78 on the internal QA benchmark
""",
    "No roles or numbers here, just a short paragraph about liking data.",
]
JOB_AD = """Machine Learning Engineer, Recommendations
We're looking for an engineer to own our ranking models end to end.
Responsibilities:
- Build and ship ranking models for the home feed
Requirements:
- 3+ years of experience with Python and deep learning frameworks
- Experience with large-scale data processing (Spark or similar)
"""
TEMPLATE_WORDS = set(
    "walk me through how you at what was the baseline and how did you measure know it worked as personally own are "
    "proudest of there you list is hardest problem have solved with role asks for where done that would still "
    "need to learn".split()
)


def _facts(question: str) -> list[str]:
    """Every name, number and event word a question uses beyond its template (and articles)."""
    words = [w.rstrip(".,") for w in re.findall(r"[A-Za-z][A-Za-z+#.\-]*|\d[\d,.]*%?x?", question)]
    return [w for w in words if w.lower() not in TEMPLATE_WORDS and w.lower() not in {"a", "an", "the"}]


@pytest.mark.parametrize("resume", RESUMES)
def test_every_name_number_and_event_in_a_resume_question_is_in_the_resume(resume: str) -> None:
    for question in resume_questions(resume):
        for fact in _facts(question.question):
            assert fact.lower() in resume.lower(), (fact, question.question)
        assert question.probes and question.hints and question.round == Round.SCREEN


def test_resume_questions_name_the_project_the_employer_and_the_result() -> None:
    questions = [q.question for q in resume_questions(RESUMES[0])]
    assert questions[0] == (
        "Walk me through how you built the churn model at Zalando: "
        'what was the baseline, and how did you measure "12%"?'
    )
    assert "As Senior Machine Learning Engineer at Zalando" in questions[1]
    assert questions[2] == "You list Python. What is the hardest problem you have solved with it?"
    profile = read_profile(RESUMES[1])
    assert profile.roles[0].title == "ML Engineer" and profile.roles[0].employer == "Acme Analytics"
    assert profile.skills == ["TensorFlow", "BigQuery", "Kubernetes"]
    assert '"3x"' in resume_questions(RESUMES[1])[0].question
    assert resume_questions(RESUMES[3]) == []  # nothing to ask about: no question rather than an invented one


def test_the_job_ad_gives_the_closing_question_on_its_stated_needs() -> None:
    assert is_job_ad(JOB_AD) and not any(is_job_ad(r) for r in RESUMES)
    question = job_ad_question(JOB_AD)
    assert question is not None and question.id.startswith(JOB_AD_PREFIX)
    assert '"3+ years of experience with Python and deep learning frameworks"' in question.question
    assert job_ad_question("Just a few words.") is None


def _answer_all(session: Session) -> list[str]:
    bank = load_bank()
    asked = []
    while (question := pick_question(session, bank)) is not None and len(asked) < session.config.questions_per_round:
        asked.append(question.id)
        session = skip(ask(session, question, question.question))
    return asked


def test_the_screen_round_opens_on_the_resume_and_closes_on_the_job_ad() -> None:
    config = SessionConfig(rounds=[Round.SCREEN], questions_per_round=4, candidate_context=RESUMES[0], job_ad=JOB_AD)
    asked = _answer_all(start("s", config))
    assert asked[0] == "scr-context-resume-1" and asked[1] == "scr-context-resume-2"
    assert asked[-1].startswith(JOB_AD_PREFIX) and not any(a.startswith(JOB_AD_PREFIX) for a in asked[:-1])
    # A job ad pasted in the one box is read as the job ad, not as a resume.
    alone = start("t", SessionConfig(rounds=[Round.SCREEN], questions_per_round=3, candidate_context=JOB_AD))
    assert [q.id for q in alone.extra_questions] == ["scr-context-job-1"]
    assert _answer_all(alone)[-1] == "scr-context-job-1"
