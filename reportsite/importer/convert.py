"""Fourth step: chapters into Markdown, and the structured facts into data.

Each chapter's blocks are written out as Markdown in reading order. Blocks
that hold structured facts (ratings, key findings, strengths and areas for
improvement, recommendations, judgements, enablers and barriers) are taken
into the inspection's data instead, and a slot line (``::: recommendations``)
keeps their place in the text; the chapters that are all facts are read by
:mod:`.facts`. Every place a rating, figure or recommendation is printed is
recorded, for the cross-checks.

What is particular to a programme (its standards, key questions, rating scale,
domains, outcome areas) comes from the framework the report was recognised
as; what is particular to the Inspectorate's layout (a foreword signed by the
Chief Inspector, 'Our key findings about ...', 'X should:' over a numbered
list) is read the same for every programme. Nothing is dropped silently: text
that is neither written out nor taken into the data is noted for the editor.
"""

from __future__ import annotations

import re

from ..model.framework import Framework
from ..model.site import slugify
from ..validate import IMAGE_PLACEHOLDER
from . import facts, prose
from .blocks import NUMBERED, Block, make_blocks
from .chapters import ChapterLines, Document, plain, split_chapters
from .draft import Draft, Seen, rating_name
from .furniture import remove_furniture
from .headings import HeadingLevels, looks_like_heading
from .lines import MARKER, Line, read_lines

ISBN = re.compile(r"ISBN:?\s*(97[89][0-9-]+)")
#: Where the copyright page says the report is published: its address, without a scheme.
PUBLISHED_AT = re.compile(r"available for download at:?\s*\[?(?:https?://)?(www\.[^\s\])]+)")
SIGNED_AS = re.compile(r"(HM |Her Majesty's )?Chief Inspector of [A-Z][\w ]+", re.IGNORECASE)
FIGURE_CAPTION = re.compile(r"(Figure|Chart|Diagram)\.?\s*\d+(\.\d+)*\s*[.:]\s.*", re.IGNORECASE)
SOURCE_LINE = re.compile(r"Source( information)?:", re.IGNORECASE)
RECOMMENDATIONS_SAID = re.compile(r"\b(?:make|made|making|makes)\s+(\w+)\s+recommendations\b",
                                  re.IGNORECASE)
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                "eighteen", "nineteen", "twenty"]
JUDGEMENT = re.compile(r"performance\b[^.]*?\bwas (generally good|poor|mixed|good)", re.IGNORECASE)
PRONOUN = re.compile(r"\b(he|she|his|her|him)\b", re.IGNORECASE)


def convert_report(text: str, source_name: str, framework: Framework) -> Draft:
    """Draft an inspection under ``framework`` from a report's text export."""
    lines = read_lines(text)
    document = split_chapters(lines)
    remove_furniture(lines, document.front)
    draft = Draft(framework, data=_skeleton(framework, source_name))
    draft.lines = lines
    for title in document.missing:
        draft.check(None, f"the contents list names {title!r}, which was not found in the "
                          "text; its text is in the chapter before it")
    _front_matter(document.front, text, draft)
    _isbn(lines, draft)
    _recommendations_said(lines, draft)
    chapters = [(chapter, make_blocks(chapter.lines)) for chapter in document.chapters]
    for number, (chapter, blocks) in enumerate(chapters, start=1):
        _chapter(number, chapter, blocks, document, draft)
    _finish(draft)
    return draft


def _skeleton(framework: Framework, source_name: str) -> dict:
    """The fields in the order inspection.yaml lists them; empty ones are left out later."""
    data: dict = {"title": None, "provider": None, "framework": framework.id,
                  "draft": True, "published": None, "fieldwork": None, "source": source_name,
                  "lead_inspector": None, "programme_manager": None, "chief_inspector": None,
                  "service": None, "isbn": None, "official_url": None}
    if framework.standards:
        data.update(overall_rating=None, ratings={}, key_questions={})
    data.update(recommendations=[], key_facts=[])
    if framework.domains:
        data["domains"] = {}
    if framework.outcome_areas:
        data["outcomes"] = {}
    return data


# --- front matter ------------------------------------------------------------------------

def _front_matter(lines: list[Line], text: str, draft: Draft) -> None:
    """The title page: title, provider, date, who led the inspection."""
    data = draft.data
    texts = [line.text.strip() for line in lines if not line.blank]
    title_parts = []
    for part in texts:
        if plain(part) == "contents" or facts.MONTH_YEAR.fullmatch(part) or len(part) > 100:
            break
        title_parts.append(part)
    if title_parts and title_parts[0].casefold() == "an inspection of":
        data["title"] = " ".join(title_parts)
        draft.provider_name = " ".join(title_parts[1:])
    elif title_parts:
        data["title"] = ": ".join(title_parts[:2])
    copyright_year = re.search(r"©\s*Crown copyright\s*(\d{4})", text)
    data["published"] = copyright_year.group(1) if copyright_year else None
    published_at = PUBLISHED_AT.search(text)
    data["official_url"] = f"https://{published_at.group(1)}" if published_at else None
    kept: list[Block] = []
    for block in make_blocks(lines):
        if "inspection was led by" in block.text or block.text.startswith("Please note"):
            kept.append(block)
            _who_led(block.text, data)
        elif plain(block.text) in [plain(part) for part in title_parts]:
            continue  # the title, now in inspection.yaml
        elif any(facts.MONTH_YEAR.fullmatch(line.text.strip()) for line in block.lines):
            data["published"] = facts.month_of(block.text)
        else:
            draft.not_placed(block.first.number, "front matter", block.text)
    if kept:
        draft.chapters.append(_chapter_file(  # a part the report gives no title: the site's words
            "00-about-this-inspection.md", "[About this inspection]",
            [prose.paragraph(b.items) for b in kept]))


def _isbn(lines: list[Line], draft: Draft) -> None:
    """The ISBN, wherever the report prints it (the back cover, the last page)."""
    for line in lines:
        found = ISBN.fullmatch(line.text.strip())
        if found:
            draft.data["isbn"] = found.group(1)
            line.text = ""


def _who_led(text: str, data: dict) -> None:
    name = r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+)"
    lead = re.search(rf"led by (?:HM Inspector )?{name}", text)
    if lead:
        data["lead_inspector"] = lead.group(1)
    manager = re.search(rf"inspection programme is {name}", text)
    if manager:
        data["programme_manager"] = manager.group(1)


def _recommendations_said(lines: list[Line], draft: Draft) -> None:
    """'we have made six recommendations': the count the recommendations are checked against."""
    for line in lines:
        match = RECOMMENDATIONS_SAID.search(line.text)
        if match:
            word = match.group(1).casefold()
            count = NUMBER_WORDS.index(word) + 1 if word in NUMBER_WORDS else \
                int(word) if word.isdigit() else None
            if count:
                draft.seen.recommendations_said.append(Seen(count, line.number, "the text"))


# --- chapters ----------------------------------------------------------------------------

def _chapter(number: int, chapter: ChapterLines, blocks: list[Block], document: Document,
             draft: Draft) -> None:
    name = plain(chapter.title)
    short = re.sub(r"^(annex|appendix) (\d+):.*", r"\1-\2", name)
    short = re.sub(r"^\d+\.\s*", "", short)
    file_name = f"{number:02d}-{slugify(short)[:60].strip('-')}.md"
    if name == "summary of ratings":
        body = facts.summary_of_ratings(blocks, draft)
    elif name in ("key facts", "contextual facts"):
        body = facts.key_facts(blocks, draft)
    elif "glossary" in name:
        body = facts.glossary(blocks, draft)
    elif draft.framework.key_questions and facts.is_results(blocks, draft):
        body = facts.results(blocks, draft)
    else:
        body = _Narrative(draft, chapter.title, document).write(blocks)
    draft.chapters.append(_chapter_file(file_name, chapter.title, body))


def _chapter_file(file_name: str, title: str, parts: list[str]) -> tuple[str, str]:
    text = f"# {title}\n\n" + "\n\n".join(p for p in parts if p) + "\n"
    return file_name, re.sub(r"\n{3,}", "\n\n", text)


class _Narrative:
    """One chapter of prose, written out block by block."""

    def __init__(self, draft: Draft, title: str, document: Document):
        self.draft = draft
        self.framework = draft.framework
        self.patterns = facts.Patterns(draft)
        self.title = title
        self.name = plain(title)
        self.levels = HeadingLevels(title, document.subsections, self.framework)
        self.domain = self._domain_of_chapter(title)
        self.out: list[str] = []
        self.headings: set[int] = set()  # indexes of the blocks that are headings
        self.findings_domain: str | None = None
        self.findings_standard: str | None = None
        self.findings_done: set[str] = set()  # domains whose key findings were read
        self.last_heading: str | None = None
        self.example: re.Match | None = None  # the practice example being quoted
        self.quoting = False  # the block before was a quote

    def _domain_of_chapter(self, title: str) -> str | None:
        """'2. Case supervision' is domain 2's chapter."""
        number = re.match(r"(\d+)\.\s", title)
        ids = {domain.id for domain in self.framework.domains}
        if number and number.group(1) in ids:
            return number.group(1)
        return next((d.id for d in self.framework.domains if plain(d.name) == self.name), None)

    def write(self, blocks: list[Block]) -> list[str]:
        self.headings = self._headings(blocks)
        index = 0
        while index < len(blocks):
            index = self._block(blocks, index)
        return _no_empty_headings(self.out)

    def _headings(self, blocks: list[Block]) -> set[int]:
        """Which blocks are headings: marked so, or one line that reads as a title.

        In a run of short one-line paragraphs holding three or more title-like lines,
        only the first is a heading: the rest are short paragraphs set one a line (a
        list of services, say), not headings with nothing under them. A wide gap (an
        image) ends a run, and so does a title the report's structure makes a heading
        (numbered, in the contents list, an outcome area).
        """
        short = [block.kind == "text" and len(block.items) == 1 and self.name != "foreword"
                 and len(block.text.split()) <= 15 and not block.text.endswith((".", "?", "!"))
                 for block in blocks]
        like = [is_short and looks_like_heading(block.text)
                for is_short, block in zip(short, blocks)]
        found = {index for index, block in enumerate(blocks) if block.kind == "heading" or
                 like[index] and self.levels.structural(block.text)}
        short = [is_short and index not in found for index, is_short in enumerate(short)]
        start = 0
        while start < len(short):
            end = start
            while end < len(short) and short[end] and (end == start or blocks[end].gap_before < 2):
                end += 1
            titles = [index for index in range(start, end) if like[index]]
            found.update(titles if len(titles) < 3 else titles[:1])
            start = max(end, start + 1)
        return found

    def _block(self, blocks: list[Block], index: int) -> int:
        """Write out (or take into the data) the block at ``index``; the index after it."""
        block = blocks[index]
        text = block.text.strip()
        name = plain(text)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if self.example and block.kind == "text" and self._continues_example(block):
            self.out[-1] += "\n" + prose.quoted(prose.paragraph(block.items))
            return index + 1
        self.example, quoting, self.quoting = None, self.quoting, False
        standard = self.patterns.standard_heading.fullmatch(block.first.text.strip()) \
            if block.kind in ("row", "text") else None
        if standard:
            return self._standard(standard, blocks, index)
        if block.kind in ("row", "text", "bullet", "number"):
            self._figures(block)
        self._overall_rating(block)
        if self.name == "foreword" and self._signature(block):
            return index + 1
        if block.kind in ("text", "heading") and name.startswith("our key findings about"):
            self._findings_about(name)
            self.out.append(prose.paragraph([text]))
            return index + 1
        if block.kind in ("text", "heading") and text.rstrip("*").rstrip().endswith("should:") \
                and following and following.kind == "number":
            self._recommendations(text, following)
            return index + 2
        if name in ("strengths", "areas for improvement") and self.domain:
            return self._domain_list(blocks, index + 1, name)
        if index in self.headings:
            return self._heading(block, blocks, index)
        if block.kind == "text" and FIGURE_CAPTION.fullmatch(text):
            self.out.append(prose.image_placeholder(text))
            return index + 1
        if block.kind == "text" and SOURCE_LINE.match(text) and block.gap_before >= 2 and \
                self.out and not self.out[-1].startswith(IMAGE_PLACEHOLDER):
            self.out.append(prose.image_placeholder(""))  # an image with no caption of its own
        if self.findings_domain and block.kind == "bullet" and self.name == "overall findings":
            return self._key_findings(blocks, index)
        if block.kind == "row" and self.framework.outcome_areas and \
                {"enablers", "barriers"} & {plain(c) for c in block.items[0].split("\t")}:
            return self._enablers_barriers(blocks, index)
        if block.kind == "row":
            self._team(block)
        written = prose.render_block(block)
        if written.startswith("> ") and quoting:  # a quote of several paragraphs
            self.out[-1] += "\n" + prose.quoted(written[2:])
        else:
            self.out.append(written)
        self.example = prose.PRACTICE.fullmatch(text)
        self.quoting = written.startswith("> ") and not self.example
        return index + 1

    # --- headings and images ---------------------------------------------------------

    def _heading(self, block: Block, blocks: list[Block], index: int) -> int:
        text = block.text.strip()
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if self._is_image(block, following):
            self.out.append(prose.image_placeholder(text))
            return index + 1
        name = plain(text)
        level = self.levels.level(text, block.first.level, index + 1 in self.headings)
        if self.findings_domain:
            standard = next((s.id for s in self.framework.standards.values()
                             if plain(s.name) == name and
                             self.framework.domain_of(s.id).id == self.findings_domain), None)
            self.findings_standard = standard
        self.out.append(prose.heading(level, text))
        self.last_heading = text
        area = self.levels.area
        if area and area not in self.draft.judged_areas and self.levels.area_heading == text:
            self.draft.judged_areas.add(area)
            return self._judgements(blocks, index + 1, area)
        return index + 1

    def _is_image(self, block: Block, following: Block | None) -> bool:
        """A caption with only blank space under it, before the next heading or the end.

        The text export keeps an image's title ('Organogram', 'Map of the area') but
        not the image, so the title stands over an empty gap.
        """
        if facts.MONTH_YEAR.fullmatch(block.text.strip()):
            return False
        if following is None:
            return True
        if following.gap_before < 2:
            return False
        head = following.text.strip()
        return following.kind == "heading" or bool(SOURCE_LINE.match(head)) or \
            bool(FIGURE_CAPTION.fullmatch(head)) or (
                following.kind == "text" and looks_like_heading(head))

    # --- the foreword's signature ------------------------------------------------------

    def _signature(self, block: Block) -> bool:
        """'Dame Glenys Stacey' over 'Chief Inspector of Probation': who signed it."""
        items = [item.strip().strip("*").strip() for item in block.items]
        if block.kind != "text":
            return False
        if len(items) == 2 and SIGNED_AS.fullmatch(items[1]) and len(items[0].split()) <= 5:
            self.draft.data["chief_inspector"] = items[0]
            self.out.append(prose.signature([i.strip() for i in block.items]))
            return True
        if len(items) == 1 and SIGNED_AS.fullmatch(items[0]) and self.out and \
                len(self.out[-1].split()) <= 5:
            self.draft.data["chief_inspector"] = self.out[-1].strip("*").strip()
        return False

    # --- standards, figures and ratings -------------------------------------------------

    def _standard(self, match: re.Match, blocks: list[Block], index: int) -> int:
        """A standard's heading and rating (and its description, which the framework has)."""
        standard_id = match.group(1)
        block = blocks[index]
        self.out.append(f"::: standard {standard_id}")
        self.draft.seen.rating(standard_id, rating_name(self.framework, match.group(3)),
                               block.first.number, "its chapter")
        for label in MARKER.findall(match.group(4) or ""):
            self.draft.check(block.first.number, f"standard {standard_id}'s heading in its "
                                                 f"chapter carries footnote {label}, which the "
                                                 "site prints only in the summary of ratings "
                                                 "and the results: check where it belongs")
        self.levels.numbered(2)
        index += 1
        if len(block.lines) > 1:
            self._description(standard_id, block.lines[1])
        elif index < len(blocks) and blocks[index].kind in ("row", "text") and \
                self._description(standard_id, blocks[index].first):
            index += 1
        return index

    def _description(self, standard_id: str, line: Line) -> bool:
        """Leave out the standard's description under its heading: the framework prints it."""
        described = self.framework.standards[standard_id].description
        text = line.text.replace("\t", " ").strip()
        if plain(text) == plain(described):
            return True
        if plain(text).startswith(plain(described)[:40]):
            self.draft.check(line.number, f"standard {standard_id}'s description is printed "
                                          f"differently from the framework's: {text!r}")
            return True
        return False

    def _figures(self, block: Block) -> None:
        """A key question's '% yes' printed in the chapter, for the cross-check with the annex."""
        for line in block.lines:
            match = self.patterns.question_row.fullmatch(line.text.strip())
            if match:
                self.draft.seen.figure(match.group(1), int(match.group(4)), line.number,
                                       "its chapter")
                continue
            printed = re.fullmatch(r"(.*?)\s*(\d{1,3})%\**\s*",
                                   line.text.replace("\t", " ").strip().strip("*"))
            if not printed:
                continue
            wording = plain(printed.group(1)).rstrip("?")
            for question in self.framework.key_questions.values():
                if wording.endswith(plain(question.text).rstrip("?")):
                    self.draft.seen.figure(question.id, int(printed.group(2)), line.number,
                                           "its chapter")

    def _overall_rating(self, block: Block) -> None:
        match = self.patterns.overall.search(block.text)
        if match and block.kind == "text":
            self.draft.seen.overall.append(Seen(rating_name(self.framework, match.group(1)),
                                                block.first.number, f"the chapter {self.title!r}"))

    # --- findings, lists and recommendations ------------------------------------------

    def _findings_about(self, name: str) -> None:
        """'Our key findings about case supervision ...': whose findings follow.

        The domain the heading above names, else the one the sentence names, else the
        next domain in the framework's order: 'other core activities specific to CRCs'
        names none.
        """
        domains = [d for d in self.framework.domains if d.id not in self.findings_done]
        above = plain(self.last_heading or "")
        about = {w for w in re.findall(r"\w+", name.split("about", 1)[1]) if len(w) > 3}
        named = [d.id for d in domains if above in (plain(d.name), plain(d.short_name or ""))] \
            or [d.id for d in domains if any(w.startswith(a) for a in about
                                             for w in re.findall(r"\w+", plain(d.name)))]
        self.findings_domain = named[0] if len(named) == 1 else \
            domains[0].id if domains else None
        if self.findings_domain:
            self.findings_done.add(self.findings_domain)
        self.findings_standard = None

    def _key_findings(self, blocks: list[Block], index: int) -> int:
        domains = self.draft.data["domains"]
        findings = domains.setdefault(self.findings_domain, {}).setdefault("key_findings", [])
        bold_headlines = False
        while index < len(blocks) and blocks[index].kind in ("bullet", "text", "footnote"):
            block = blocks[index]
            if block.kind == "footnote":
                self.out.append(prose.render_block(block))
            elif block.kind == "bullet":
                for item in block.items:
                    bold_headlines = _is_bold(item)
                    finding = {"summary": _unbold(item)}
                    if self.findings_standard:
                        finding["standard"] = self.findings_standard
                    findings.append(finding)
            elif findings and bold_headlines and not _is_bold(block.text) and \
                    not plain(block.text).startswith("our key findings") and \
                    not looks_like_heading(block.text):
                previous = findings[-1]
                previous["detail"] = (previous.get("detail", "") + "\n\n" + block.text).strip()
            else:
                break
            index += 1
        slot = f"::: key-findings {self.findings_standard or self.findings_domain}"
        if slot not in self.out:
            self.out.append(slot)
        return index

    def _domain_list(self, blocks: list[Block], index: int, name: str) -> int:
        field_name = "strengths" if name == "strengths" else "areas_for_improvement"
        items: list[str] = []
        while index < len(blocks) and blocks[index].kind in ("bullet", "footnote"):
            if blocks[index].kind == "footnote":
                self.out.append(prose.render_block(blocks[index]))
            else:
                items += blocks[index].items
            index += 1
        self.draft.data["domains"].setdefault(self.domain, {})[field_name] = items
        self.out.append(f"::: {field_name.replace('_', '-')} {self.domain}")
        return index

    def _recommendations(self, text: str, block: Block) -> None:
        by = re.sub(r"\s*should:\s*$", "", re.sub(r"\*\*", "", text).strip())
        items = []
        for line, item in zip(block.lines, block.items):
            match = NUMBERED.fullmatch(item.strip())
            items.append({"number": int(match.group(1)), "text": match.group(2).strip()})
            self.draft.seen.recommendations.append(Seen(int(match.group(1)), line.number,
                                                        "the recommendations"))
        self.draft.data["recommendations"].append({"by": by, "items": items})
        if "::: recommendations" not in self.out:
            self.out.append("::: recommendations")

    # --- outcomes frameworks: judgements, enablers and barriers -------------------------

    def _judgements(self, blocks: list[Block], index: int, area: str) -> int:
        """The first time the report names an outcome area: each organisation's judgement."""
        organisations = {plain(o.name): o.id for o in self.framework.organisations}
        judgements = self.draft.data["outcomes"].setdefault(area, {})
        current = None
        start = index
        while index < len(blocks):
            block = blocks[index]
            name = plain(block.text)
            if name in organisations and (current is not None or index == start):
                current = judgements.setdefault(organisations[name], {"summary": ""})
            elif current is not None and block.kind == "text" and \
                    not looks_like_heading(block.text):
                current["summary"] = (current["summary"] + "\n\n" + block.text).strip()
                word = JUDGEMENT.search(block.text)
                if word and "judgement" not in current:
                    current["judgement"] = word.group(1).capitalize()
            elif current is not None and block.kind == "footnote":
                self.out.append(prose.render_block(block))
            else:
                break
            index += 1
        if current is None:
            self.draft.judged_areas.discard(area)
            return index
        self.out.append(f"::: judgements {area}")
        return index

    def _enablers_barriers(self, blocks: list[Block], index: int) -> int:
        block = blocks[index]
        index += 1
        while index < len(blocks) and blocks[index].kind == "row" and \
                re.match(r"\t*\d+\.\t", blocks[index].first.text):
            block = Block("row", block.lines + blocks[index].lines,
                          block.items + blocks[index].items)
            index += 1  # a row the export set apart with a blank line
        header = [plain(c) for c in block.items[0].split("\t")]
        columns = [c for c in header if c in ("enablers", "barriers")]
        found: dict[str, list[str]] = {"enablers": [], "barriers": []}
        for row in block.items[1:]:
            cells = [c.strip() for c in row.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            for position in range(0, len(cells), 2):
                text = cells[position + 1] if position + 1 < len(cells) else ""
                column = position // 2
                if text:
                    found[columns[min(column, len(columns) - 1)]].append(text)
        area, organisation = self.levels.area, self.levels.organisation
        if not area or not organisation:
            self.draft.check(block.first.number, "an enablers and barriers table outside an "
                                                 "outcome area; written as a table")
            self.out.append(prose.render_block(block))
            return index
        judgement = self.draft.data["outcomes"].setdefault(area, {}).setdefault(
            organisation, {"summary": ""})
        for column, items in found.items():
            if items:
                judgement[column] = items
        self.out.append(f"::: enablers-barriers {area} {organisation}")
        return index

    # --- smaller things ------------------------------------------------------------------

    def _team(self, block: Block) -> None:
        """'Lead Inspector<tab>Jane Attwood, Inspector' in an acknowledgements table."""
        for item in block.items:
            role, _, who = item.partition("\t")
            if plain(role) == "lead inspector" and not self.draft.data["lead_inspector"]:
                self.draft.data["lead_inspector"] = re.split(r",|\*", who)[0].strip()

    def _continues_example(self, block: Block) -> bool:
        """A paragraph still telling the practice example above it (names and pronouns)."""
        text = block.text.strip()
        if looks_like_heading(text) or text.endswith(":") or prose.PRACTICE.fullmatch(text) or \
                text.startswith(prose.QUOTE_START):
            return False
        name = re.match(r"\W*([A-Z]\w+)", self.example.group(2))
        return bool(name and re.search(rf"\b{name.group(1)}\b", block.text)) or \
            bool(PRONOUN.search(block.text.split(".")[0]))


def _no_empty_headings(parts: list[str]) -> list[str]:
    """A heading with nothing under it (the next part is a heading as high, or there is
    none) is written as the line of text it is: a reader never meets an empty heading."""
    out = list(parts)
    for index, part in enumerate(parts):
        level = len(part) - len(part.lstrip("#"))
        if not level:
            continue
        following = parts[index + 1] if index + 1 < len(parts) else ""
        below = len(following) - len(following.lstrip("#"))
        if not following or 0 < below <= level:
            out[index] = part[level:].strip()
    return out


def _unbold(text: str) -> str:
    text = text.strip()
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return text[2:-2].strip()
    return text


def _is_bold(text: str) -> bool:
    text = MARKER.sub("", text).strip()
    return text.startswith("**") and text.endswith("**")


# --- finishing ----------------------------------------------------------------------------

def _finish(draft: Draft) -> None:
    """Settle each rating and figure from the places it was printed, and clear up."""
    data = draft.data
    seen = draft.seen
    framework = draft.framework
    if framework.outcome_areas:
        for area in data["outcomes"].values():
            for judgement in area.values():
                if not judgement.get("summary"):
                    judgement["summary"] = "TODO: the judgement as the report words it"
                    draft.check(None, "an enablers and barriers table has no judgement "
                                      "summary; fill it in")
    if not framework.standards:
        return
    data["overall_rating"] = seen.overall[0].value if seen.overall else None
    ratings: dict = {}
    for standard_id in framework.standards:
        places = seen.ratings.get(standard_id, [])
        if not places:
            continue
        entry: dict = {"rating": places[0].value}
        footnotes = list(dict.fromkeys(draft.rating_footnotes.get(standard_id, [])))
        if footnotes:
            entry["footnotes"] = footnotes
        explanations = list(dict.fromkeys(draft.rating_explanations.get(standard_id, [])))
        if explanations:
            entry["explanation"] = explanations[0]
        for label in explanations[1:]:
            draft.check(None, f"standard {standard_id}'s rating in the results carries footnote "
                              f"{label} as well as {explanations[0]}: only one is kept")
        ratings[standard_id] = entry if len(entry) > 1 else entry["rating"]
    data["ratings"] = ratings
    for domain_id, labels in draft.domain_footnotes.items():
        if domain_id in {domain.id for domain in framework.domains}:
            data["domains"][domain_id] = {"footnotes": labels,
                                          **data["domains"].get(domain_id, {})}
    figures = {}
    for question_id in framework.key_questions:
        places = seen.figures.get(question_id, [])
        annex = [p for p in places if p.place == "the results annex"] or places
        if annex:
            labels = draft.figure_footnotes.get(question_id)
            figures[question_id] = {"percent": annex[0].value, "footnotes": labels} \
                if labels else annex[0].value
    data["key_questions"] = figures
