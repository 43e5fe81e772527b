"""Detect text addressed to the grader (prompt injection) in any common wording or language."""

from __future__ import annotations

import base64
import re

from interviewer.domain.text import Span, split_sentences

_I = re.IGNORECASE
_GAP = r"[^.!?\n]{0,80}?"
_TOP_GRADE = (
    r"(\b\d+(\.\d+)?\s*(/|out of)\s*(5|10|20|100)\b(?!\s*of\b)|full (marks|points|score)|perfect score|"
    r"(the )?(maximum|highest)( possible)? (score|marks?|points|grade|rating)|top (score|marks|grade)|"
    r"\ba five\b|\ban? 10\b|\b5 stars?\b)"
)
"""A grade asked for: 5/5, 10 out of 10, full marks, the maximum score, five stars."""

# "Ignore the instructions / rules" in other languages: (verbs, what is ignored, how far apart they may be).
IGNORE_RULES = [
    (r"ignora(r|d)?|olvida", r"instrucciones|reglas|indicaciones", 50),
    (r"ignore[zr]?|oublie[zr]?", r"instructions|consignes|r[eè]gles", 50),
    (r"ignorier(e|en|t)?|vergiss|vergessen sie", r"anweisungen?|vorgaben|regeln|instruktionen", 60),
    (r"ignor[ae]|esque[cç]a", r"instru[cç][oõ]es|regras", 50),
    (r"ignora|dimentica", r"istruzioni|regole", 50),
    (r"negeer|vergeet", r"instructies|regels", 50),
    (r"zignoruj|zapomnij", r"instrukcje|polecenia|zasady", 50),
]
# "Give me full marks" in other languages: (the asking verb, the marks asked for).
GIVE_ME_MARKS = [
    (
        r"d[aá]me|pon(me)?|asigna(me)?|otorga(me)?",
        r"\d+\s*/\s*\d+|nota (m[aá]xima|perfecta)|puntuaci[oó]n (m[aá]xima|perfecta)|m[aá]xima nota",
    ),
    (r"donne[zr]?[- ]moi|attribue[zr]?[- ]moi|mets[- ]moi", r"\d+\s*/\s*\d+|note maximale|la meilleure note|20/20"),
    (r"(?:gib|geben sie)\s+mir", r"\d+\s*/\s*\d+|bestnote|volle punkt(zahl|e)|note 1|die beste note"),
    (r"me d[eêáa]|d[eê]-me", r"\d+\s*/\s*\d+|nota m[aá]xima|nota (dez|10)"),
    (r"dammi|assegnami", r"\d+\s*/\s*\d+|il massimo|voto massimo|30 e lode"),
]

# Each pattern describes an attempt to instruct the grader or dictate a score, in English unless noted.
_CASELESS = [
    rf"\b(ignore|disregard|forget|override|bypass|skip|drop)\b{_GAP}\b(instructions?|prompts?|rules|rubric|"
    rf"guidelines|grading criteria|system (prompt|message)|what you were told|everything (above|before))",
    # An order to the grader: the verb opens the sentence (or follows "please", "you should"...) or names who gets
    # the grade ("give me", "award this answer"). "Users give 5 stars" reports a fact; and the verb used as a noun
    # ("the rate is 9/10", "set to 1/2 of the window") is not an instruction.
    rf"(^\W*|[.!?:;(]\s*|\b(please|just|kindly|now|so|you (should|must|will|can|could)|i (want|need) you to)\s+)"
    rf"(give|award|assign|grant|rate|score|mark|grade|put|set)\b(?!\s*(is|was|are|=|:|,|/|of|to)\b|\s*[=:,/])"
    rf"{_GAP}{_TOP_GRADE}",
    rf"\b(give|award|assign|grant)\s+(me|us|it|this( answer| response)?|my (answer|response)|the (candidate|answer))\b"
    rf"{_GAP}{_TOP_GRADE}",
    rf"\b(you are|you're|act as|pretend|role-?play|from now on|switch to)\b{_GAP}\b(grader|evaluator|judge|"
    rf"examiner|assistant|ai|model|lenient|generous|kind|dan|developer mode)\b",
    r"\b(dear|note to|attention|hey|hello|hi)\b,?\s+(the\s+)?(grader|evaluator|examiner|reviewer|ai|model|"
    r"assistant|llm|chatgpt|gpt|claude|bot)\b",
    rf"\b(grader|evaluator|examiner|ai model|language model|llm|chatgpt|assistant)\b{_GAP}\b(must|should|will|"
    rf"shall|please|need to)\b{_GAP}\b(score|grade|mark|rate|pass|give|award|accept)",
    rf"\bthis (answer|response|reply|solution)\b{_GAP}\b(deserves|should (get|receive|be (given|graded|scored|"
    rf"rated))|must (get|receive|be)|is worth|gets)\b",
    r"\b(5\s*/\s*5|10\s*/\s*10|100\s*/\s*100|5 out of 5|10 out of 10|full marks|perfect score)\b",
    # A grade written out as data: a quoted key (fake JSON), "overall: 5", or "score: 5" that no metric name
    # precedes ("F1 score: 0.71" and "score = 0" are not grades).
    r"[\"']\b(overall|score|grade|rating)[\"']\s*[:=]\s*[\"']?\d|\boverall\s*[:=]\s*[\"']?\d|"
    r"(?<![\w@-] )(?<![\w@-])\b(score|grade|rating)\s*[:=]\s*[\"']?(5|10|100)\b(?![.,]\d)",
    rf"\b(new|updated|real|actual) (instructions?|task|rules?)\b{_GAP}:",
    r"\b(system prompt|jailbreak|developer mode)\b",
    rf"\b(score|grade|rating|mark)\b{_GAP}\b(is|=|should be|must be|will be)\s*(a\s+)?((5|10|100)"
    rf"(?!\.\d|[\d,%]|\s*(%|percent|points?|pp|ms|x\b|times|seconds?|minutes?|hours?|days?|higher|lower|"
    rf"better|worse|more|less))|five|ten|full|perfect|maximum|the maximum|top)\b",
    r"\b(score|grade|rate|mark)\s+(it|this|me|my answer|the answer|this answer)\s+(a\s+|as\s+)?"
    r"(5|10|100|five|ten|full|perfect|top|excellent)\b",
    r"\b(grader|grading|evaluator|reviewer)\s*(instructions?|notes?|override)\b|\b(grader|evaluator)\s*:",
    r"\bset\b[^.!?\n]{0,20}\b(overall|score|grade)\b[^.!?\n]{0,20}\bto\b",
    r"\b(mark|treat|consider)\b[^.!?\n]{0,30}\b(all|every)\b[^.!?\n]{0,30}\b(covered|correct|met)\b",
    # Telling the grader not to flag, penalise or re-grade, or that the grade is settled already.
    r"\b(raise|add|return|output|set)\b[^.!?\n]{0,20}\bno\W*\s+flags?\b|\bno flags\b|"
    r"\b(do not|don'?t|never)\s+(re-?grade|re-?score|penali[sz]e|deduct|mark (it|this|me) down|"
    r"flag (this|my|the) (answer|response|submission))\b|"
    r"\bpre-?(approved|graded|scored)\b",
    # Claiming authority over the grade: an administrator, developer or operator, an official or authorised override.
    r"\b(i am|i'm|this is|as) (the|an|your) (\w+ )?(admin(istrator)?|developer|operator|owner|supervisor)\b|"
    r"\b(authori[sz]ed|official|admin(istrator)?|emergency|manual) (override|score|grade|instruction|directive)s?\b",
    r"\[\s*(system|admin|grader|note to (the )?grader)\b",
    r"\bdecode\b[^.!?\n]{0,40}\b(follow|execute|obey|do what)\b|\bbase64\b[^.!?\n]{0,40}\b(follow|instruction)",
    # Turkish and Russian: ignore the instructions, give me full marks.
    r"(talimatlar[ıi]|kurallar[ıi])\b.{0,40}(yok say|g[öo]rmezden gel|unut)",
    r"\btam puan\b",
    r"(игнорир|забудь|не обращай внимания).{0,60}(инструкци|правил|указани)",
    r"(постав|дай|выстав)[а-я]*\s+(мне\s+)?.{0,20}(\d+\s*/\s*\d+|высш|максимал|пят[её]рк|отлично)",
]

# Chat-template and role markers, at the start of any line.
_CASELESS_MULTILINE = [
    r"(<\|?(im_start|im_end|system|endoftext)\|?>|\[/?INST\]|</?(candidate_answer|system|instructions?)>|"
    r"^\s*(system|assistant|developer)\s*:|#{2,}\s*(system|instruction|new instruction))",
]

# Scripts without case: Chinese, Japanese, Korean, Arabic, Hindi.
_EXACT = [
    r"(忽略|无视|無視|忘记|忘記).{0,20}(指令|指示|说明|說明|规则|規則|提示|命令)",
    r"(给我|給我|请给|請給|打).{0,10}(满分|滿分|高分|[5五]分|10分|十分)",
    r"(満点|まんてん|指示を無視|命令を無視|ルールを無視)",
    r"(무시하|무시해).{0,20}|(지시|명령|규칙).{0,10}(무시)|만점",
    r"(تجاهل|انس).{0,40}(التعليمات|الأوامر|القواعد)|العلامة الكاملة|الدرجة الكاملة",
    r"(अनदेखा|नज़रअंदाज़|भूल जाओ).{0,40}(निर्देश|नियम)|पूरे अंक",
]

# Sentences that only mention such text (inside quotes, as an example of an attack) are not treated as attempts.
PATTERNS: list[re.Pattern[str]] = [
    *[re.compile(p, _I) for p in _CASELESS],
    *[re.compile(p, _I | re.M) for p in _CASELESS_MULTILINE],
    *[re.compile(rf"\b({verbs})\b.{{0,{gap}}}\b({rules})\b", _I) for verbs, rules, gap in IGNORE_RULES],
    *[re.compile(rf"\b({verbs})\b.{{0,40}}({marks})", _I) for verbs, marks in GIVE_ME_MARKS],
    *[re.compile(p) for p in _EXACT],
]

_QUOTED = re.compile(r"[\"“”'‘’«»「」『』`][^\"“”'‘’«»「」『』`]{4,200}[\"“”'‘’«»「」『』`]")
_MENTION = re.compile(
    r"\b(attacker|malicious|adversar|injected|an? user (might|could|may|types|writes)|someone (types|writes)|"
    r"such as|for example|e\.g\.|like when|defen[cs]e|guard|sanitiz|mitigat|detect)",
    re.IGNORECASE,
)


def _is_attempt(sentence: str) -> bool:
    for pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            quoted = any(q.start() <= match.start() and match.end() <= q.end() for q in _QUOTED.finditer(sentence))
            if quoted and _MENTION.search(sentence):
                continue  # talking about an attack (e.g. explaining prompt injection), not making one
            if _MENTION.search(sentence) and not re.search(r"\b(me|my|this answer|i)\b", sentence, re.IGNORECASE):
                continue
            return True
    return False


_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _hidden_in_base64(text: str) -> bool:
    """Instructions smuggled as base64."""
    for token in _BASE64.findall(text):
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        if decoded.isprintable() and _is_attempt(decoded):
            return True
    return False


def find_injections(answer: str) -> list[Span]:
    """Sentences of the answer that address the grader; empty when there are none."""
    found = [span for span in split_sentences(answer) if _is_attempt(span.text) or _hidden_in_base64(span.text)]
    # Instructions hidden in code fences or markup can span lines: check whole fenced blocks too.
    for block in re.finditer(r"```.*?```|<!--.*?-->", answer, flags=re.DOTALL):
        if _is_attempt(block.group(0)) and not any(s.start <= block.start() < s.end for s in found):
            found.append(Span(block.start(), block.end(), block.group(0)))
    return sorted(found)
