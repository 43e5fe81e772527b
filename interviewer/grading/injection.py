"""Detect text addressed to the grader (prompt injection) in any common wording or language."""

from __future__ import annotations

import base64
import re

from interviewer.grading.text import Span, split_sentences

_I = re.IGNORECASE
_GAP = r"[^.!?\n]{0,80}?"

# Each pattern describes an attempt to instruct the grader or dictate a score. Sentences that only
# mention such text (inside quotes, as an example of an attack) are not treated as attempts.
PATTERNS: list[re.Pattern[str]] = [
    re.compile(
        rf"\b(ignore|disregard|forget|override|bypass|skip|drop)\b{_GAP}\b(instructions?|prompts?|rules|rubric|"
        rf"guidelines|grading criteria|system (prompt|message)|what you were told|everything (above|before))",
        _I,
    ),
    re.compile(
        # The verb used as a noun ("the rate is 9/10", "set to 1/2 of the window") is not an instruction.
        rf"\b(give|award|assign|grant|rate|score|mark|grade|put|set)\b(?!\s*(is|was|are|=|:|,|/|of|to)\b|\s*[=:,/])"
        rf"{_GAP}(\b\d+(\.\d+)?\s*(/|out of)\s*(5|10|20|100)\b(?!\s*of\b)|full (marks|points|score)|perfect score|"
        rf"(the )?(maximum|highest)( possible)? (score|marks?|points|grade|rating)|top (score|marks|grade)|"
        rf"\ba five\b|\ban? 10\b|\b5 stars?\b)",
        _I,
    ),
    re.compile(
        rf"\b(you are|you're|act as|pretend|role-?play|from now on|switch to)\b{_GAP}\b(grader|evaluator|judge|"
        rf"examiner|assistant|ai|model|lenient|generous|kind|dan|developer mode)\b",
        _I,
    ),
    re.compile(
        r"\b(dear|note to|attention|hey|hello|hi)\b,?\s+(the\s+)?(grader|evaluator|examiner|reviewer|ai|model|"
        r"assistant|llm|chatgpt|gpt|claude|bot)\b",
        _I,
    ),
    re.compile(
        rf"\b(grader|evaluator|examiner|ai model|language model|llm|chatgpt|assistant)\b{_GAP}\b(must|should|will|"
        rf"shall|please|need to)\b{_GAP}\b(score|grade|mark|rate|pass|give|award|accept)",
        _I,
    ),
    re.compile(
        rf"\bthis (answer|response|reply|solution)\b{_GAP}\b(deserves|should (get|receive|be (given|graded|scored|"
        rf"rated))|must (get|receive|be)|is worth|gets)\b",
        _I,
    ),
    re.compile(r"\b(5\s*/\s*5|10\s*/\s*10|100\s*/\s*100|5 out of 5|10 out of 10|full marks|perfect score)\b", _I),
    re.compile(r"[\"']?\b(overall|score|grade|rating)[\"']?\s*[:=]\s*[\"']?\d", _I),
    re.compile(
        r"(<\|?(im_start|im_end|system|endoftext)\|?>|\[/?INST\]|</?(candidate_answer|system|instructions?)>|"
        r"^\s*(system|assistant|developer)\s*:|#{2,}\s*(system|instruction|new instruction))",
        _I | re.M,
    ),
    re.compile(rf"\b(new|updated|real|actual) (instructions?|task|rules?)\b{_GAP}:", _I),
    re.compile(r"\b(system prompt|jailbreak|developer mode)\b", _I),
    re.compile(
        rf"\b(score|grade|rating|mark)\b{_GAP}\b(is|=|should be|must be|will be|of)\s*(a\s+)?((5|10|100)"
        rf"(?!\.\d|[\d,%]|\s*(%|percent|points?|pp|ms|x\b|times|seconds?|minutes?|hours?|days?|higher|lower|"
        rf"better|worse|more|less))|five|ten|full|perfect|maximum|the maximum|top)\b",
        _I,
    ),
    re.compile(
        r"\b(score|grade|rate|mark)\s+(it|this|me|my answer|the answer|this answer)\s+(a\s+|as\s+)?"
        r"(5|10|100|five|ten|full|perfect|top|excellent)\b",
        _I,
    ),
    re.compile(
        r"\b(grader|grading|evaluator|reviewer)\s*(instructions?|notes?|override)\b|\b(grader|evaluator)\s*:", _I
    ),
    re.compile(r"\bset\b[^.!?\n]{0,20}\b(overall|score|grade)\b[^.!?\n]{0,20}\bto\b", _I),
    re.compile(r"\b(mark|treat|consider)\b[^.!?\n]{0,30}\b(all|every)\b[^.!?\n]{0,30}\b(covered|correct|met)\b", _I),
    re.compile(r"\b(raise|add|return)\s+\W*no\W*\s+flags?\b|\bno flags\b|\bdo not re-?grade\b|\bpre-?approved\b", _I),
    re.compile(r"\b(system administrator|administrator of this|authori[sz]ed override|official score)\b", _I),
    re.compile(r"\[\s*(system|admin|grader|note to (the )?grader)\b", _I),
    re.compile(
        r"\bdecode\b[^.!?\n]{0,40}\b(follow|execute|obey|do what)\b|\bbase64\b[^.!?\n]{0,40}\b(follow|instruction)", _I
    ),
    # Other languages: ignore-the-instructions and give-me-full-marks in the most common ones.
    re.compile(r"\b(ignora(r|d)?|olvida)\b.{0,50}\b(instrucciones|reglas|indicaciones)\b", _I),
    re.compile(
        r"\b(d[aá]me|pon(me)?|asigna(me)?|otorga(me)?)\b.{0,40}(\d+\s*/\s*\d+|nota (m[aá]xima|perfecta)|"
        r"puntuaci[oó]n (m[aá]xima|perfecta)|m[aá]xima nota)",
        _I,
    ),
    re.compile(r"\b(ignore[zr]?|oublie[zr]?)\b.{0,50}\b(instructions|consignes|r[eè]gles)\b", _I),
    re.compile(
        r"\b(donne[zr]?[- ]moi|attribue[zr]?[- ]moi|mets[- ]moi)\b.{0,40}(\d+\s*/\s*\d+|note maximale|"
        r"la meilleure note|20/20)",
        _I,
    ),
    re.compile(
        r"\b(ignorier(e|en|t)?|vergiss|vergessen sie)\b.{0,60}\b(anweisungen?|vorgaben|regeln|instruktionen)\b", _I
    ),
    re.compile(
        r"\b(gib|geben sie)\s+mir\b.{0,40}(\d+\s*/\s*\d+|bestnote|volle punkt(zahl|e)|note 1|die beste note)", _I
    ),
    re.compile(r"\b(ignor[ae]|esque[cç]a)\b.{0,50}\b(instru[cç][oõ]es|regras)\b", _I),
    re.compile(r"\b(me d[eêáa]|d[eê]-me)\b.{0,40}(\d+\s*/\s*\d+|nota m[aá]xima|nota (dez|10))", _I),
    re.compile(r"\b(ignora|dimentica)\b.{0,50}\b(istruzioni|regole)\b", _I),
    re.compile(r"\b(dammi|assegnami)\b.{0,40}(\d+\s*/\s*\d+|il massimo|voto massimo|30 e lode)", _I),
    re.compile(r"\b(negeer|vergeet)\b.{0,50}\b(instructies|regels)\b", _I),
    re.compile(r"\b(zignoruj|zapomnij)\b.{0,50}\b(instrukcje|polecenia|zasady)\b", _I),
    re.compile(r"(talimatlar[ıi]|kurallar[ıi])\b.{0,40}(yok say|g[öo]rmezden gel|unut)", _I),
    re.compile(r"\btam puan\b", _I),
    re.compile(r"(игнорир|забудь|не обращай внимания).{0,60}(инструкци|правил|указани)", _I),
    re.compile(r"(постав|дай|выстав)[а-я]*\s+(мне\s+)?.{0,20}(\d+\s*/\s*\d+|высш|максимал|пят[её]рк|отлично)", _I),
    re.compile(r"(忽略|无视|無視|忘记|忘記).{0,20}(指令|指示|说明|說明|规则|規則|提示|命令)"),
    re.compile(r"(给我|給我|请给|請給|打).{0,10}(满分|滿分|高分|[5五]分|10分|十分)"),
    re.compile(r"(満点|まんてん|指示を無視|命令を無視|ルールを無視)"),
    re.compile(r"(무시하|무시해).{0,20}|(지시|명령|규칙).{0,10}(무시)|만점"),
    re.compile(r"(تجاهل|انس).{0,40}(التعليمات|الأوامر|القواعد)|العلامة الكاملة|الدرجة الكاملة"),
    re.compile(r"(अनदेखा|नज़रअंदाज़|भूल जाओ).{0,40}(निर्देश|नियम)|पूरे अंक"),
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


def remove_spans(text: str, spans: list[Span]) -> str:
    """The text with the given spans cut out."""
    out, position = [], 0
    for span in sorted(spans):
        if span.start >= position:
            out.append(text[position : span.start])
            position = span.end
    out.append(text[position:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
