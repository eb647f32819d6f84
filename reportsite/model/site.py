"""Site-wide content: the glossary, providers, owners, and the whole site."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from ..schema import Pattern, doc
from .dates import PartialDate
from .framework import Framework, Slug, Text
from .inspection import Inspection, WebAddress
from .narrative import Narrative


def slugify(text: str) -> str:
    """'Breach (of an order or licence)' -> 'breach-of-an-order-or-licence'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class Definition:
    """One wording of a term, with the reports whose glossary prints it."""

    text: Text = field(metadata=doc("The definition exactly as the report prints it."))
    reports: list[Slug] = field(metadata=doc("Slugs of the inspections that print this wording."))
    expansion: str | None = field(default=None, metadata=doc(
        "For an abbreviation, what this wording says it stands for, where that differs from "
        "the term's expansion (e.g. another capitalisation, or a report's own slip)."))


@dataclass
class GlossaryEntry:
    """A glossary term; where reports word it differently, one definition per wording."""

    term: Text = field(metadata=doc("The term as printed, e.g. 'RoSH' or 'Through the Gate'."))
    definitions: list[Definition]
    expansion: str | None = field(default=None, metadata=doc(
        "For an abbreviation, what it stands for, e.g. 'Risk of serious harm'. "
        "Marks the term as an abbreviation, to be expanded wherever it is used."))
    aliases: list[Text] = field(default_factory=list, metadata=doc(
        "Other forms of the term to recognise in the narrative, e.g. 'CRCs'."))
    see_also: list[Text] = field(default_factory=list, metadata=doc("Related terms, by term."))
    yaml_path: tuple = field(default=(), metadata={"derived": True})

    @cached_property
    def slug(self) -> str:
        return slugify(self.term or "")  # None: a term left empty (reported by the check)

    @property
    def is_abbreviation(self) -> bool:
        return bool(self.expansion)

    @cached_property
    def common(self) -> Definition | None:
        """The wording most reports print (the first listed, on a tie): what a report whose
        glossary lacks the term is shown, as the site glossary's."""
        return max(self.definitions, key=lambda d: len(d.reports or []), default=None)

    def expansion_in(self, definition: Definition) -> str | None:
        """What the abbreviation stands for in ``definition``'s words."""
        return (definition.expansion or self.expansion) if self.expansion else None


@dataclass
class Glossary:
    """content/glossary.yaml"""

    __schema_title__ = "glossary"

    terms: list[GlossaryEntry]
    annexes: dict[Slug, list[Text]] = field(default_factory=dict, metadata=doc(
        "Each report's glossary as it prints it, by inspection: its terms in its order, "
        "written as it writes them (capitals, *italics*). A report left out is shown A to Z."))

    @cached_property
    def by_slug(self) -> dict[str, GlossaryEntry]:
        return {entry.slug: entry for entry in self.terms}

    def annex(self, report: str) -> list[tuple[str, GlossaryEntry, Definition]]:
        """The report's glossary as it prints it: (term as printed, entry, its wording)."""
        wordings = {entry.slug: (entry, definition)
                    for entry, definition in self.by_report.get(report, [])}
        if report not in self.annexes:
            return [(entry.term, entry, definition) for entry, definition in wordings.values()]
        return [(printed, *wordings[slugify(printed)]) for printed in self.annexes[report]]

    @cached_property
    def by_report(self) -> dict[str, list[tuple[GlossaryEntry, Definition]]]:
        """Each report's glossary: its wording of every term it defines, A to Z."""
        index: dict[str, list[tuple[GlossaryEntry, Definition]]] = {}
        for entry in self.terms:
            for definition in entry.definitions or []:
                for report in definition.reports or []:
                    index.setdefault(report, []).append((entry, definition))
        return index


@dataclass
class Owner:
    """A company or public body that owned providers (content/owners.yaml)."""

    name: Text
    sector: Literal["private", "public", "voluntary"]
    short_name: str | None = None
    description: str | None = None
    slug: str = field(default="", metadata={"derived": True})
    yaml_path: tuple = field(default=(), metadata={"derived": True})


@dataclass
class Ownership:
    """Who owned a provider from a date on, as far as the reports say."""

    owner: Slug = field(metadata=doc("A slug from content/owners.yaml."))
    since: PartialDate | None = field(default=None, metadata=doc(
        "When the ownership began, as a report gives it (e.g. 2015-02-01); "
        "null where no report says."))

    def began_by(self, date: PartialDate) -> bool:
        """Whether the ownership may have begun by ``date`` (unknown: it may)."""
        return self.since is None or self.since.earliest() <= date.latest()


@dataclass
class Provider:
    """An inspected organisation (content/providers.yaml)."""

    name: Text
    short_name: Text
    type: Text = field(metadata=doc(
        "The type of provider, as a framework names it under provider_types, e.g. "
        "'Community Rehabilitation Company'."))
    area: Text = field(metadata=doc("The area it serves, e.g. 'Essex'."))
    description: str | None = None
    owners: list[Ownership] = field(default_factory=list, metadata=doc(
        "Who owned it, oldest first, each with the date the ownership began: an "
        "inspection's owner is the provider's owner at the inspection's date."))
    slug: str = field(default="", metadata={"derived": True})
    yaml_path: tuple = field(default=(), metadata={"derived": True})

    def owner_at(self, date: PartialDate | None) -> str | None:
        """The owner's slug at ``date`` (None: not known). Without a date, only a provider
        that has had one owner is known to have had it."""
        if date is None:
            return self.owners[0].owner if len(self.owners) == 1 else None
        began = [o for o in self.owners if o.began_by(date)]
        return began[-1].owner if began else None


#: Where readers can write: an e-mail address or a web address.
Contact = Annotated[str, Pattern(r"[^@\s/:]+@[^@\s]+\.[^@\s]+|https?://\S+",
                                 "an e-mail address (name@example.org) or a web address "
                                 "(https://...)")]


@dataclass
class SiteSettings:
    """The site itself: its name, who publishes it and how to reach them (content/site.yaml)."""

    __schema_title__ = "site.yaml"

    name: Text = field(metadata=doc(
        "The site's name, in every page's header and title, the feed and printouts."))
    publisher: Text = field(metadata=doc(
        "Who publishes the site, as readers should know them: an organisation or a person."))
    contact: Contact = field(metadata=doc(
        "Where readers can write about the site: an e-mail address or a web address."))
    accessibility_contact: Contact = field(metadata=doc(
        "Where readers can report a problem using the site (the accessibility statement "
        "gives it): an e-mail address or a web address."))
    publisher_url: WebAddress | None = field(default=None, metadata=doc(
        "The publisher's own web site, linked from its name."))
    notice: Text | None = field(default=None, metadata=doc(
        "A short notice shown at the top of every page, e.g. planned maintenance; leave it "
        "out for none."))

    @staticmethod
    def href(contact: str) -> str:
        """A contact as a link's address: a web address as it is, an e-mail address to write to."""
        return contact if contact.startswith(("http://", "https://")) else f"mailto:{contact}"


@dataclass
class Report:
    """An inspection with its narrative: everything the site shows of one report."""

    inspection: Inspection
    narrative: Narrative
    #: The inspection's folder: where a thinned narrative is read again from.
    folder: Path | None = None

    @property
    def slug(self) -> str:
        return self.inspection.slug


@dataclass
class Site:
    """All content, loaded, checked and cross-referenced."""

    frameworks: dict[str, Framework]
    reports: dict[str, Report]
    glossary: Glossary
    providers: dict[str, Provider]
    owners: dict[str, Owner]
    settings: SiteSettings

    def framework_of(self, report: Report) -> Framework:
        return self.frameworks[report.inspection.framework]

    def ownership(self, inspection: Inspection) -> list[tuple[Provider, Owner | None]]:
        """Each provider inspected, with its owner at the inspection's date (None: not known)."""
        pairs = []
        for slug in inspection.providers:
            provider = self.providers[slug]
            owner = provider.owner_at(inspection.date)
            pairs.append((provider, self.owners.get(owner) if owner else None))
        return pairs

    def owners_of(self, inspection: Inspection) -> list[Owner]:
        """The inspected providers' owners at the time, each once, in the providers' order."""
        owners = [owner for _, owner in self.ownership(inspection) if owner is not None]
        return list({owner.slug: owner for owner in owners}.values())
