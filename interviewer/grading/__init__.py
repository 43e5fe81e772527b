"""Grading one answer: text utilities (`text`), the deterministic analysis (`analysis`) built from floors,
STAR, quantified impact, round aspects and injection detection (`floors`, `star`, `impact`, `aspects`,
`injection`), classic confusions and denials (`mistakes`), key-point coverage, verdicts and support (`points`),
what contradicts a point: known wrong claims, other results, role swaps (`verdicts`), the round rubrics
(`rubric`), what an answer is graded against (`targets`), the bounds on a model's judgement (`bounds`), the grader
with its per-caller circuit breaker (`grader`), and batch grading of JSON lines (`batch`).

A pure core: functions from data to data, no network, clock, storage or UI. May import `interviewer.domain` and
`interviewer.kb` (a bank question or retrieved guidance is what an ad hoc answer is graded against); embeddings,
retrieval and the model arrive as callables and ports. Never imports adapters or the interview.
"""
