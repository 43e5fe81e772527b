"""Parse Markdown (and HTML turned into Markdown) into titled sections of blocks."""

import re
from html.parser import HTMLParser

import yaml
from pydantic import BaseModel, Field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([a-z0-9_\-]+)\})?\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


class Block(BaseModel):
    """A paragraph, list item, code block or table row under a heading."""

    kind: str
    """paragraph, item, code or row."""
    text: str
    """The block's text; a table row reads "Header: cell; Header: cell"."""


class Section(BaseModel):
    """The content under one heading."""

    path: list[str]
    """Headings from the top of the document down to this one."""
    anchor: str | None = None
    """The nearest {#id} on this heading or a parent heading."""
    blocks: list[Block] = Field(default_factory=list)
    """The content, in order."""


class ParsedDocument(BaseModel):
    """A document as sections, with its front matter."""

    meta: dict[str, object] = Field(default_factory=dict)
    """The YAML front matter, if any."""
    sections: list[Section] = Field(default_factory=list)
    """Every section that has content."""


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ValueError(f"invalid front matter: {str(exc).splitlines()[0]}") from exc
    if meta is not None and not isinstance(meta, dict):
        raise ValueError("front matter must be a mapping")
    return meta or {}, text[match.end() :]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_markdown(text: str) -> ParsedDocument:
    """Split Markdown into sections by heading; tables become one block per row."""
    meta, body = _split_front_matter(text)
    doc = ParsedDocument(meta=meta)
    stack: list[tuple[int, str, str | None]] = []
    section = Section(path=[])
    paragraph: list[str] = []
    table_header: list[str] | None = None
    in_code = False
    code: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            section.blocks.append(Block(kind="paragraph", text=" ".join(paragraph)))
            paragraph.clear()

    def close_section() -> None:
        flush_paragraph()
        if section.blocks:
            doc.sections.append(section)

    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            if in_code:
                section.blocks.append(Block(kind="code", text="\n".join(code)))
                code.clear()
            else:
                flush_paragraph()
            in_code = not in_code
            continue
        if in_code:
            code.append(line)
            continue
        heading = _HEADING.match(stripped)
        if heading:
            close_section()
            level, title, anchor = len(heading.group(1)), heading.group(2).strip(), heading.group(3)
            stack = [s for s in stack if s[0] < level] + [(level, title, anchor)]
            inherited = next((a for _, _, a in reversed(stack) if a), None)
            section = Section(path=[s[1] for s in stack], anchor=inherited)
            table_header = None
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            flush_paragraph()
            cells = _cells(stripped)
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            if table_header is None:
                table_header = cells
            else:
                pairs = [f"{h}: {c}" for h, c in zip(table_header, cells, strict=False) if c]
                section.blocks.append(Block(kind="row", text="; ".join(pairs)))
            continue
        table_header = None
        if not stripped:
            flush_paragraph()
        elif re.match(r"^([-*+]|\d+[.)])\s+", stripped):
            flush_paragraph()
            section.blocks.append(Block(kind="item", text=stripped))
        elif paragraph == [] and section.blocks and section.blocks[-1].kind == "item" and line[:1] == " ":
            # An indented continuation line belongs to the list item above it.
            last = section.blocks[-1]
            section.blocks[-1] = Block(kind="item", text=f"{last.text} {stripped}")
        else:
            paragraph.append(stripped)
    if in_code and code:
        section.blocks.append(Block(kind="code", text="\n".join(code)))
    close_section()
    return doc


class _HtmlToMarkdown(HTMLParser):
    """Collect the readable text of an HTML page as Markdown lines."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK = frozenset({"p", "div", "section", "article", "blockquote", "br", "ul", "ol", "table", "main"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.rows_seen = 0
        self.prefix = ""
        self.pre = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.extend(["", self.prefix + text])
        self.current, self.prefix = [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "li":
            self._flush()
            self.prefix = "- "
        elif tag == "pre":
            self._flush()
            self.pre += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in self._BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()).replace("|", "/"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                if self.rows_seen == 0:
                    self.lines.append("")
                self.lines.append("| " + " | ".join(self.row) + " |")
                self.rows_seen += 1
            self.row = None
        elif tag == "table":
            self.rows_seen = 0
            self.lines.append("")
        elif tag == "pre":
            text = "".join(self.current).strip("\n")
            if text:
                self.lines.extend(["", "```", text, "```"])
            self.current, self.pre = [], max(0, self.pre - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag == "li" or tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)


def html_to_markdown(html: str) -> str:
    """Turn an HTML page into Markdown: headings, paragraphs, list items, tables and code."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines).strip() + "\n"
