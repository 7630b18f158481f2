"""Reading the rendered documents back as text, the way another program would (pypdf, python-docx)."""

from __future__ import annotations

import io
import re

import docx
import pypdf
from docx.oxml.ns import qn


def pdf_pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [_flat(page.extract_text() or "") for page in reader.pages]


def without_footer(page: str) -> str:
    """A PDF page's text without its footer line (drawn first, so it comes first)."""
    return re.sub(r"^.*? · (pagina|page) \d+ ", "", page, count=1)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body in document order, tables included (cell by cell)."""
    body = docx.Document(io.BytesIO(data)).element.body
    lines = ["".join(" " if node.tag == qn("w:br") else node.text or "" for node in p.iter(qn("w:t"), qn("w:br")))
             for p in body.iter(qn("w:p"))]
    return _flat("\n".join(line for line in lines if line))


def _flat(text: str) -> str:
    # Line wraps inside a table cell or a paragraph become plain spaces: we look for phrases, not layout.
    return re.sub(r"\s+", " ", text)


def assert_in_order(text: str, phrases: list[str]) -> None:
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        assert found != -1, f"{phrase!r} not found after position {position} in: {text[position:position + 400]!r}"
        position = found + len(phrase)
