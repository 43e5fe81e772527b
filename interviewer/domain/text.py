"""Text primitives shared by grading and the knowledge checks: sentences with exact offsets, words, stopwords and
Snowball stemming."""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

import snowballstemmer

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my no nor not now of off on once
    only or other our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours also may might must shall us via per than then thus yet etc e g ie
    eg i'm i've i'd we're we've it's that's there's don't doesn't didn't isn't aren't wasn't weren't can't
    won't
    """.split()
)

_LOCAL = threading.local()
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[.!?;])[\"')\]]?\s+|\n+|(?<=:)\s*\n")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


class Span(NamedTuple):
    """A piece of the answer with its exact position, so quotes are always real substrings."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    """Split into sentences (and list items), keeping exact offsets into the original text."""
    spans: list[Span] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            bullet = _BULLET.match(stripped)
            if bullet:
                stripped = stripped[bullet.end() :]
            start = position + piece.find(stripped)
            spans.append(Span(start, start + len(stripped), stripped))
        position = match.end() if match else len(text)
    return spans


def words(text: str) -> list[str]:
    """Lowercase words (letters, inner apostrophes and hyphens)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem, so 'features' and 'feature', 'reduces' and 'reduce' match."""
    word = word.lower().replace("’", "'").strip("'-")
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:  # a Snowball stemmer keeps state while it works: one per thread (the web app grades in several)
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def content_stems(text: str) -> set[str]:
    """Stems of the non-stopwords of a text."""
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


def normalize(text: str) -> str:
    """Lowercase, collapse whitespace, unify quotes: for comparing spans."""
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').lower().split())


def find_span(haystack: str, quote: str) -> str | None:
    """The exact substring of haystack that matches quote up to case, whitespace and quote style."""
    quote = quote.strip().strip("\"'“”‘’").strip()
    if len(quote) < 3:
        return None
    if quote in haystack:
        return quote
    tokens = [re.escape(t) for t in quote.replace("’", "'").split()]
    if not tokens:
        return None
    pattern = r"\s+".join(t.replace("'", "['’]").replace('\\"', '["“”]') for t in tokens)
    match = re.search(pattern, haystack, flags=re.IGNORECASE)
    return match.group(0) if match else None


# The characters that open inline Markdown (emphasis, code, links, images, strikethrough, tables); block syntax at a
# line start (a heading, a list) only changes how the text looks, never what it links to.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]!|~])")
_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_literal(text: str) -> str:
    """Someone's text to show inside Markdown exactly as typed: no links, images, emphasis or HTML of its own.
    Markdown punctuation is backslash-escaped, HTML is entity-escaped, and "://" is broken with a zero-width space so
    that a renderer which turns bare addresses into links leaves them as text."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text.translate(_HTML))
    return escaped.replace("://", ":\u200b//")
