"""Mojibake repair: damaged text is restored, correct text is never altered."""

import pytest

from interviewer.kb.repair import decode_bytes, repair_mojibake


def damage(text: str, codepage: str) -> str:
    """Reproduce the damage: UTF-8 bytes decoded with a code page, gaps filled from cp1252, then latin-1."""
    out = []
    for byte in text.encode("utf-8"):
        for codec in (codepage, "cp1252", "latin-1"):
            try:
                out.append(bytes([byte]).decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


def test_the_two_known_sequences_are_restored() -> None:
    assert repair_mojibake("Coding โ€” DSA") == "Coding — DSA"
    assert repair_mojibake("๐ŸŽฏ Prep") == "🎯 Prep"


@pytest.mark.parametrize("codepage", ["cp874", "cp1252"])
@pytest.mark.parametrize(
    "original",
    [
        "Precision vs recall — when to optimise each",
        "Duration: 45–60 min • STAR → metrics",
        "🎯 Goals ✅ done 🚀 shipped",
        "Résumé review for a café in São Paulo, naïve Bayes",
        "“Quoted” and ‘single’ … ellipsis, € 40k",
    ],
)
def test_damaged_text_round_trips(codepage: str, original: str) -> None:
    damaged = damage(original, codepage)
    assert damaged != original
    assert repair_mojibake(damaged) == original


@pytest.mark.parametrize(
    "correct",
    [
        "plain ascii text",
        "สวัสดีครับ ยินดีต้อนรับ โคกสำโรง",  # real Thai, written in the very code page of the damage
        "Résumé, café, naïve, Zürich, über, ÿ",
        "“curly” quotes — dashes – and • bullets € 5 … ™",
        "日本語のテキスト, 한국어, العربية, emoji 🎯",
        "Ã on its own and © alone",
        "\u00a0non-breaking\u00a0spaces",
    ],
)
def test_correct_text_is_never_altered(correct: str) -> None:
    assert repair_mojibake(correct) == correct


def test_mixed_document_repairs_only_the_damage() -> None:
    text = "Correct — dash here. " + damage("Broken — dash there.", "cp874") + " Thai: สวัสดี"
    assert repair_mojibake(text) == "Correct — dash here. Broken — dash there. Thai: สวัสดี"


def test_decode_bytes_handles_bom_cp1252_and_binary() -> None:
    assert decode_bytes("\ufeffhello — there".encode()) == "hello — there"
    assert decode_bytes("caf\xe9".encode("cp1252")) == "café"
    assert decode_bytes(damage("a — b", "cp874").encode("utf-8")) == "a — b"
    with pytest.raises(ValueError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
