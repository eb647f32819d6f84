"""Inline patterns tried only on text that could hold them, for Python-Markdown.

Python-Markdown tries every inline pattern (code, escapes, links, images,
HTML, entities, emphasis...) on every piece of text, one Python call each,
and most of a narrative paragraph holds none of the characters those
patterns start with. This extension replaces the inline treeprocessor with
one that first asks whether the text contains a pattern's trigger (``[``
for links, ``<`` for HTML, ``*`` or ``_`` for emphasis) and skips the pattern
when it cannot match. The output is the same; a report's inline pass takes
about half the time. A pattern may name its own triggers (a ``triggers``
attribute, as our footnote citations do); patterns with none known are
always tried. In the same spirit, the last pass, which restores
backslash-escaped characters, only rewrites text that holds one.
"""

from __future__ import annotations

from markdown import Extension, util
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

#: What a pattern's match always contains, by the name it is registered under.
#: A pattern is tried when the text contains any of its triggers.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "not_strong": ("*", "_"),
}


class QuickInlineExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "triggers": [dict(TRIGGERS), "Inline pattern name -> substrings one of which "
                                         "every match contains; other patterns always run."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        # Each replaces a standard pass under its name and priority, so extensions placed
        # before or after it keep their place.
        md.treeprocessors.register(QuickUnescapeTreeprocessor(md), "unescape", 0)
        if hasattr(InlineProcessor, "_InlineProcessor__applyPattern"):  # else keep the stock pass
            md.treeprocessors.register(QuickInlineProcessor(md, self.getConfig("triggers")),
                                       "inline", 20)


class QuickInlineProcessor(InlineProcessor):
    def __init__(self, md, triggers: dict[str, tuple[str, ...]]):
        super().__init__(md)
        self.triggers = triggers
        self.plan: list[tuple[object, frozenset[str] | None]] = []
        self.all_triggers: tuple[str, ...] = ()
        self.planned_for: tuple = ()  # the patterns, in order, that ``plan`` was made for

    def run(self, tree, ancestors=None):
        # Each pattern with its triggers, by index: made again only when the patterns
        # change, as making it cost half of converting a one-line text.
        patterns = tuple(self.inlinePatterns)
        if patterns != self.planned_for:
            self._make_plan(patterns)
        return super().run(tree, ancestors)

    def _make_plan(self, patterns: tuple) -> None:
        registry = self.inlinePatterns
        by_index: dict[int, frozenset[str]] = {
            registry.get_index_for_name(name): frozenset(found)
            for name, found in self.triggers.items() if name in registry}
        self.plan = []
        for index, pattern in enumerate(patterns):
            own = getattr(pattern, "triggers", None)
            self.plan.append((pattern, frozenset(own) if own else by_index.get(index)))
        self.all_triggers = tuple(set().union(*(t for _, t in self.plan if t)))
        self.planned_for = patterns

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        """The standard loop (``InlineProcessor.__handleInline``), skipping patterns
        whose triggers are not in the text."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        plan = self.plan
        # Matches only replace text with placeholders, so a trigger absent now stays absent.
        present = {trigger for trigger in self.all_triggers if trigger in data}
        start = 0
        while patternIndex < len(plan):
            pattern, triggers = plan[patternIndex]
            if triggers is not None and present.isdisjoint(triggers):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class QuickUnescapeTreeprocessor(UnescapeTreeprocessor):
    """The standard pass, visiting only texts and attributes that hold an escape."""

    def run(self, root) -> None:
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and util.STX in text and element.tag != "code":
                element.text = self.unescape(text)
            if tail and util.STX in tail:
                element.tail = self.unescape(tail)
            for key, value in element.items():
                if value is not None and util.STX in value:
                    element.set(key, self.unescape(value))
