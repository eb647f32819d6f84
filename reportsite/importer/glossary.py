"""A report's glossary merged into content/glossary.yaml, by editing its text.

The file is the editors' own: entries are formatted by hand, commented, in
their order. So it is never re-dumped. Each change is an insertion at a place
the YAML parser points to: a new term before the first term after it
alphabetically, a new wording after its term's last definition, the report's
slug into the list of reports of a wording it shares. Nothing else moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from ..model.site import slugify

ABBREVIATION = re.compile(r"[A-Za-z][A-Za-z0-9]{1,9}")


class GlossaryError(Exception):
    """The glossary file is not a mapping with a list of terms, as the importer expects."""


@dataclass
class Change:
    """What a merge did, for the import's report."""

    new_terms: int = 0
    new_wordings: int = 0
    shared_wordings: int = 0


def merge_glossary(text: str, entries: list[tuple[str, str]], slug: str) -> tuple[str, Change]:
    """``text`` (glossary.yaml) with ``entries`` (term, definition) of report ``slug`` added."""
    if not text.strip():
        text = "terms: []\n"
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"it is not valid YAML ({exc.__class__.__name__})") from exc
    terms = _terms_node(root)
    if terms is None:
        raise GlossaryError("it has no 'terms:' list")
    after_key = len(text)  # where the first term goes in an empty list
    if terms.flow_style:
        if terms.value:
            raise GlossaryError("its 'terms:' are written as one [...] list; write them one "
                                "'- term:' entry a line, as docs/content-model.md shows")
        text = text[:terms.start_mark.index].rstrip(" ") + text[terms.end_mark.index:]
        text = text if text.endswith("\n") else text + "\n"  # 'terms: []' is 'terms:' now
        after_key = _end_of_line(text, terms.start_mark.index - 1)
    change = Change()
    indent = _indents(terms)
    edits: list[tuple[int, str]] = []  # (offset, text to insert)
    known = {slugify(_scalar(entry, "term") or ""): entry for entry in terms.value}
    added: dict[str, list[str]] = {}  # new term's slug -> its new wordings
    for term, definition in entries:
        key = slugify(term)
        entry = known.get(key)
        if entry is None:
            if key in added:
                if definition not in added[key][1:]:
                    added[key].append(definition)
                continue
            added[key] = [term, definition]
            change.new_terms += 1
            continue
        same = _same_wording(entry, definition)
        if same is None:
            edits.append((_end_of_definitions(entry, text),
                          _definition_text(definition, slug, indent[1])))
            change.new_wordings += 1
        elif slug not in _reports(same):
            edits.append(_add_report(same, slug, text))
            change.shared_wordings += 1
    for key, (term, *definitions) in sorted(added.items(), key=lambda kv: kv[1][0].casefold()):
        edits.append((_insertion_point(terms, term, text) if terms.value else after_key,
                      _entry_text(term, definitions, slug, indent)))
    for offset, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:offset] + insert + text[offset:]
    return text, change


def _terms_node(root):
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "terms":
            if isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~"):
                return None
            return value if isinstance(value, yaml.SequenceNode) else None
    return None


def _scalar(node, key: str) -> str | None:
    child = _child(node, key)
    return child.value if isinstance(child, yaml.ScalarNode) else None


def _child(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == key:
                return value
    return None


def _same_wording(entry, definition: str):
    definitions = _child(entry, "definitions")
    for node in getattr(definitions, "value", []):
        if " ".join((_scalar(node, "text") or "").split()) == " ".join(definition.split()):
            return node
    return None


def _reports(definition) -> list[str]:
    return [node.value for node in getattr(_child(definition, "reports"), "value", [])]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _end_of_line(text: str, offset: int) -> int:
    """Just past the line break of the last line a node ends on."""
    if offset and text[offset - 1] == "\n":
        return offset
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _end(node) -> int:
    """Where a node's own text ends: its last scalar or flow list, not the blank lines or
    comments before the next node (where PyYAML ends a block)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and \
            not node.flow_style:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.index


def _end_of_definitions(entry, text: str) -> int:
    return _end_of_line(text, _end(_child(entry, "definitions")))


def _add_report(definition, slug: str, text: str) -> tuple[int, str]:
    reports = _child(definition, "reports")
    if reports.flow_style:  # [a, b] -> [a, b, slug]
        close = text.rfind("]", 0, reports.end_mark.index)
        return close, (", " if reports.value else "") + slug
    last = reports.value[-1]
    indent = " " * (last.start_mark.column - 2)
    return _end_of_line(text, _end(last)), f"{indent}- {slug}\n"


def _insertion_point(terms, term: str, text: str) -> int:
    """Before the first term that sorts after ``term``, else after the last term."""
    for entry in terms.value:
        if (_scalar(entry, "term") or "").casefold().lstrip("*") > term.casefold().lstrip("*"):
            return _line_start(text, entry.start_mark.index)
    return _end_of_line(text, _end(terms.value[-1]))


def _quote(value: str) -> str:
    """A YAML scalar on one line, quoted only when it must be."""
    return yaml.safe_dump(value, allow_unicode=True, width=100000, default_style=None).strip() \
        .removesuffix("\n...").removesuffix("...").strip()


def _indents(terms) -> tuple[int, int]:
    """The columns of the dashes of terms and of definitions, as the file has them."""
    for entry in terms.value:
        definitions = _child(entry, "definitions")
        if isinstance(definitions, yaml.SequenceNode) and definitions.value:
            return entry.start_mark.column - 2, definitions.value[0].start_mark.column - 2
    return 0, 2


def _definition_text(definition: str, slug: str, indent: int) -> str:
    pad = " " * indent
    return f"{pad}- text: {_quote(definition)}\n{pad}  reports: [{slug}]\n"


def _entry_text(term: str, definitions: list[str], slug: str, indent: tuple[int, int]) -> str:
    pad = " " * (indent[0] + 2)
    lines = [f"{pad[:-2]}- term: {_quote(term)}\n"]
    expansion = _expansion(term, definitions[0])
    if expansion:
        lines.append(f"{pad}expansion: {_quote(expansion)}\n")
    lines.append(f"{pad}definitions:\n")
    lines += [_definition_text(definition, slug, indent[1]) for definition in definitions]
    return "".join(lines)


def _expansion(term: str, definition: str) -> str | None:
    """'RoSH' with 'Risk of serious harm: ...' is an abbreviation for 'Risk of serious harm'."""
    if not ABBREVIATION.fullmatch(term) or sum(c.isupper() for c in term) < 2:
        return None
    head = definition.split(":")[0].strip() if ":" in definition[:80] else definition.strip()
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", head)).casefold()
    if term.casefold()[0] == (initials[:1] or " ") and len(head) < 80:
        return head
    return None
