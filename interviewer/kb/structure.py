"""Recover document structure from scraped plain text: headings, bullets, term items and tables."""

import re
from itertools import combinations, pairwise

_BULLET = re.compile(r"^\s*(?:[•·▪◦●‣∙*–-]|\d{1,2}[.)])\s+")
_TERM = re.compile(r"^(?P<term>[^.:;!?—–]{2,60}?)(?P<sep>\s[—–-]\s|:\s)(?P<rest>.+)$")
_MAX_COMBINATIONS = 5000


def _boundaries(line: str) -> list[int]:
    """Positions where a table cell plausibly ended but its separator was lost."""
    cuts = []
    for i in range(1, len(line)):
        left, right = line[i - 1], line[i]
        camel = (left.islower() or left.isdigit() or left in ")]%") and right.isupper()
        letter_digit = left.isalpha() and right.isdigit()
        if camel or letter_digit:
            cuts.append(i)
    return cuts


def _split(line: str, cuts: tuple[int, ...] | list[int]) -> list[str]:
    edges = [0, *cuts, len(line)]
    return [line[a:b].strip() for a, b in pairwise(edges)]


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _header_cells(line: str) -> list[str] | None:
    """Cells of a table header whose separators were lost ("RoundFocusDuration"), or None."""
    if len(line) > 100 or _is_bullet(line) or line.rstrip()[-1:] in ".:;,!?":
        return None
    cells = _split(line, _boundaries(line))
    if len(cells) < 3 or any(not c or not c[0].isupper() or len(c.split()) > 4 for c in cells):
        return None
    return cells


def _tokens(cell: str) -> list[str]:
    return [re.sub(r"\d+", "0", t) for t in cell.lower().split()]


def _segment_rows(lines: list[str], columns: int) -> list[list[str]]:
    """Split each row into cells, resolving ambiguous rows by agreement with the unambiguous ones."""
    cuts = [_boundaries(line) for line in lines]
    rows: list[list[str] | None] = [
        _split(line, c) if len(c) == columns - 1 else None for line, c in zip(lines, cuts, strict=True)
    ]
    profiles: list[set[str]] = [set() for _ in range(columns)]
    for row in rows:
        for col, cell in enumerate(row or []):
            profiles[col].update(_tokens(cell))

    def score(cells: list[str]) -> float:
        total = 0.0
        for col, cell in enumerate(cells):
            tokens = _tokens(cell)
            if not tokens:
                return -1.0
            total += sum(t in profiles[col] for t in tokens) / len(tokens)
        return total

    resolved = []
    for line, row, c in zip(lines, rows, cuts, strict=True):
        if row is None:
            options = list(combinations(c, columns - 1))[:_MAX_COMBINATIONS]
            row = max((_split(line, o) for o in options), key=score)
        resolved.append(row)
    return resolved


def _table(lines: list[str]) -> tuple[list[str], list[list[str]], int] | None:
    """Recover a table at the start of lines: (header, rows, lines used), or None."""
    header = _header_cells(lines[0])
    if header is None:
        return None
    columns = len(header)
    body = []
    for line in lines[1:]:
        if _is_bullet(line) or len(_boundaries(line)) < columns - 1:
            break
        body.append(line)
    if not body:
        return None
    return header, _segment_rows(body, columns), 1 + len(body)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= 90
        and len(stripped.split()) <= 12
        and not _is_bullet(stripped)
        and stripped[-1] not in ".,;:"
        and not stripped.startswith(("|", "#", "```"))
    )


def _item(line: str) -> str:
    text = _BULLET.sub("", line, count=1).strip()
    match = _TERM.match(text)
    if match and len(match["term"].split()) <= 6:
        return f"- **{match['term'].strip()}**{match['sep'].rstrip()} {match['rest'].strip()}"
    return f"- {text}"


def _table_markdown(header: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * len(header), *(line(r) for r in rows)])


def text_to_markdown(text: str) -> str:
    """Turn scraped plain text into Markdown with headings, items and tables; words are kept as they are."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        if raw.strip():
            current.append(raw.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    # Each rendered block is (kind, markdown); headings get their level once their neighbours are known.
    rendered: list[tuple[str, str]] = []
    for block in blocks:
        if len(block) == 1 and _is_heading(block[0]):
            rendered.append(("heading", block[0].strip()))
            continue
        i = 0
        paragraph: list[str] = []
        while i < len(block):
            table = _table(block[i:]) if not _is_bullet(block[i]) else None
            if table:
                header, rows, used = table
                rendered.append(("table", _table_markdown(header, rows)))
                i += used
                continue
            if _is_bullet(block[i]):
                if paragraph:
                    rendered.append(("text", " ".join(p.strip() for p in paragraph)))
                    paragraph = []
                rendered.append(("item", _item(block[i])))
            else:
                paragraph.append(block[i])
            i += 1
        if paragraph:
            rendered.append(("text", " ".join(p.strip() for p in paragraph)))

    out: list[str] = []
    group_open = False
    for index, (kind, body) in enumerate(rendered):
        if kind != "heading":
            out.append(body)
            continue
        next_kind = rendered[index + 1][0] if index + 1 < len(rendered) else None
        if index == 0:
            level = 1
        elif next_kind == "heading":
            level, group_open = 2, True
        else:
            level = 3 if group_open else 2
        out.append(f"{'#' * level} {body}")
    # Items of one list stay together; everything else is separated by a blank line.
    text_out = ""
    for index, piece in enumerate(out):
        if index:
            both_items = piece.startswith("- ") and out[index - 1].startswith("- ")
            text_out += "\n" if both_items else "\n\n"
        text_out += piece
    return text_out + "\n"
