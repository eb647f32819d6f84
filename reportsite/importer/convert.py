"""Fourth step: chapters into Markdown, and the structured facts into data.

Each chapter's blocks are written out as Markdown in reading order. Blocks
that hold structured facts (ratings, key-question figures, recommendations,
key facts, key findings, strengths and areas for improvement, the glossary,
enablers and barriers) are taken into the inspection's data instead, and a
slot line (``::: recommendations``) keeps their place in the text.

Nothing is dropped silently: text that is neither written out nor taken into
the data is listed in ``Draft.notes`` for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.framework import Framework
from ..model.site import slugify
from .blocks import NUMBERED, Block, make_blocks
from .chapters import ChapterLines, plain, split_chapters
from .lines import MARKER, Line, read_lines

RATING = r"(Outstanding|Good|Requires [Ii]mprovement|Inadequate)"
RATING_NAMES = {"outstanding": "Outstanding", "good": "Good",
                "requires improvement": "Requires improvement", "inadequate": "Inadequate"}
STANDARD_HEADING = re.compile(rf"(\d\.\d)\.?\s+([^\t]+?)\s*\t+\s*{RATING}\s*")
KEY_QUESTION_ROW = re.compile(r"(?:\*\*)?(\d\.\d\.\d)\.?\s+(.*?)\s*((?:\[\^[^\]]+\])*)\s*\t+"
                              r"\s*(?:\*\*)?(\d{1,3})%")
RESULT_STANDARD_ROW = re.compile(r"(?:\*\*)?(\d\.\d)\.?\s+([^\t]*?)(?:\*\*)?\s*(?:\t|$)")
RATING_CELL = re.compile(rf"\t\s*(?:\*\*)?{RATING}((?:\[\^[^\]]+\])*)(?:\*\*)?\s*$")
MONTH_YEAR = re.compile(r"(January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\s+(\d{4})", re.IGNORECASE)
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
FURNITURE = (re.compile(r"A handwritten signature.*", re.IGNORECASE),)
COPYRIGHT_START = re.compile(r"©\s*Crown copyright")
PRACTICE = re.compile(r"\*?(Good|Poor) practice example:\s*(.*)", re.IGNORECASE)
QUOTE_START = ("“", '"', "*“", '*"', "‘")
EXPLAINS = re.compile(r"panel|discretion|lifting the rating|moderat", re.IGNORECASE)


def rating_name(text: str) -> str:
    return RATING_NAMES[re.sub(r"\s+", " ", text).strip().casefold()]


def month_of(text: str) -> str | None:
    match = MONTH_YEAR.search(text)
    if not match:
        return None
    return f"{match.group(2)}-{MONTHS.index(match.group(1).casefold()) + 1:02d}"


@dataclass
class Draft:
    """Everything an import produced, before it is written to files."""

    data: dict = field(default_factory=dict)
    chapters: list[tuple[str, str]] = field(default_factory=list)  # (file name, Markdown)
    glossary: list[tuple[str, str]] = field(default_factory=list)  # (term, definition)
    provider_name: str | None = None
    owner_name: str | None = None
    notes: list[str] = field(default_factory=list)

    def note(self, line: Line | None, message: str) -> None:
        where = f"line {line.number}: " if line else ""
        self.notes.append(f"{where}{message}")


def convert_report(text: str, source_name: str, frameworks: dict[str, Framework]) -> Draft:
    """Draft an inspection from a report's text export."""
    lines = read_lines(text)
    document = split_chapters(lines)
    framework_id = "quality-impact-2016" if re.search(r"Quality\s*&\s*Impact", text[:3000]) \
        else "standards-2018"
    framework = frameworks.get(framework_id)
    converter = _Converter(Draft(), framework, framework_id)
    for title in document.missing:
        converter.draft.notes.append(f"contents entry {title!r} was not found in the text; "
                                     "its text is in the chapter before it")
    converter.front_matter(document.front, source_name)
    for number, chapter in enumerate(document.chapters, start=1):
        converter.chapter(number, chapter)
    converter.finish()
    return converter.draft


class _Converter:
    def __init__(self, draft: Draft, framework: Framework | None, framework_id: str):
        self.draft = draft
        self.framework = framework
        self.standards_kind = framework_id == "standards-2018"
        data = draft.data
        for key in ("title", "provider"):
            data[key] = None
        data["framework"] = framework_id
        for key in ("published", "fieldwork", "source", "lead_inspector", "programme_manager",
                    "chief_inspector", "isbn"):
            data[key] = None
        if self.standards_kind:
            data["overall_rating"] = None
            data["ratings"] = {}
            data["key_questions"] = {}
        data["recommendations"] = []
        data["key_facts"] = []
        if self.standards_kind:
            data["domains"] = {}
        else:
            data["outcomes"] = {}
        self.heading_ratings: dict[str, str] = {}
        self.summary_ratings: dict[str, str] = {}

    # --- front matter and metadata -------------------------------------------------

    def front_matter(self, lines: list[Line], source_name: str) -> None:
        data = self.draft.data
        data["source"] = source_name
        texts = [line.text.strip() for line in lines if not line.blank]
        title_parts = []
        for text in texts:
            if text.casefold() in ("hm inspectorate of probation", "contents") or \
                    MONTH_YEAR.fullmatch(text) or text.startswith("An inspection by") or \
                    len(text) > 100:
                break
            title_parts.append(text)
        if title_parts and title_parts[0].casefold() == "an inspection of":
            data["title"] = " ".join(title_parts)
            self.draft.provider_name = " ".join(title_parts[1:])
        elif title_parts:
            data["title"] = ": ".join(title_parts[:2])
        keep: list[Block] = []
        in_copyright = False
        for block in make_blocks(lines):
            text = block.text
            if COPYRIGHT_START.match(text):
                in_copyright = True
                year = re.search(r"\d{4}", text)
                if year and not data["published"]:
                    data["published"] = year.group(0)
            if not in_copyright and ("inspection was led by" in text or
                                     text.startswith("Please note")):
                keep.append(block)
            elif not in_copyright and plain(text) in [plain(p) for p in title_parts]:
                pass  # the title, now in inspection.yaml
            elif any(MONTH_YEAR.fullmatch(line.text.strip()) for line in block.lines):
                data["published"] = month_of(text)
                self.draft.note(block.first, f"title page left out: {text[:70]!r}")
            else:
                self.draft.note(block.first, f"front matter left out (copyright notice, "
                                             f"address or title page): {text[:70]!r}")
        for block in keep:
            lead = re.search(r"led by (?:HM Inspector )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+)",
                             block.text)
            if lead:
                data["lead_inspector"] = lead.group(1)
            manager = re.search(r"inspection programme is ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+)",
                                block.text)
            if manager:
                data["programme_manager"] = manager.group(1)
        if keep:
            self.write_chapter("00-about-this-inspection.md", "About this inspection",
                               [self.paragraph(b) for b in keep])

    # --- chapters ------------------------------------------------------------------

    def chapter(self, number: int, chapter: ChapterLines) -> None:
        name = plain(chapter.title)
        short = re.sub(r"^(annex|appendix) (\d+):.*", r"\1-\2", name)
        short = re.sub(r"^\d+\.\s*", "", short)
        file_name = f"{number:02d}-{slugify(short)}.md"
        blocks = make_blocks(chapter.lines)
        if name == "summary of ratings":
            body = self.summary_of_ratings(blocks)
        elif name in ("key facts", "contextual facts"):
            body = self.key_facts(blocks)
        elif "glossary" in name:
            body = self.glossary(blocks)
        elif name.startswith("annex 2"):
            body = self.results(blocks)
        else:
            body = self.narrative(blocks, name)
        self.write_chapter(file_name, chapter.title, body)

    def write_chapter(self, file_name: str, title: str, parts: list[str]) -> None:
        text = f"# {title}\n\n" + "\n\n".join(p for p in parts if p) + "\n"
        self.draft.chapters.append((file_name, re.sub(r"\n{3,}", "\n\n", text)))

    def narrative(self, blocks: list[Block], chapter_name: str) -> list[str]:
        """The general case: every block written out, structured runs taken into data."""
        out: list[str] = []
        domain = re.match(r"(\d)\. ", chapter_name)
        domain_id = domain.group(1) if domain and self.standards_kind else None
        in_standard = False
        recommendations = chapter_name == "recommendations"
        findings_domain: str | None = None
        findings_standard: str | None = None
        outcome_area: str | None = None
        organisation: str | None = None
        index = 0
        while index < len(blocks):
            block = blocks[index]
            text = block.text.strip()
            name = plain(text)
            standard = STANDARD_HEADING.fullmatch(block.first.text.strip()) \
                if block.kind in ("row", "text") else None
            if chapter_name == "foreword" and block.kind == "text":
                if any(p.fullmatch(text) for p in FURNITURE):
                    self.draft.note(block.first, f"left out (image description): {text[:70]!r}")
                    index += 1
                    continue
                if name in ("chief inspector of probation", "hm chief inspector of probation") \
                        and out:
                    self.draft.data["chief_inspector"] = re.sub(r"\*\*", "", out[-1]).strip()
            if standard:
                out.append(f"::: standard {standard.group(1)}")
                self.heading_ratings[standard.group(1)] = rating_name(standard.group(3))
                in_standard = True
                index += 1
                if len(block.lines) > 1:
                    self._check_description(standard.group(1), block.lines[1], out)
                elif index < len(blocks) and blocks[index].kind in ("row", "text"):
                    if self._check_description(standard.group(1), blocks[index].first, out):
                        index += 1
                continue
            if block.kind in ("text", "heading") and name.startswith("our key findings about"):
                findings_domain = "4" if "other core activities" in name else \
                    "2" if "case supervision" in name else "1"
                findings_standard = None
                out.append(self.paragraph(Block("text", block.lines, [text])))
                index += 1
                continue
            if recommendations and block.kind in ("text", "heading") and \
                    text.rstrip("*").rstrip().endswith("should:") and index + 1 < len(blocks) \
                    and blocks[index + 1].kind == "number":
                self._recommendations(text, blocks[index + 1], out)
                index += 2
                continue
            if block.kind == "heading" or self._looks_like_heading(block, chapter_name):
                if name in ("strengths", "areas for improvement") and domain_id:
                    index = self._domain_list(blocks, index + 1, domain_id, name, out)
                    continue
                if name == "recommendations":
                    recommendations = True
                level, outcome_area, organisation = self._heading_level(
                    text, in_standard, outcome_area, organisation)
                if findings_domain == "4" and name in ("unpaid work", "through the gate"):
                    findings_standard = "4.1" if name == "unpaid work" else "4.2"
                out.append(f"{'#' * level} {re.sub(r'[*]{2}', '', text).strip().rstrip(':')}"
                           + (":" if text.rstrip("*").endswith(":") else ""))
                if chapter_name.startswith("1. overall judgements") and outcome_area and \
                        level == 2 and not self.standards_kind:
                    index = self._judgements(blocks, index + 1, outcome_area, out)
                    continue
                index += 1
                continue
            if name in ("strengths", "areas for improvement") and domain_id:
                index = self._domain_list(blocks, index + 1, domain_id, name, out)
                continue
            if findings_domain and block.kind == "bullet" and chapter_name == "overall findings":
                index = self._key_findings(blocks, index, findings_domain, findings_standard, out)
                continue
            if block.kind == "row" and not self.standards_kind and \
                    plain(block.first.text.split("\t")[0]) in ("enablers", "barriers"):
                index += 1
                while index < len(blocks) and blocks[index].kind == "row" and \
                        re.match(r"\t*\d+\.\t", blocks[index].first.text):
                    block = Block("row", block.lines + blocks[index].lines,
                                  block.items + blocks[index].items)
                    index += 1  # a row the export set apart with a blank line
                self._enablers_barriers(block, outcome_area, organisation, out)
                continue
            isbn = re.fullmatch(r"ISBN:?\s*(97[89][0-9-]+)", text)
            if isbn:
                self.draft.data["isbn"] = isbn.group(1)
                index += 1
                continue
            if self._back_cover(blocks[index:]):
                break
            out.append(self.render_block(block))
            index += 1
        return out

    def _check_description(self, standard_id: str, line: Line, out: list[str]) -> bool:
        """Drop the standard's description under its heading when the framework has it."""
        described = self.framework.standards.get(standard_id) if self.framework else None
        text = line.text.replace("\t", " ").strip()
        if described and plain(text) == plain(described.description):
            return True
        if described and plain(text).startswith(plain(described.description)[:40]):
            self.draft.note(line, f"standard {standard_id}'s description differs from the "
                                  f"framework's: {text!r}")
            return True
        return False

    def _looks_like_heading(self, block: Block, chapter_name: str) -> bool:
        if block.kind != "text" or len(block.items) != 1 or chapter_name == "foreword":
            return False
        text = MARKER.sub("", block.items[0]).replace("**", "").strip()
        if not text or len(text) > 90 or len(text.split()) > 12:
            return False
        if text.endswith((".", ",", ";", ":", "?", "!", "”", '"', ")")) or text[0].islower():
            return False
        if re.match(r"(Figure|Table|Source|Fieldwork|Service:|Overall rating|ISBN|<http|www\.)",
                    text):
            return False
        if text.startswith(("“", '"', "*", "(", "[")):
            return False
        return not re.fullmatch(r"[\d.,:%£ ]+", text)

    def _heading_level(self, text: str, in_standard: bool, outcome_area: str | None,
                       organisation: str | None) -> tuple[int, str | None, str | None]:
        name = plain(text)
        if self.framework and self.framework.kind == "outcomes":
            areas = {plain(a.name): a.id for a in self.framework.outcome_areas}
            organisations = {plain(o.name): o.id for o in self.framework.organisations}
            if name in areas:
                return 2, areas[name], None
            if name in organisations and outcome_area:
                return 3, outcome_area, organisations[name]
            if organisation:
                return 4, outcome_area, organisation
            return (3 if outcome_area else 2), outcome_area, organisation
        return (3 if in_standard else 2), outcome_area, organisation

    # --- structured runs -----------------------------------------------------------

    def _domain_list(self, blocks: list[Block], index: int, domain_id: str, name: str,
                     out: list[str]) -> int:
        field_name = "strengths" if name == "strengths" else "areas_for_improvement"
        items: list[str] = []
        while index < len(blocks) and blocks[index].kind in ("bullet", "footnote"):
            if blocks[index].kind == "footnote":
                out.append(self.render_block(blocks[index]))
            else:
                items += blocks[index].items
            index += 1
        domains = self.draft.data.setdefault("domains", {})
        domains.setdefault(domain_id, {})[field_name] = items
        out.append(f"::: {field_name.replace('_', '-')} {domain_id}")
        return index

    def _key_findings(self, blocks: list[Block], index: int, domain_id: str,
                      standard_id: str | None, out: list[str]) -> int:
        findings = self.draft.data["domains"].setdefault(domain_id, {}).setdefault("key_findings", [])
        while index < len(blocks) and blocks[index].kind in ("bullet", "text", "footnote"):
            block = blocks[index]
            if block.kind == "footnote":
                out.append(self.render_block(block))
            elif block.kind == "bullet":
                for item in block.items:
                    finding = {"summary": _unbold(item)}
                    if standard_id:
                        finding["standard"] = standard_id
                    findings.append(finding)
            elif findings and _is_bold(block.lines[0].text) is False and \
                    not plain(block.text).startswith("our key findings") and \
                    _is_bold(_last_summary_source(blocks, index)):
                previous = findings[-1]
                previous["detail"] = (previous.get("detail", "") + "\n\n" + block.text).strip()
            else:
                break
            index += 1
        slot = f"::: key-findings {standard_id or domain_id}"
        if slot not in out:
            out.append(slot)
        return index

    def _recommendations(self, text: str, block: Block, out: list[str]) -> None:
        by = re.sub(r"\*\*", "", text).strip()
        by = re.sub(r"\s*should:\s*$", "", by)
        items = []
        for item in block.items:
            match = NUMBERED.fullmatch(item.strip())
            items.append({"number": int(match.group(1)), "text": match.group(2).strip()})
        self.draft.data["recommendations"].append({"by": by, "items": items})
        if "::: recommendations" not in out:
            out.append("::: recommendations")

    def _judgements(self, blocks: list[Block], index: int, area: str, out: list[str]) -> int:
        """Chapter 1 of an outcomes report: each organisation's judgement, in words."""
        organisations = {plain(o.name): o.id for o in self.framework.organisations}
        judgements = self.draft.data["outcomes"].setdefault(area, {})
        current = None
        while index < len(blocks):
            block = blocks[index]
            name = plain(block.text)
            if name in organisations:
                current = judgements.setdefault(organisations[name], {"summary": ""})
            elif current is not None and block.kind == "text" and \
                    not self._is_outcome_heading(name) and name != "recommendations":
                current["summary"] = (current["summary"] + "\n\n" + block.text).strip()
                word = re.search(r"performance was (generally good|poor|mixed|good)", block.text,
                                 re.IGNORECASE)
                if word and "judgement" not in current:
                    current["judgement"] = word.group(1).capitalize()
            elif current is not None and block.kind == "footnote":
                out.append(self.render_block(block))
            else:
                break
            index += 1
        out.append(f"::: judgements {area}")
        return index

    def _is_outcome_heading(self, name: str) -> bool:
        return any(plain(a.name) == name for a in self.framework.outcome_areas)

    def _enablers_barriers(self, block: Block, area: str | None, organisation: str | None,
                           out: list[str]) -> None:
        header = [plain(c) for c in block.items[0].split("\t")]
        columns = [c for c in header if c in ("enablers", "barriers")]
        enablers: list[str] = []
        barriers: list[str] = []
        for row in block.items[1:]:
            cells = [c.strip() for c in row.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            pairs = []
            position = 0
            while position < len(cells):
                number, text = cells[position], cells[position + 1] if position + 1 < len(cells) else ""
                pairs.append((position // 2, text))
                position += 2
            for column, text in pairs:
                if not text:
                    continue
                target = columns[column] if column < len(columns) else columns[-1]
                (enablers if target == "enablers" else barriers).append(text)
        if not area or not organisation:
            self.draft.note(block.first, "enablers/barriers table outside an outcome area; "
                                         "written as a table")
            out.append(self.render_block(block))
            return
        judgement = self.draft.data["outcomes"].setdefault(area, {}).setdefault(
            organisation, {"summary": ""})
        if enablers:
            judgement["enablers"] = enablers
        if barriers:
            judgement["barriers"] = barriers
        out.append(f"::: enablers-barriers {area} {organisation}")

    def summary_of_ratings(self, blocks: list[Block]) -> list[str]:
        """The ratings table: '1.1<tab>Leadership<tab>Good', or id and name above the rating."""
        out = ["::: ratings"]
        data = self.draft.data
        pending: tuple[str, list[str]] | None = None
        after_service = False
        for block in blocks:
            if block.kind == "footnote":
                out.append(self.render_block(block))
                continue
            for line in block.lines:
                text = line.text.strip()
                row = re.fullmatch(rf"(\d\.\d)\s*((?:\[\^[^\]]+\])*)\s*\t+\s*([^\t]+?)\s*\t+\s*"
                                   rf"{RATING}\s*", text)
                named = re.fullmatch(r"(\d\.\d)\s*((?:\[\^[^\]]+\])*)\s+(\D[^\t]*)", text)
                rating = re.fullmatch(RATING, text, re.IGNORECASE)
                if row:
                    self._summary_rating(row.group(1), MARKER.findall(row.group(2)), row.group(4))
                elif named:
                    pending = (named.group(1), MARKER.findall(named.group(2)))
                elif rating and pending:
                    self._summary_rating(pending[0], pending[1], text)
                    pending = None
                elif rating and data.get("overall_rating") is None:
                    data["overall_rating"] = rating_name(text)
                elif text.startswith("Fieldwork started:"):
                    data["fieldwork"] = month_of(text)
                elif text.startswith("Service:") or plain(text) == "overall rating":
                    after_service = text.startswith("Service:")
                    continue
                elif re.match(r"\d\.", text) and len(text) < 60:
                    labels = MARKER.findall(text)
                    if labels:  # a domain heading carrying the footnote (4.² CRC specific)
                        self._footnoted_domain = (text[0], labels)
                elif after_service:
                    pass  # the provider's name, wrapped onto a second line
                else:
                    self.draft.note(line, f"summary of ratings: not placed: {text[:70]!r}")
                after_service = False
        return out

    def _summary_rating(self, standard_id: str, labels: list[str], rating: str) -> None:
        self.summary_ratings[standard_id] = rating_name(rating)
        if labels:
            self.draft.data["ratings"][standard_id] = {"rating": rating_name(rating),
                                                       "footnotes": labels}

    def key_facts(self, blocks: list[Block]) -> list[str]:
        out = ["::: key-facts"]
        facts = self.draft.data["key_facts"]
        pending: str | None = None
        for block in blocks:
            if block.kind == "footnote":
                out.append(self.render_block(block))
                continue
            if block.kind == "bullet":  # older layout: '- 258,748** The total number ...'
                for item in block.items:
                    match = re.fullmatch(r"(.+?)\*\*\s*(.*)", item)
                    if match:
                        facts.append({"figure": match.group(1).strip(), "text": match.group(2)})
                    else:
                        self.draft.note(block.first, f"key fact without a figure: {item[:70]!r}")
                continue
            text = block.text.strip()
            bare = text.strip("*").strip()
            if pending is None and len(bare) <= 45 and re.search(r"\d", bare) and \
                    not bare.endswith("."):
                pending = bare
            elif pending is not None:
                facts.append({"figure": pending, "text": text})
                pending = None
            else:
                self.draft.note(block.first, f"key facts: not placed: {text[:70]!r}")
        if pending:
            self.draft.notes.append(f"key facts: figure without text: {pending!r}")
        return out

    def results(self, blocks: list[Block]) -> list[str]:
        """Annex 2: the key-question figures and standard ratings, as data."""
        out: list[str] = []
        data = self.draft.data
        current: str | None = None
        placed: set[str] = set()
        for block in blocks:
            if block.kind not in ("row", "text", "heading", "number") or \
                    not self._results_block(block):
                if block.kind == "heading" or (block.kind == "number" and len(block.items) == 1
                                               and len(block.text) < 50):
                    out.append(f"## {block.text.strip()}")  # the domain, as the annex titles it
                    continue
                out.append(self.render_block(block))
                continue
            for line in block.lines:
                text = line.text.strip()
                question = KEY_QUESTION_ROW.fullmatch(text)
                if question:
                    labels = MARKER.findall(question.group(3))
                    percent = int(question.group(4))
                    data["key_questions"][question.group(1)] = \
                        {"percent": percent, "footnotes": labels} if labels else percent
                    domain_id = question.group(1)[0]
                    if domain_id not in placed:
                        placed.add(domain_id)
                        out.append(f"::: results {domain_id}")
                    continue
                standard = RESULT_STANDARD_ROW.match(text)
                if standard and not KEY_QUESTION_ROW.match(text):
                    current = standard.group(1)
                rating = RATING_CELL.search(text)
                if rating and current:
                    self._annex_rating(current, rating_name(rating.group(1)),
                                       MARKER.findall(rating.group(2)))
                    continue
                if standard or plain(text).startswith("standard/key question"):
                    continue
                if self.framework and current in self.framework.standards and \
                        plain(text.replace("\t", " ")) == plain(
                            self.framework.standards[current].description):
                    continue
                self.draft.note(line, f"inspection results: not placed: {text[:70]!r}")
        return out

    def _results_block(self, block: Block) -> bool:
        return any(KEY_QUESTION_ROW.fullmatch(line.text.strip()) or
                   STANDARD_HEADING.fullmatch(line.text.strip()) or
                   plain(line.text).startswith("standard/key question") or
                   re.match(r"(\*\*)?\d\.\d\.?\s", line.text.strip())
                   for line in block.lines) and block.kind != "heading"

    def _annex_rating(self, standard_id: str, rating: str, labels: list[str]) -> None:
        self.heading_ratings.setdefault(standard_id, rating)
        if not labels:
            return
        entry = self.draft.data["ratings"].get(standard_id)
        if not isinstance(entry, dict):
            entry = {"rating": rating}
        self.draft.data["ratings"][standard_id] = entry
        self._annex_labels = getattr(self, "_annex_labels", {})
        self._annex_labels[standard_id] = labels

    def glossary(self, blocks: list[Block]) -> list[str]:
        for index, block in enumerate(blocks):
            if self._back_cover(blocks[index:]):
                break
            if block.kind == "footnote":
                self.draft.note(block.first, "footnote inside the glossary left out")
                continue
            for line in block.lines:
                text = line.text.rstrip()
                term, tab, definition = text.partition("\t")
                if tab and term.strip():
                    term = re.sub(r"[*]", "", term).strip()
                    self.draft.glossary.append((term, definition.strip()))
                elif self.draft.glossary and (block.kind == "text" or tab):
                    text = definition if tab else text
                    term, definition = self.draft.glossary[-1]
                    self.draft.glossary[-1] = (term, f"{definition} {text}")
                else:
                    self.draft.note(line, f"glossary: not placed: {text[:70]!r}")
        return ["::: glossary"]

    def _back_cover(self, blocks: list[Block]) -> bool:
        """The inspectorate's address (and ISBN) closing the report: furniture, not text."""
        text = " ".join(b.text for b in blocks)
        if not re.match(r"(HM|Her Majesty's) Inspectorate of Probation\b", blocks[0].text) or \
                "Bridge Street" not in text or len(text) > 300:
            return False
        isbn = re.search(r"ISBN:?\s*(97[89][0-9-]+)", text)
        if isbn:
            self.draft.data["isbn"] = isbn.group(1)
        self.draft.note(blocks[0].first, f"back cover left out (address): {text[:70]!r}")
        return True

    # --- writing blocks --------------------------------------------------------------

    def render_block(self, block: Block) -> str:
        if block.kind == "footnote":
            return f"[^{block.label}]: {block.text.strip()}"
        if block.kind == "bullet":
            return "\n".join(f"- {item}" for item in block.items)
        if block.kind == "number":
            return "\n".join(block.items)
        if block.kind == "row":
            return _table([item.split("\t") for item in block.items])
        if block.kind == "heading":
            return f"## {block.text}"
        return self.paragraph(block)

    def paragraph(self, block: Block) -> str:
        items = [item.strip() for item in block.items]
        if len(items) > 1 and all(len(item) < 70 for item in items):
            return "\n\n".join(self.paragraph(Block("text", block.lines, [i])) for i in items)
        text = " ".join(items)
        practice = PRACTICE.fullmatch(text)
        if practice:
            rest = re.sub(r"^\*(?=[A-Z])", r"\\*", practice.group(2))
            return f"> **{practice.group(1).capitalize()} practice example:** {rest}"
        if text.startswith(QUOTE_START):
            return f"> {text}"
        return text

    # --- finishing --------------------------------------------------------------------

    def finish(self) -> None:
        data = self.draft.data
        if not self.standards_kind:
            for area in data.get("outcomes", {}).values():
                for judgement in area.values():
                    if not judgement.get("summary"):
                        judgement["summary"] = "TODO: the judgement as the report words it"
                        self.draft.notes.append("an enablers/barriers table has no judgement "
                                                "summary; fill it in")
            data.pop("ratings", None)
            return
        ratings = data["ratings"]
        sources = self.summary_ratings or self.heading_ratings
        for standard_id in sorted(set(sources) | set(self.heading_ratings)):
            rating = sources.get(standard_id) or self.heading_ratings[standard_id]
            heading = self.heading_ratings.get(standard_id)
            if heading and heading != rating:
                self.draft.notes.append(f"standard {standard_id}: summary says {rating!r}, "
                                        f"chapter says {heading!r}; used the summary")
            entry = ratings.get(standard_id)
            labels = getattr(self, "_annex_labels", {}).get(standard_id, [])
            if isinstance(entry, dict):
                entry["rating"] = rating
            elif labels:
                entry = {"rating": rating}
            else:
                ratings[standard_id] = rating
                continue
            for label in labels:
                if label not in entry.get("footnotes", []):
                    entry.setdefault("footnotes", []).append(label)
            ratings[standard_id] = entry
        data["ratings"] = dict(sorted(ratings.items()))
        data["key_questions"] = dict(sorted(data["key_questions"].items()))
        domain_note = getattr(self, "_footnoted_domain", None)
        if domain_note:
            domain_id, labels = domain_note
            ratings = data["ratings"]
            first = next((s for s in sorted(ratings) if s.startswith(domain_id + ".")), None)
            if first:
                entry = ratings[first] if isinstance(ratings[first], dict) else {"rating": ratings[first]}
                entry.setdefault("footnotes", []).extend(labels)
                ratings[first] = entry


def mark_explanations(data: dict, footnote_texts: dict[str, str]) -> None:
    """A rating's footnote that speaks of a panel or discretion explains the rating."""
    for standard_id, entry in (data.get("ratings") or {}).items():
        if not isinstance(entry, dict):
            continue
        for label in list(entry.get("footnotes", [])):
            if EXPLAINS.search(footnote_texts.get(label, "")) and "explanation" not in entry:
                entry["footnotes"].remove(label)
                entry["explanation"] = label
        if not entry.get("footnotes"):
            entry.pop("footnotes", None)


def _table(rows: list[list[str]]) -> str:
    rows = [[cell.strip().replace("|", "\\|") for cell in row] for row in rows]
    width = max(len(row) for row in rows)
    while width > 1 and all(len(row) < width or not row[width - 1] for row in rows):
        width -= 1
    rows = [(row + [""] * width)[:width] for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _unbold(text: str) -> str:
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return text[2:-2].strip()
    return text


def _is_bold(text: str | None) -> bool:
    if text is None:
        return False
    text = MARKER.sub("", text).strip()
    text = re.sub(r"^[-•]\s+", "", text)
    return text.startswith("**") and text.endswith("**")


def _last_summary_source(blocks: list[Block], index: int) -> str | None:
    for block in reversed(blocks[:index]):
        if block.kind == "bullet":
            return block.lines[-1].text
    return None
