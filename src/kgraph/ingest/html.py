"""HTML → main text, title and date, with the standard library's parser.

Scripts, styles, navigation, headers, footers, forms, cookie banners and share widgets are dropped.
When the page has an ``<article>`` or ``<main>`` element only its text is kept.

Linear in the size of the page, also for sloppy markup: the open elements are a stack with a count of the
dropping ones and of each tag name, so text and end tags cost O(1) (amortised), however many tags are left
unclosed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
     "iframe", "template", "select", "figure", "menu"}
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
                    "article", "main", "blockquote", "ul", "ol", "table", "title", "dd", "dt"})
_JUNK_ATTR = re.compile(
    r"(cookie|consent|banner|gdpr|newsletter|subscribe|share|social|related|comment|breadcrumb|"
    r"navbar|menu|footer|header|sidebar|advert|promo|popup|modal)", re.IGNORECASE)
_DATE_META = ("article:published_time", "datePublished", "date", "pubdate", "dc.date", "og:published_time")


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str | None
    date: str | None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.dropping = 0  # elements on the stack that drop their text
        self.open: Counter[str] = Counter()  # elements on the stack, by tag
        self.parts: dict[str, list[str]] = {"body": [], "main": []}
        self.in_main = 0
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.date: str | None = None

    def _dropping(self) -> bool:
        return self.dropping > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop") or ""
            if key in _DATE_META and a.get("content") and not self.date:
                self.date = a["content"][:10]
            return
        if tag == "time" and a.get("datetime") and not self.date:
            self.date = a["datetime"][:10]
        if tag in _VOID:
            if tag == "br":
                self._emit("\n")
            return
        junk = bool(_JUNK_ATTR.search(a.get("class", "") + " " + a.get("id", "") + " " + a.get("role", "")))
        drop = tag in _DROP_TAGS or junk or a.get("aria-hidden") == "true" or "hidden" in a
        self.stack.append((tag, drop))
        self.dropping += drop
        self.open[tag] += 1
        if tag in ("article", "main") and not drop:
            self.in_main += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # close up to the matching tag (tolerates sloppy HTML); an end tag with no open element is ignored
        if self.open[tag]:
            while self.stack:
                t, drop = self.stack.pop()
                self.dropping -= drop
                self.open[t] -= 1
                if t in ("article", "main") and not drop and self.in_main:
                    self.in_main -= 1
                if t == tag:
                    break
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK:
            self._emit("\n")

    def _emit(self, data: str) -> None:
        if self._dropping():
            return
        self.parts["body"].append(data)
        if self.in_main:
            self.parts["main"].append(data)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.in_h1 and not self._dropping():
            self.h1_parts.append(data)
        self._emit(data)


def _tidy(parts: list[str]) -> str:
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
    return "\n\n".join(out)


def html_to_text(markup: str) -> HtmlText:
    """Return the main text of an HTML page, its title and its date (when the page says).

    >>> page = "<html><title>T</title><body><nav>Home</nav><article><p>Hello</p></article></body></html>"
    >>> html_to_text(page).text
    'Hello'
    """
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    main = _tidy(parser.parts["main"])
    text = main if main.strip() else _tidy(parser.parts["body"])
    title = " ".join("".join(parser.h1_parts or parser.title_parts).split()) or None
    return HtmlText(text=text, title=title, date=parser.date)
