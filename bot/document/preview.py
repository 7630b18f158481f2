"""A PDF page as a PNG, as a person would see it (pypdfium2, a dev dependency): for the README's
picture and for checking the layout by eye."""

from __future__ import annotations

import io


def pdf_page_png(pdf: bytes, index: int = 0, scale: float = 1.6) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[index].render(scale=scale).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
