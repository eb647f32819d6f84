"""Chapters that are facts rather than prose: the summary of ratings, the key facts,
the inspection results annex and the glossary.

Each is read into the draft's data (and its sightings, for the cross-checks)
and leaves a slot line where the report prints it. What the framework defines
(standard and key-question ids, the rating scale, domain names) is read from
the framework, so a report under a new framework is read the same way.
"""

from __future__ import annotations

import re

from .blocks import Block
from .chapters import plain
from .draft import Draft, Seen, rating_name, rating_pattern
from .lines import MARKER
from .prose import render_block

MONTH_YEAR = re.compile(r"(January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\s+(\d{4})", re.IGNORECASE)
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
LABELS = r"((?:\s*\[\^[^\]]+\])*)"


def month_of(text: str) -> str | None:
    match = MONTH_YEAR.search(text)
    if not match:
        return None
    return f"{match.group(2)}-{MONTHS.index(match.group(1).casefold()) + 1:02d}"


def ids_pattern(ids) -> str:
    """A regular expression group matching exactly these ids (longest first)."""
    ids = sorted(ids, key=len, reverse=True)
    return "(" + "|".join(map(re.escape, ids)) + ")" if ids else "(?!)"


class Patterns:
    """The framework's ids and rating names as the text prints them."""

    def __init__(self, draft: Draft):
        framework = draft.framework
        rating = rating_pattern(framework)
        standard = ids_pattern(framework.standards)
        question = ids_pattern(framework.key_questions)
        #: 'Overall, Essex CRC is rated as: **Requires Improvement**.'
        self.overall = re.compile(rf"is rated as:?\s*\**\s*{rating}", re.IGNORECASE)
        #: '2.1. Assessment<tab>Requires improvement', a standard's heading in its chapter
        self.standard_heading = re.compile(
            rf"{standard}\.?\s+([^\t]+?)\s*\t+\s*{rating}{LABELS}\s*", re.IGNORECASE)
        #: '2.1.1. Does assessment ...?<tab>82%', a key question's figure
        self.question_row = re.compile(rf"(?:\*\*)?{question}\.?\s+(.*?)\s*{LABELS}\s*\t+"
                                       rf"\s*(?:\*\*)?(\d{{1,3}})%(?:\*\*)?\s*")
        self.question = re.compile(rf"(?:\*\*)?{question}\.?\s")
        self.standard_row = re.compile(rf"(?:\*\*)?{standard}\.?\s+([^\t]*?)(?:\*\*)?\s*(?:\t|$)")
        self.rating_cell = re.compile(rf"\t\s*(?:\*\*)?{rating}{LABELS}(?:\*\*)?\s*$",
                                      re.IGNORECASE)
        #: '1.1<tab>Leadership<tab>Good' or '4.1 ¹<tab>...' in the summary of ratings
        self.summary_row = re.compile(rf"{standard}\s*{LABELS}\s*\t+\s*([^\t]+?)\s*\t+\s*"
                                      rf"{rating}\s*", re.IGNORECASE)
        self.summary_named = re.compile(rf"{standard}\.?\s*{LABELS}\s+(\D[^\t]*)")


def summary_of_ratings(blocks: list[Block], draft: Draft) -> list[str]:
    """The ratings table: '1.1<tab>Leadership<tab>Good', or id and name above the rating."""
    out = ["::: ratings"]
    patterns = Patterns(draft)
    data, seen = draft.data, draft.seen
    domains = {plain(d.name) for d in draft.framework.domains} | \
        {plain(d.short_name) for d in draft.framework.domains if d.short_name}
    pending: tuple[str, list[str]] | None = None
    after_service = False
    for block in blocks:
        if block.kind == "footnote":
            out.append(render_block(block))
            continue
        for line in block.lines:
            text = line.text.strip()
            row = patterns.summary_row.fullmatch(text)
            named = patterns.summary_named.fullmatch(text)
            rating = rating_name(draft.framework, text.strip("*"))
            if row:
                _summary_rating(draft, row.group(1), MARKER.findall(row.group(2)),
                                rating_name(draft.framework, row.group(4)), line.number)
            elif named:
                pending = (named.group(1), MARKER.findall(named.group(2)))
            elif rating and pending:
                _summary_rating(draft, *pending, rating, line.number)
                pending = None
            elif rating:  # under 'Overall rating'
                seen.overall.insert(0, Seen(rating, line.number, "the summary of ratings"))
            elif text.startswith("Fieldwork started:"):
                data["fieldwork"] = month_of(text)
            elif text.startswith("Service:"):
                draft.service, after_service = text[len("Service:"):].strip(), True
                continue
            elif plain(text) == "overall rating":
                pass
            elif re.match(r"\d+\.", text) and plain(re.sub(r"^\d+\.\s*|\[\^[^\]]+\]", "", text)
                                                    ) in domains | {""}:
                labels = MARKER.findall(text)
                if labels:  # the domain's heading carries the footnote ('4.² CRC specific')
                    draft.domain_footnotes[text.split(".")[0]] = labels
            elif after_service:  # the provider's name, wrapped onto a second line
                draft.service = f"{draft.service} {text}"
            else:
                draft.not_placed(line.number, "summary of ratings", text)
            after_service = False
    return out


def _summary_rating(draft: Draft, standard_id: str, labels: list[str], rating: str | None,
                    line: int) -> None:
    if rating:
        draft.seen.rating(standard_id, rating, line, "the summary of ratings")
    draft.rating_footnotes.setdefault(standard_id, []).extend(labels)


def key_facts(blocks: list[Block], draft: Draft) -> list[str]:
    """'4,171' over 'The number of individuals supervised...', or '- 258,748** The total ...'."""
    out = ["::: key-facts"]
    facts = draft.data["key_facts"]
    pending: tuple[str, int] | None = None
    for block in blocks:
        if block.kind == "footnote":
            out.append(render_block(block))
            continue
        if block.kind == "bullet":  # older layout: '- 258,748** The total number ...'
            for line, item in zip(block.lines, block.items):
                match = re.fullmatch(r"(.+?)\*\*\s*(.*)", item)
                if match:
                    facts.append({"figure": match.group(1).strip(), "text": match.group(2)})
                else:
                    draft.not_placed(line.number, "key fact without a figure", item)
            continue
        text = block.text.strip()
        bare = text.strip("*").strip()
        if pending is None and len(bare) <= 45 and re.search(r"\d", bare) and \
                not bare.endswith("."):
            pending = (bare, block.first.number)
        elif pending is not None:
            facts.append({"figure": pending[0], "text": text})
            pending = None
        else:
            draft.not_placed(block.first.number, "key facts", text)
    if pending:
        draft.not_placed(pending[1], "key facts: a figure without its text", pending[0])
    return out


def is_results(blocks: list[Block], draft: Draft) -> bool:
    """Whether a chapter is the inspection results: most of the key questions' figures."""
    patterns = Patterns(draft)
    found = {m.group(1) for block in blocks for line in block.lines
             if (m := patterns.question_row.fullmatch(line.text.strip()))}
    return bool(found) and len(found) * 2 >= len(draft.framework.key_questions)


def results(blocks: list[Block], draft: Draft) -> list[str]:
    """The inspection results annex: key-question figures and standard ratings, as data."""
    out: list[str] = []
    patterns = Patterns(draft)
    framework = draft.framework
    current: str | None = None
    placed: set[str] = set()
    for block in blocks:
        if block.kind == "heading" or not _results_block(block, patterns):
            if block.kind == "heading" or (block.kind == "number" and len(block.items) == 1
                                           and len(block.text) < 50):
                out.append(f"## {block.text.strip()}")  # the domain, as the annex titles it
            else:
                out.append(render_block(block))
            continue
        for line in block.lines:
            text = line.text.strip()
            question = patterns.question_row.fullmatch(text)
            if question:
                question_id, labels = question.group(1), MARKER.findall(question.group(3))
                percent = int(question.group(4))
                draft.seen.figure(question_id, percent, line.number, "the results annex")
                if labels:
                    draft.figure_footnotes[question_id] = labels
                domain = framework.domain_of(question_id.rsplit(".", 1)[0])
                if domain and domain.id not in placed:
                    placed.add(domain.id)
                    out.append(f"::: results {domain.id}")
                continue
            standard = patterns.standard_row.match(text)
            if standard:
                current = standard.group(1)
            rating = patterns.rating_cell.search(text)
            if rating and current:
                draft.seen.rating(current, rating_name(framework, rating.group(1)), line.number,
                                  "the results annex")
                draft.rating_explanations.setdefault(current, []).extend(
                    MARKER.findall(rating.group(2)))
                continue
            if standard or plain(text).startswith("standard/key question"):
                continue
            described = framework.standards.get(current)
            if described and plain(text.replace("\t", " ")) == plain(described.description):
                continue
            draft.not_placed(line.number, "inspection results", text)
    return out


def _results_block(block: Block, patterns: Patterns) -> bool:
    return any(patterns.question_row.fullmatch(line.text.strip()) or
               patterns.standard_row.match(line.text.strip()) or
               plain(line.text).startswith("standard/key question")
               for line in block.lines)


def glossary(blocks: list[Block], draft: Draft) -> list[str]:
    """'Term<tab>Definition' rows, a definition running on over the next lines."""
    for block in blocks:
        if block.kind == "footnote":
            draft.not_placed(block.first.number, "a footnote inside the glossary", block.text)
            continue
        for line in block.lines:
            text = line.text.rstrip()
            term, tab, definition = text.partition("\t")
            if tab and term.strip():
                draft.annex.append(re.sub(r"\*\*", "", term).strip())  # italics as printed
                draft.glossary.append((re.sub(r"[*]", "", term).strip(), definition.strip()))
            elif draft.glossary and (block.kind == "text" or tab):
                text = definition if tab else text
                term, definition = draft.glossary[-1]
                draft.glossary[-1] = (term, f"{definition} {text.strip()}")
            else:
                draft.not_placed(line.number, "glossary", text)
    return ["::: glossary"]
