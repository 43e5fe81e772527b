"""Markdown and HTML parsing into sections."""

import pytest

from interviewer.kb.markdown import html_to_markdown, parse_markdown

GUIDE = """---
title: Test guide
round: coding
---
# Test guide

## Two pointers {#two_pointers}

Intro paragraph
spanning two lines.

### Pitfalls
- Off-by-one at the ends
  when the array is empty
- Forgetting duplicates

```python
# a comment, not a heading
i, j = 0, len(a) - 1
```

## Plain heading

| Name | Value |
|---|---|
| alpha | 1 |
| beta | 2 |
"""


def test_front_matter_sections_and_anchor_inheritance() -> None:
    doc = parse_markdown(GUIDE)
    assert doc.meta == {"title": "Test guide", "round": "coding"}
    paths = [s.path for s in doc.sections]
    assert ["Test guide", "Two pointers"] in paths
    pitfalls = next(s for s in doc.sections if s.path[-1] == "Pitfalls")
    assert pitfalls.anchor == "two_pointers"
    assert pitfalls.blocks[0].text == "- Off-by-one at the ends when the array is empty"
    assert pitfalls.blocks[-1].kind == "code"
    assert "# a comment, not a heading" in pitfalls.blocks[-1].text
    intro = next(s for s in doc.sections if s.path[-1] == "Two pointers")
    assert intro.blocks[0].text == "Intro paragraph spanning two lines."


def test_table_rows_pair_header_and_cells() -> None:
    doc = parse_markdown(GUIDE)
    plain = next(s for s in doc.sections if s.path[-1] == "Plain heading")
    assert plain.anchor is None
    assert [b.text for b in plain.blocks] == ["Name: alpha; Value: 1", "Name: beta; Value: 2"]


def test_bad_front_matter_is_an_error() -> None:
    with pytest.raises(ValueError, match="front matter"):
        parse_markdown("---\ntitle: [unclosed\n---\n# x\n\ntext\n")


def test_html_becomes_markdown() -> None:
    html = """<html><head><title>t</title><style>.x{}</style></head><body>
    <h1>Company guide</h1><p>Our loop has <b>four</b> rounds.</p>
    <h2>Rounds</h2><ul><li>Screen — 30 minutes</li><li>Onsite</li></ul>
    <table><tr><th>Round</th><th>Length</th></tr><tr><td>Screen</td><td>30 min</td></tr></table>
    <script>alert('x')</script></body></html>"""
    md = html_to_markdown(html)
    assert "# Company guide" in md
    assert "Our loop has four rounds." in md
    assert "- Screen — 30 minutes" in md
    assert "alert" not in md and ".x{}" not in md
    doc = parse_markdown(md)
    rounds = next(s for s in doc.sections if s.path[-1] == "Rounds")
    assert "Round: Screen; Length: 30 min" in [b.text for b in rounds.blocks]
