"""Independent readers of built HTML for tests: links, anchors, text in context.

Written separately from the generator's own link check, so the tests do not
trust the code they test.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
BLOCKS = {"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "br",
          "caption", "tr", "blockquote", "section", "ul", "ol", "table"}


class Page(HTMLParser):
    """Parses one page: links, ids, and text runs with the tags that enclose them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: list[str] = []
        self.texts: list[tuple[str, tuple[tuple[str, dict], ...]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.visible: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag in ("a", "link", "script", "img") and ("href" in attributes or "src" in attributes):
            if not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(attributes.get("href") or attributes.get("src"))
        if tag in BLOCKS:
            self.visible.append("\n")
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.visible.append("\n")
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, tuple(self.stack)))
        hidden = any("visually-hidden" in a.get("class", "") or a.get("aria-hidden") == "true"
                     or "hidden" in a for _, a in self.stack)
        if not hidden:
            self.visible.append(data)

    def text(self) -> str:
        """The text a sighted reader sees: no screen-reader-only or hidden text."""
        return " ".join("".join(self.visible).split())


def broken_links(site: Path, root: str = "/") -> tuple[list[str], int]:
    """Internal links or anchors in ``site`` that do not resolve; and how many were checked.

    Only the 404 page may link from the root path (``root``): it is served at any address.
    """
    pages = {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8"))
             for p in site.rglob("*.html") if "pagefind" not in p.parts}
    problems, checked = [], 0
    for path, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            checked += 1
            if link.startswith("/"):
                if path != "404.html" or not link.startswith(root):
                    problems.append(f"{path}: {link} is root-relative (breaks under a sub-path)")
                    continue
                target = site / unquote(parts.path)[len(root):]
            else:
                target = (site / path).parent / unquote(parts.path) if parts.path else site / path
            target = target.resolve()
            if not target.is_file():
                problems.append(f"{path}: {link} -> missing file")
                continue
            if parts.fragment:
                relative = target.relative_to(site.resolve()).as_posix()
                if unquote(parts.fragment) not in pages.get(relative, page).ids:
                    problems.append(f"{path}: {link} -> missing #{parts.fragment}")
    return problems, checked


class Element:
    """An element of a parsed page, with its children (elements and text) in order."""

    def __init__(self, tag: str, attributes: dict[str, str], parent: Element | None = None):
        self.tag, self.attributes, self.parent = tag, attributes, parent
        self.children: list[Element | str] = []

    def has_class(self, name: str) -> bool:
        return name in self.attributes.get("class", "").split()

    def iter(self, test=lambda element: True):
        """This element and every element in it, in document order, that pass ``test``."""
        if test(self):
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(test)

    def text(self, skip=lambda element: False) -> str:
        """The text in it, leaving out the elements ``skip`` is true of."""
        return "".join(child if isinstance(child, str) else
                       "" if skip(child) else child.text(skip) for child in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def tree(html: str) -> Element:
    """The page as a tree of elements, for reading text in its context."""
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root
