"""Evaluation runners: retrieval quality (and, later, the grader against human labels)."""
