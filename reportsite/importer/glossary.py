"""A report's glossary merged into content/glossary.yaml, by editing its text.

The file is the editors' own: entries are formatted by hand, commented, in
their order. So it is never re-dumped. Each change is an insertion at a place
the YAML parser points to: a new term before the first term after it
alphabetically, a new wording after its term's last definition, the report's
slug into the list of reports of a wording it shares, and the report's glossary
as it prints it at the end of ``annexes``. Nothing else moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    #: terms left as they were: the report defines them twice, or has a wording already
    repeated: list[str] = field(default_factory=list)


def merge_glossary(text: str, entries: list[tuple[str, str]], slug: str,
                   printed: list[str] | None = None) -> tuple[str, Change]:
    """``text`` (glossary.yaml) with ``entries`` (term, definition) of report ``slug`` added,
    and ``printed`` (its terms as its glossary prints them, in order) as its annex."""
    text, change = _merge_terms(text if text.strip() else "terms: []\n", entries, slug)
    if printed:
        text = _add_annex(text, slug, list(dict.fromkeys(printed)))
    return text, change


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"it is not valid YAML ({exc.__class__.__name__})") from exc


def _merge_terms(text: str, entries: list[tuple[str, str]], slug: str) -> tuple[str, Change]:
    terms = _terms_node(_compose(text))
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
    added: dict[str, tuple[str, str]] = {}  # new term's slug -> (term, its wording)
    done: set[str] = set()  # terms of this report already merged
    for term, definition in entries:
        key = slugify(term)
        entry = known.get(key)
        if key in done or (entry is not None and _same_wording(entry, definition) is None and
                           _wording_of(entry, slug) is not None):
            change.repeated.append(term)  # a report prints one wording of a term
            continue
        done.add(key)
        if entry is None:
            added[key] = (term, definition)
            change.new_terms += 1
            continue
        same = _same_wording(entry, definition)
        if same is None:
            edits.append((_end_of_definitions(entry, text), _definition_text(
                definition, slug, indent[1], _own_expansion(entry, term, definition))))
            change.new_wordings += 1
        elif slug not in _reports(same):
            edits.append(_add_report(same, slug, text))
            change.shared_wordings += 1
    for term, definition in sorted(added.values(), key=lambda pair: pair[0].casefold()):
        edits.append((_insertion_point(terms, term, text) if terms.value else after_key,
                      _entry_text(term, definition, slug, indent)))
    for offset, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:offset] + insert + text[offset:]
    return text, change


def _add_annex(text: str, slug: str, printed: list[str]) -> str:
    """The report's terms as it prints them, at the end of ``annexes`` (made if missing);
    an annex the report has already is left as the editors keep it."""
    root = _compose(text)
    annexes = _child(root, "annexes")
    if isinstance(annexes, yaml.MappingNode) and annexes.value and not annexes.flow_style:
        if any(key.value == slug for key, _ in annexes.value):
            return text
        key_indent = annexes.value[0][0].start_mark.column
        first = annexes.value[0][1]
        item_indent = first.value[0].start_mark.column - 2 if isinstance(
            first, yaml.SequenceNode) and first.value and not first.flow_style else key_indent
        where = _end_of_line(text, _end(annexes))
        return text[:where] + _annex_text(slug, printed, key_indent, item_indent) + text[where:]
    if annexes is not None and not (isinstance(annexes, yaml.ScalarNode) and
                                    annexes.value in ("", "null", "~")) and not (
            isinstance(annexes, yaml.MappingNode) and not annexes.value):
        raise GlossaryError("its 'annexes:' are not one entry a line by inspection, as "
                            "docs/content-model.md shows")
    if annexes is not None:  # 'annexes:' or 'annexes: {}', with nothing under it yet
        text = text[:annexes.start_mark.index].rstrip(" ") + text[annexes.end_mark.index:]
        where = _end_of_line(text, annexes.start_mark.index - 1)
        return text[:where] + _annex_text(slug, printed, 2, 2) + text[where:]
    text = text if text.endswith("\n") else text + "\n"
    return text + "annexes:\n" + _annex_text(slug, printed, 2, 2)


def _annex_text(slug: str, printed: list[str], key_indent: int, item_indent: int) -> str:
    items = "".join(f"{' ' * item_indent}- {_quote(term)}\n" for term in printed)
    return f"{' ' * key_indent}{slug}:\n{items}"


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


def _wording_of(entry, slug: str):
    """The definition of ``entry`` that lists report ``slug``, if one does."""
    return next((node for node in getattr(_child(entry, "definitions"), "value", [])
                 if slug in _reports(node)), None)


def _own_expansion(entry, term: str, definition: str) -> str | None:
    """A new wording of an abbreviation that spells its expansion otherwise says so."""
    expansion, own = _scalar(entry, "expansion"), _expansion(term, definition)
    return own if expansion and own and own != expansion else None


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


def _definition_text(definition: str, slug: str, indent: int,
                     expansion: str | None = None) -> str:
    pad = " " * indent
    own = f"{pad}  expansion: {_quote(expansion)}\n" if expansion else ""
    return f"{pad}- text: {_quote(definition)}\n{pad}  reports: [{slug}]\n{own}"


def _entry_text(term: str, definition: str, slug: str, indent: tuple[int, int]) -> str:
    pad = " " * (indent[0] + 2)
    lines = [f"{pad[:-2]}- term: {_quote(term)}\n"]
    expansion = _expansion(term, definition)
    if expansion:
        lines.append(f"{pad}expansion: {_quote(expansion)}\n")
    lines.append(f"{pad}definitions:\n")
    lines.append(_definition_text(definition, slug, indent[1]))
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
