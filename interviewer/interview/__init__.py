"""The interview: the session state machine (`session`), the interviewer that asks, grades and follows up
(`engine`), offline phrasing of turns (`phrasing`), questions from a resume or job ad (`resume`), round and
session reports (`report`), and feedback as Markdown (`render`).

A pure core: the session is plain data and every step a function of it; the model, grader and bank are passed
in. May import `interviewer.domain` and `interviewer.grading`; never adapters, the settings or a UI.
"""
