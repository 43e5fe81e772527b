"""What the candidate hands in: code from the editor fenced into the answer; very short answers confirmed first."""

from __future__ import annotations

from interviewer.interview.answers import SHORT_ANSWER_WORDS, short_answer_notice, with_code
from ui.charts import progress_chart


def test_code_from_the_editor_is_fenced_after_the_spoken_answer() -> None:
    code = "def f(xs):\n\treturn sorted(xs)\n\n"
    assert with_code("Sort, then scan.", code) == "Sort, then scan.\n\n```python\ndef f(xs):\n\treturn sorted(xs)\n```"
    assert with_code("", code) == "```python\ndef f(xs):\n\treturn sorted(xs)\n```"
    assert with_code("  Just words.  ", "   \n ") == "Just words."


def test_a_very_short_answer_is_confirmed_before_grading() -> None:
    notice = short_answer_notice("Not sure yet.")
    assert notice is not None and "only 3 words" in notice and "Submit again" in notice
    assert short_answer_notice("one") is not None and "only 1 word." in (short_answer_notice("one") or "")
    assert short_answer_notice(" ".join(["word"] * SHORT_ANSWER_WORDS)) is None
    # Two lines of code are an answer, however few words come with them; one line is not.
    assert short_answer_notice("Here:", "def f():\n    return 1") is None
    assert short_answer_notice("", "x = 1") is not None
    assert short_answer_notice("   ") is None  # empty is refused elsewhere, with its own message


def test_the_progress_chart_draws_a_dot_per_session_and_a_line_per_series() -> None:
    assert progress_chart([], "Average score per round") is None
    records = [
        {"when": "2026-12-01 10:00", "series": "ML theory", "score": 2.5},
        {"when": "2026-12-02 10:00", "series": "ML theory", "score": 3.5},
        {"when": "2026-12-02 10:00", "series": "Behavioral", "score": 4.0},
    ]
    chart = progress_chart(records, "Average score per round")
    assert chart is not None
    spec = chart.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["labelLimit"] == 0  # labels are never cut short
    assert spec["layer"][0]["encoding"]["color"]["scale"]["scheme"] == "tableau10"
