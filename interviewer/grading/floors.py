"""Floors: answers that say nothing (don't know, gibberish, keyword lists, copies of the question, padding)."""

from __future__ import annotations

import re
import zlib

from interviewer.domain.text import STOPWORDS, Span, content_stems, normalize, split_sentences, words

_I = re.IGNORECASE

_DONT_KNOW = re.compile(
    r"\b(i\s*(do\s*n[o']?t|dont|don't)\s*(really\s+)?know|idk|no idea|not sure|no clue|i have no (idea|clue)|"
    r"i can'?t answer|i cannot answer|i'?m not sure|don'?t remember|i forgot|i'?m stuck|dunno|"
    r"no s[eé]|je ne sais pas|keine ahnung|wei(ß|ss) (ich )?nicht|non lo so|n[aã]o sei|не знаю|"
    r"понятия не имею|geen idee|nie wiem|bilmiyorum|can'?t (really )?(say|recall|remember)|no lo s[eé]|ni idea|"
    # Blanking out, and asking to move on, in their usual idioms.
    r"(draw(ing)?|drew) an? (\w+ )?blank|(mind|head) (went|goes|is) (\w+ )?blank|blank(ed)? (out|on)|"
    r"(can|could|shall|may) we (please )?(move on|skip)|(let'?s|let us|i'?ll|i will|i'?d rather) (just )?"
    r"(move on|skip|pass)|next question|never (done|used|worked with|served|seen) )\b|"
    r"不知道|不清楚|わかりません|分かりません|知りません|모르겠|모름|لا أعرف",
    _I,
)
# A one-word refusal is a whole sentence ("Pass.", "Skip", "N/A"); inside a sentence these words mean something else
# ("skip connections", "forward pass", "pass@k", "N/A values").
_BARE_REFUSAL = re.compile(r"^\W*(pass|skip|n/?a|next|no comment|nothing)\W*$", _I)


def _without_refusals(answer: str) -> tuple[str, bool]:
    """The answer with don't-know phrases and one-word refusal sentences cut out, and whether there were any."""
    sentences = [s.text for s in split_sentences(answer)]
    kept = [s for s in sentences if not _BARE_REFUSAL.match(s)]
    rest = _DONT_KNOW.sub(" ", " ".join(kept))
    return rest, bool(_DONT_KNOW.search(answer)) or len(kept) < len(sentences)


def has_dont_know_phrase(answer: str) -> bool:
    """The answer says 'I don't know' (or similar) somewhere."""
    return _without_refusals(answer)[1]


def is_dont_know(answer: str) -> bool:
    """The answer says 'I don't know' (in some language) and says little else."""
    rest, refused = _without_refusals(answer)
    if not refused and not re.fullmatch(r"[\s?.!…-]*", answer):
        return False
    return len([w for w in words(rest) if w not in STOPWORDS]) < 8


def known_word_ratio(answer: str, vocabulary: frozenset[str]) -> float:
    """Share of the answer's words that are real words: in the vocabulary, or capitalised names (PyTorch, Spark)."""
    names = {w.lower() for w in re.findall(r"\b[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*\b|\b[A-Z]{2,}\b", answer)}
    tokens = [w.strip("'-") for w in words(answer)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0.0
    known = sum(
        1
        for t in tokens
        if t in vocabulary or t in STOPWORDS or t in names or any(p in vocabulary for p in t.split("-"))
    )
    return known / len(tokens)


_CALCULATION_STEP = re.compile(r"[\w)]\s*[-+*/^×÷=<>]\s*[\d(]")
_LIST_QUESTION = re.compile(
    r"\b(name|list|state|enumerate|give|mention|identify)\b[^.?!\n]{0,40}?\b(\d+|two|three|four|five|six|several|"
    r"a few|at least)\b",
    _I,
)


def is_calculation(answer: str) -> bool:
    """A worked calculation (formulas and numbers), which is an answer even with few words."""
    return len(_CALCULATION_STEP.findall(answer)) >= 2 and sum(ch.isdigit() for ch in answer) >= 4


def asks_for_list(question: str) -> bool:
    """The question asks to name or list several things, so a bare list is a fair answer."""
    return bool(_LIST_QUESTION.search(question))


def is_gibberish(answer: str, vocabulary: frozenset[str]) -> bool:
    """Keyboard mash, random letters, lorem ipsum or symbol soup rather than language."""
    if is_calculation(answer):
        return False
    letters = sum(ch.isalpha() for ch in answer)
    if letters < max(3, 0.4 * len(answer.strip())):
        return not re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", answer)  # CJK text is not gibberish
    if re.search(r"(.)\1{5,}", answer) and len(set(answer.lower())) < 8:
        return True
    if re.search(r"[\u0400-\u04ff\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", answer):
        return False  # other scripts are judged by relevance, not by an English vocabulary
    tokens = words(answer)
    if len(tokens) < 3:
        return not any(t in vocabulary for t in tokens)
    if re.search(r"\blorem\b.{0,20}\bipsum\b", answer, _I):
        return True
    return known_word_ratio(answer, vocabulary) < 0.55


def is_keyword_stuffing(answer: str) -> bool:
    """A bare list of terms: many words, almost no function words, no sentences."""
    tokens = words(answer)
    if len(tokens) < 6:
        return False
    function_share = sum(t in STOPWORDS for t in tokens) / len(tokens)
    return function_share < 0.1


_NEUTRAL = frozenset(
    {
        "question",
        "ask",
        "asked",
        "asking",
        "one",
        "two",
        "three",
        "get",
        "got",
        "basically",
        "like",
        "okay",
        "ok",
        "well",
        "want",
        "wants",
        "need",
        "needs",
    }
)


_RESTATING = re.compile(
    r"\?|\b(question|asking|asked|ask|you want|you'?d like|you would like|want me to|like me to|tell me|tell you)\b", _I
)
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)?")


def is_question_copy(answer: str, question: str) -> bool:
    """The answer restates the question and adds (almost) nothing.

    A short answer that reuses the question's terms is not a copy ("Slow start and congestion avoidance"
    answers "name the two phases..."): it must be near verbatim, or framed as a restatement, and new
    numbers count as new content (a worked result is an answer).
    """
    # Compare word parts, so "bias variance" copies "bias-variance".
    answer_stems = content_stems(answer.replace("-", " ")) - _NEUTRAL
    question_stems = content_stems(question.replace("-", " "))
    if not answer_stems:
        return False
    new = len(answer_stems - question_stems) + len(set(_NUMERAL.findall(answer)) - set(_NUMERAL.findall(question)))
    overlap = len(answer_stems & question_stems) / len(answer_stems)
    restated = overlap >= 0.85 or bool(_RESTATING.search(answer))
    return overlap >= 0.6 and new <= 3 and restated


def repetition_ratio(answer: str) -> float:
    """Share of the answer that is repeated material (0 = none), from sentence duplicates and compressibility."""
    sentences = [normalize(s.text) for s in split_sentences(answer)]
    duplicate_share = 1 - len(set(sentences)) / len(sentences) if len(sentences) >= 4 else 0.0
    raw = answer.encode("utf-8")
    compress_share = 0.0
    if len(raw) > 600:
        compress_share = max(0.0, 1 - len(zlib.compress(raw, 9)) / (0.45 * len(raw)))
    return max(duplicate_share, compress_share)


def dedupe_sentences(answer: str) -> list[Span]:
    """Sentences with exact repeats dropped, in order."""
    seen: set[str] = set()
    kept = []
    for span in split_sentences(answer):
        key = normalize(span.text)
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return kept
