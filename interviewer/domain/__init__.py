"""The shared vocabulary: rounds, questions and the bank (`questions`), knowledge chunks and search hits
(`chunks`), classic confusions and the mistakes found with them (`confusions`), what a grade says (`feedback`),
and the model port every LLM or test double implements (`model`).

Pure types with constraints and field docstrings, and no behaviour beyond small helpers. Modules here import
pydantic and each other, nothing else of ours: every other part may import the domain.
"""
