"""Python-Markdown extensions for report narratives.

Each is a proper extension (config dict, named priorities, ``reset()``), so
they compose with Python-Markdown's own and can be reused elsewhere.
"""

from typing import Callable


def each_part(text: str, section_break: str, treat: Callable[[str], str]) -> str:
    """``treat`` applied to each text of several converted together (with
    ``section_break`` between them, kept), or to ``text`` when it is one."""
    if section_break and section_break in text:
        return section_break.join(treat(piece) for piece in text.split(section_break))
    return treat(text)
