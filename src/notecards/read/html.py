"""Main-text extraction for saved ``.html`` / ``.htm`` pages (the only module importing trafilatura).

trafilatura drops most of a page's chrome (navigation, sidebars, comments) and returns the
article as Markdown; the clean stage then removes what furniture is left inside the article.
Line numbers of an HTML note refer to this extracted Markdown, not to the HTML file.
"""

from __future__ import annotations

from notecards.errors import UnreadableNote


def html_to_markdown(html: str, rel_path: str) -> str:
    """The main text of a saved page as Markdown; :class:`UnreadableNote` if there is none."""
    try:
        import trafilatura  # lazy: slow to import, only for saved web pages
    except ImportError:
        raise UnreadableNote(
            rel_path, "reading .html notes needs trafilatura (pip install trafilatura)"
        ) from None
    try:
        text = trafilatura.extract(
            html,
            output_format="markdown",
            include_formatting=True,
            include_tables=True,
            include_comments=False,
            include_links=False,
            include_images=False,
            deduplicate=False,
        )
    except Exception as err:  # a third-party parser on arbitrary input: any failure is "unreadable"
        raise UnreadableNote(rel_path, f"cannot extract text from the HTML page: {err}") from None
    if not text or not text.strip():
        raise UnreadableNote(rel_path, "no main text found in the HTML page")
    return str(text)
