"""HTML to PDF with WeasyPrint, nothing fetched: the path the policy briefs and the codebook share.

The stylesheet sits in the HTML, fonts are the system's (DejaVu), and the URL fetcher refuses everything but
``data:`` addresses, so a rendered document never reaches the network.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to inline ``data:`` resources: a document never reaches the network."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a whole HTML document whose styles and images are inline."""
    return HTML(string=html, url_fetcher=LocalOnlyFetcher(), base_url=None).write_pdf()
