"""A copy of a document, as a PDF, stamped on every page with who downloaded it and when.

The party portal (issue 15) hands evidence and the investigation report to parties only
this way: the server makes the PDF and writes the stamp into every page's content (pypdf
merges a page drawn by WeasyPrint under the same rules as letters: nothing loaded from any
URL), so the stamp is text in the page, not a note a viewer may hide. A PDF document is
stamped as it is; a photo (PNG, JPEG) or a text or Word file is first laid out on pages;
a file that cannot be (a HEIC photo, a damaged or password-protected PDF) becomes a page
saying so, stamped too, so nothing leaves unstamped.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile

from defusedxml import ElementTree
from django.utils.html import escape
from django.utils.translation import gettext as _

from .pdf import _RefusingFetcher

_PAGE_CSS = "@page { size: Letter; margin: 2.4cm 2cm; } html { font: 10pt/1.4 'DejaVu Sans', sans-serif; }"
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _render(html: str, css: str) -> bytes:
    from weasyprint import CSS, HTML

    fetcher = _RefusingFetcher.get()()
    document = f'<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>{html}</body></html>'
    return HTML(string=document, base_url="about:blank", url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)]
    )


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = ["".join(node.text or "" for node in p.iter(f"{_W_NS}t")) for p in root.iter(f"{_W_NS}p")]
    return "\n".join(paragraphs)


def _as_pdf(data: bytes, content_type: str, title: str) -> bytes:
    heading = f"<h1 style='font-size:13pt'>{escape(title)}</h1>"
    if content_type in ("image/png", "image/jpeg"):
        src = f"data:{content_type};base64,{base64.b64encode(data).decode()}"
        return _render(f"{heading}<img src='{src}' alt='' style='max-width:100%;max-height:20cm'>", _PAGE_CSS)
    text = None
    if content_type == "text/plain":
        text = data.decode("utf-8", errors="replace")
    elif content_type.endswith("wordprocessingml.document"):
        try:
            text = _docx_text(data)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
            text = None
    if text is not None:
        return _render(f"{heading}<pre style='white-space:pre-wrap;font:inherit'>{escape(text)}</pre>", _PAGE_CSS)
    return _render(
        heading + "<p>" + escape(_("This file cannot be shown as a PDF. Ask the IDHR Office to see it.")) + "</p>",
        _PAGE_CSS,
    )


def _stamp_page(width: float, height: float, stamp: str) -> bytes:
    css = (
        f"@page {{ size: {width}pt {height}pt; margin: 0; }}"
        "html, body { margin: 0; font: 8pt 'DejaVu Sans', sans-serif; }"
        ".band { position: absolute; left: 0; right: 0; padding: 3pt 8pt; color: #8a1538;"
        " text-align: center; }"
        ".top { top: 0; } .bottom { bottom: 0; }"
        ".diagonal { position: absolute; top: 45%; left: -10%; width: 120%; text-align: center;"
        " font-size: 20pt; color: rgba(138,21,56,.12); transform: rotate(-35deg); }"
    )
    text = escape(stamp)
    html = (
        f"<div class='band top'>{text}</div><div class='diagonal' aria-hidden='true'>{text}</div>"
        f"<div class='band bottom'>{text}</div>"
    )
    return _render(html, css)


def pdf_watermarked(*, data: bytes, content_type: str, stamp: str, title: str = "") -> bytes:
    """The document as a PDF with `stamp` (one line: who, when) on every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    source = data if content_type == "application/pdf" else _as_pdf(data, content_type, title)
    try:
        reader = PdfReader(io.BytesIO(source))
        if reader.is_encrypted:
            raise PdfReadError("encrypted")
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError, OSError):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_as_pdf(b"", "application/octet-stream", title))))
    stamps: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        size = (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        if size not in stamps:
            stamps[size] = PdfReader(io.BytesIO(_stamp_page(*size, stamp))).pages[0]
        page.merge_page(stamps[size], over=True)
    writer.add_metadata({"/Title": re.sub(r"[\r\n]+", " ", title)[:200], "/Subject": stamp[:200]})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
