"""Grading one answer: text utilities (`text`), the deterministic analysis (`analysis`) built from floors,
STAR, quantified impact, round aspects and injection detection (`floors`, `star`, `impact`, `aspects`,
`injection`), known mistakes and denied key points (`mistakes`), the round rubrics (`rubric`), what an answer
is graded against (`targets`), the grader that bounds a model's judgement with those checks (`grader`), and
batch grading of JSON lines (`batch`).

A pure core: functions from data to data, no network, clock, storage or UI. May import `interviewer.domain` and
`interviewer.kb` (a bank question or retrieved guidance is what an ad hoc answer is graded against); embeddings,
retrieval and the model arrive as callables and ports. Never imports adapters or the interview.
"""
