"""Measuring quality: retrieval recall and MRR on a labeled query set (`retrieval`), the grader against human
grades with two baselines (`grader_eval`, loaders in `datasets`), our own labeled sets (`own`), and the agreement
metrics they share (`metrics`).

May import the domain, `kb`, `grading` and `paths`; the grader and knowledge base it measures are built by the
caller (the CLI), so the figures come from the same code path the product uses.
"""
