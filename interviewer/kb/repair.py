"""Repair mojibake: UTF-8 text that was decoded with a single-byte code page and saved again."""

import unicodedata
from functools import cache

# Code pages that damaged text is commonly decoded with. Bytes a code page leaves undefined were,
# in the damage we see in the wild, filled from cp1252, then passed through as C1 controls.
_CODEPAGES = ("cp874", "cp1252")
_FALLBACKS = ("cp1252", "latin-1")


@cache
def _char_to_byte(codepage: str) -> dict[str, int]:
    """Map each character the damaged decoding produces back to the byte it came from."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        for codec in (codepage, *_FALLBACKS):
            try:
                table.setdefault(bytes([byte]).decode(codec), byte)
                break
            except UnicodeDecodeError:
                continue
    return table


def _sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _plausible(decoded: str, raw: bytes, before: str, after: str) -> bool:
    """Accept a decoded character only where the damage is unmistakable, so correct text stays as it is."""
    if unicodedata.category(decoded)[0] == "C":
        return False
    # A byte in 0x80-0x9F only shows up as a punctuation sign or a control character in these code
    # pages, never inside a word of real Thai or Latin text: its presence marks mojibake.
    if any(0x80 <= b <= 0x9F for b in raw[1:]):
        return True
    # Otherwise accept an accented Latin letter glued to a Latin word ("cafรฉ" -> "café").
    latin = "LATIN" in unicodedata.name(decoded, "")
    return latin and (_is_ascii_letter(before) or _is_ascii_letter(after))


def _repair_with(text: str, codepage: str) -> str:
    table = _char_to_byte(codepage)
    out: list[str] = []
    i = 0
    while i < len(text):
        lead = table.get(text[i])
        size = _sequence_length(lead) if lead is not None else 0
        if size and i + size <= len(text):
            raw = [table.get(c) for c in text[i : i + size]]
            if all(b is not None for b in raw):
                data = bytes(b for b in raw if b is not None)
                try:
                    decoded = data.decode("utf-8")
                except UnicodeDecodeError:
                    decoded = ""
                before = text[i - 1] if i else ""
                after = text[i + size] if i + size < len(text) else ""
                if decoded and _plausible(decoded, data, before, after):
                    out.append(decoded)
                    i += size
                    continue
        out.append(text[i])
        i += 1
    return "".join(out)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp874 (Thai) or cp1252; text without such damage comes back unchanged."""
    if text.isascii():
        return text
    for codepage in _CODEPAGES:
        repaired = _repair_with(text, codepage)
        if repaired != text:
            return repaired
    return text


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else cp1252; then repair mojibake."""
    if b"\x00" in data[:4096]:
        raise ValueError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return repair_mojibake(text)
