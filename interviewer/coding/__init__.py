"""Coding and SQL rounds: running a candidate's solution against a problem's hidden tests and reporting exactly what
passed."""
