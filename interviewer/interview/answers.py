"""What the candidate hands in: an answer's text with any code from the editor, and when it is too short to grade
without asking first."""

from __future__ import annotations

from interviewer.domain.text import words

SHORT_ANSWER_WORDS = 5
"""Below this many words (and without two lines of code) an answer is checked with the candidate before grading: a
stray key (Tab to the Submit button, Enter) should not hand in half an answer."""


def with_code(text: str, code: str | None, language: str = "python") -> str:
    """The answer as graded and stored: the spoken part, then the editor's code as a fenced block."""
    text, code = (text or "").strip(), (code or "").rstrip()
    if not code.strip():
        return text
    block = f"```{language}\n{code.strip(chr(10))}\n```"
    return f"{text}\n\n{block}" if text else block


def short_answer_notice(text: str, code: str | None = None) -> str | None:
    """What to ask the candidate before grading a very short answer, or None when it is long enough."""
    count = len(words(text or ""))
    code_lines = [line for line in (code or "").splitlines() if line.strip()]
    if count >= SHORT_ANSWER_WORDS or len(code_lines) >= 2 or (not (text or "").strip() and not code_lines):
        return None
    said = f"only {count} word{'s' if count != 1 else ''}" if count else "only one line of code"
    return (
        f"Your answer is {said}. Press Submit again to have it graded as it is, or add to it "
        "(Hint and Skip are there too)."
    )
