"""HTML to PDF for letters to the parties (WeasyPrint).

A letter is rendered from a template the coordinator edits, so its HTML may name any
URL. Nothing is ever loaded from another site, and nothing from the server's disk: the
URL fetcher below refuses every URL but inline `data:` ones (an image pasted into a
template), and the letterhead stylesheet is passed as a string. Fonts come from the
system (fonts-dejavu-core, installed by scripts/bootstrap).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext as _

# The letterhead: US Letter, the office's name at the top of every page, page numbers below.
LETTERHEAD_CSS = """
@page {
  size: Letter;
  margin: 2.4cm 2.2cm 2.2cm 2.2cm;
  @top-left {
    content: "%(office)s";
    font: 600 9pt "DejaVu Sans", sans-serif;
    color: #8a1538;
  }
  @top-right {
    content: "%(address)s";
    font: 8pt "DejaVu Sans", sans-serif;
    color: #555;
  }
  @bottom-center {
    content: "%(page)s " counter(page) " / " counter(pages);
    font: 8pt "DejaVu Sans", sans-serif;
    color: #555;
  }
}
html { font: 10.5pt/1.45 "DejaVu Serif", serif; color: #111; }
h1 {
  font: 600 15pt "DejaVu Sans", sans-serif;
  margin: 0 0 .6em; padding-bottom: .2em; border-bottom: 1.5pt solid #8a1538;
}
h2 { font: 600 11.5pt "DejaVu Sans", sans-serif; margin: 1.2em 0 .4em; }
h3 { font: 600 10.5pt "DejaVu Sans", sans-serif; margin: 1em 0 .3em; }
p, li { margin: 0 0 .55em; }
table { border-collapse: collapse; width: 100%%; margin: .4em 0 .8em; }
th, td { border: .5pt solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }
a { color: inherit; text-decoration: none; }
"""


class _RefusingFetcher:
    """Built on first use (importing WeasyPrint loads Pango, which the web process needs only here)."""

    _cls = None

    @classmethod
    def get(cls):
        if cls._cls is None:
            from weasyprint.urls import URLFetcher

            class LocalOnlyURLFetcher(URLFetcher):
                """Refuses every URL except inline data: URLs (no other site, no local file)."""

                def fetch(self, url, headers=None):
                    if url.lower().startswith("data:"):
                        return super().fetch(url, headers)
                    raise ValueError(f"Refused to load {url[:80]!r}: letters load nothing from outside.")

            cls._cls = LocalOnlyURLFetcher
        return cls._cls


def letterhead_css() -> str:
    def quoted(text: str) -> str:
        return str(text).replace("\\", "\\\\").replace('"', '\\"')

    return LETTERHEAD_CSS % {
        "office": quoted(_("Institute Discrimination and Harassment Response Office (IDHR)")),
        "address": quoted("120 Massachusetts Ave., W31-223, Cambridge, MA 02139 · (617) 324-7526"),
        "page": quoted(_("Page")),
    }


def html_to_pdf(html: str, *, title: str = "") -> bytes:
    """The PDF of a letter's HTML, with the letterhead; loads nothing from any URL."""
    from weasyprint import CSS, HTML

    fetcher = _RefusingFetcher.get()()
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{html}</body></html>"
    )
    return HTML(string=document, base_url="about:blank", url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=letterhead_css(), url_fetcher=fetcher)]
    )
