"""Our own scraped-page fixture: damaged encoding and a table that lost its cell separators."""

PAGE = """🎯 Offsite Loop Cheat Sheet

Everything you need before a machine learning onsite — in one page.

Rule of thumb: say what you are thinking. Silence reads as being stuck.

Loop At A Glance

StepWhat They TestTimeHow To Prepare
Recruiter CallMotivation + Fit20 minOne-minute story, salary range ready
Live CodingArrays / Graphs45–60 minDrill patterns, narrate tradeoffs
Theory Deep DiveStats + ML45 minRederive the loss functions
Design SessionEnd-to-end Systems60 minSketch data → model → serving
Project ReviewYour Past Work30 minOne project, numbers first
Team MatchValues + Growth30–45 minQuestions for the manager

Behavioral Prep

Stories That Work

  • STAR — situation, task, action, result
  • Metrics — close every story with a number
  • Ownership — say “I” for what you did
"""


def damage(text: str, codepage: str = "cp874") -> str:
    """Reproduce real-world damage: UTF-8 decoded with a code page (gaps from cp1252, then latin-1)."""
    out = []
    for byte in text.encode("utf-8"):
        for codec in (codepage, "cp1252", "latin-1"):
            try:
                out.append(bytes([byte]).decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


MOJIBAKE_MARKERS = ("โ€", "๐Ÿ", "€”", "Ÿ")
