"""Every page of the site: its path, template and a small, explicit context.

Aggregate pages (home, standards, outcomes, glossary, owners, providers,
data) are built from the model and from each report's view, never by reading
or rendering a report again. Long listings continue on numbered pages, each
depending only on what it shows, so no page grows with the site and an edit
re-renders few of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .. import keys as inputs
from ..keys import DATA, FRAMEWORKS, GLOSSARY, OWNERS, PROVIDERS, SETTINGS, Input
from ..model.framework import Framework, RatingLevel
from ..model.inspection import Inspection
from ..model.site import Site, slugify
from ..slots import FigureView, figure_view
from .data import DataFile
from .urls import framework_path, moved_path

NAV = [("inspections/", "Inspections"), ("frameworks/", "Frameworks"),
       ("glossary/", "Glossary"), ("providers/", "Providers"), ("owners/", "Owners"),
       ("data/", "Data"), ("about/", "About")]


#: Inspections on one page of a long listing (a standard compared, every inspection):
#: on a site of 10,000 inspections a single page each would be tens of megabytes.
PAGE_SIZE = 50
#: The newest inspections the home page shows; the rest are a link away.
HOME_NEWEST = 20


@dataclass(frozen=True)
class Pagination:
    """Where one page sits in a listing split over several."""

    number: int  # from 1
    paths: tuple[str, ...]  # every page's site path, in order
    total: int  # items in the whole listing
    first: int  # position of this page's first item, from 1
    last: int

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def paginated(path: str, items: list) -> list[tuple[str, list, Pagination]]:
    """``items`` in pages of :data:`PAGE_SIZE`: the first at ``path``, the rest at
    ``path``page/2/ and on; each with its path, its items and its place."""
    size = PAGE_SIZE
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    paths = (path, *(f"{path}page/{number}/" for number in range(2, len(chunks) + 1)))
    return [(paths[index], chunk, Pagination(index + 1, paths, len(items), index * size + 1,
                                             index * size + len(chunk)))
            for index, chunk in enumerate(chunks)]


def page_title(title: str, place: Pagination) -> str:
    return title if place.number == 1 else f"{title} (page {place.number} of {place.count})"


def crumbs(trail: list[tuple[str, str]], title: str, place: Pagination) -> list[tuple[str, str]]:
    """A page's breadcrumbs; a later page of a listing also leads back to its first."""
    return trail if place.number == 1 else [*trail, (place.paths[0], title)]


def inputs_of(inspections: Iterable[Inspection]) -> frozenset[Input]:
    """The names, among a page's inputs, of the inspections it shows."""
    return inputs.inspections(inspection.slug for inspection in inspections)


def frameworks_of(items: Iterable[Listed]) -> frozenset[Input]:
    """The names, among a page's inputs, of the frameworks of the inspections it lists (their
    ratings' badges, or their names where they rate nothing)."""
    return frozenset(inputs.framework(item.framework.id) for item in items)


def shown(inspections: Iterable[Inspection], place: Pagination) -> frozenset[Input]:
    """What a page of a listing depends on: the inspections it shows, and its place (the
    listing's length and page count appear in its navigation)."""
    return inputs_of(inspections) | {inputs.listing(place.number, place.count, place.total)}


@dataclass
class Page:
    """One HTML page to render."""

    path: str  # site path: '' for home, 'glossary/', 'inspections/x/'
    template: str
    title: str
    description: str
    context: dict = field(default_factory=dict)
    section: str = ""
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    #: What the page shows (:mod:`reportsite.keys`); a change to any of these re-renders it.
    depends_on: frozenset[Input] = frozenset()
    #: For a report's page: the inspection whose view it renders.
    report: str | None = None

    def __post_init__(self):
        # Every page shows the site's settings: its name, its publisher, its notice.
        self.depends_on = self.depends_on | {SETTINGS}


@dataclass
class Listed:
    """An inspection as lists show it."""

    inspection: Inspection
    framework: Framework


def newest_first(items: Iterable[Listed]) -> list[Listed]:
    def key(item: Listed):
        published = item.inspection.published
        return (published.sort_key if published else (0, 0, 0), item.inspection.slug)
    return sorted(items, key=key, reverse=True)


def site_pages(site: Site, excerpts: dict[str, dict[str, str]],
               inline: Callable[[str], str], files: list[DataFile]) -> list[Page]:
    """Every page; ``excerpts`` are each report's openings of its standard sections,
    ``inline`` renders a short Markdown text (a definition) to HTML, and ``files`` are
    the open data files the data page lists."""
    listed = newest_first(Listed(r.inspection, site.framework_of(r)) for r in site.reports.values())
    every = inputs.inspections(site.reports)
    newest = listed[:HOME_NEWEST]
    matrices = _matrices(listed)
    used = list({item.framework.id: item.framework for item in listed}.values())  # newest first
    pages = [
        Page("", "home.html", "", "Inspection reports on probation services in England and Wales: "
             "ratings, findings and recommendations, compared across providers.",
             {"inspections": newest, "total": len(listed), "matrices": matrices,
              "frameworks": used},
             depends_on=inputs_of([i.inspection for i in newest] +
                                  [row[0] for matrix in matrices for row in matrix["rows"]])
             | {inputs.listing(len(listed), *(f"{m['framework'].id}:{m['total']}" for m in matrices)),
                FRAMEWORKS, PROVIDERS, OWNERS}),
    ]
    for path, items, place in paginated("inspections/", listed):
        pages.append(Page(path, "inspections.html", page_title("Inspections", place),
                          "Every inspection report on this site.",
                          {"inspections": items, "pagination": place}, "inspections/",
                          depends_on=shown((i.inspection for i in items), place) | {PROVIDERS, OWNERS}
                          | frameworks_of(items)))
    for report in site.reports.values():
        pages.append(_report_page(site, report.inspection))
    pages += _framework_pages(site, excerpts, listed)
    pages.append(_glossary_page(site, inline))
    pages += _entity_pages(site, listed, "providers")
    pages += _entity_pages(site, listed, "owners")
    pages.append(Page("data/", "data.html", "Open data",
                      "Ratings, key-question figures and inspection details as CSV and JSON.",
                      {"inspections": [item.inspection for item in listed],
                       "files": files},
                      "data/", depends_on=every | {PROVIDERS, OWNERS, FRAMEWORKS, DATA}))
    pages.append(Page("about/", "about.html", "About this site",
                      "How ratings work, licence and attribution, accessibility statement.",
                      {"frameworks": list(site.frameworks.values())},
                      "about/", depends_on=frozenset({FRAMEWORKS})))
    pages.append(Page("404.html", "404.html", "Page not found", "This page could not be found.",
                      {"noindex": True}))
    return pages


def report_page(site: Site, inspection: Inspection) -> Page:
    """One report's page, on its own (serve writes an edited report before the rest)."""
    return _report_page(site, inspection)


def _report_page(site: Site, inspection: Inspection) -> Page:
    providers = " and ".join(site.providers[p].name for p in inspection.providers)
    rating = f" Overall rating: {inspection.overall_rating}." if inspection.overall_rating else ""
    published = f", published {inspection.published.human()}" if inspection.published else ""
    return Page(f"inspections/{inspection.slug}/", "inspection.html", inspection.title,
                f"HM Inspectorate of Probation's inspection of {providers}{published}.{rating}",
                {}, "inspections/", [("", "Home"), ("inspections/", "Inspections")],
                frozenset({inputs.inspection(inspection.slug), inputs.framework(inspection.framework),
                           GLOSSARY, PROVIDERS, OWNERS}), report=inspection.slug)


def _matrices(listed: list[Listed]) -> list[dict]:
    """For each framework that rates standards, its newest inspections' ratings, standard by
    standard (each standard's pages list all); the framework of the newest inspection first."""
    by_framework: dict[str, list[Listed]] = {}
    for item in listed:
        if item.framework.rated and item.framework.standards:
            by_framework.setdefault(item.framework.id, []).append(item)
    matrices = []
    for rows in by_framework.values():
        framework = rows[0].framework
        standards = list(framework.standards.values())
        matrices.append({
            "framework": framework, "standards": standards, "total": len(rows),
            "rows": [(item.inspection,
                      [(s, framework.rating(item.inspection.rating_of(s.id).rating)) for s in standards])
                     for item in rows[:HOME_NEWEST]]})
    return matrices


def distribution(framework: Framework, ratings: list[str]) -> list[tuple[RatingLevel, int]]:
    counts = Counter(ratings)
    return [(level, counts[level.name]) for level in framework.ratings]


@dataclass
class StandardRow:
    inspection: Inspection
    level: RatingLevel
    figures: list[FigureView]
    excerpt: str


def _framework_pages(site: Site, excerpts: dict[str, dict[str, str]],
                     listed: list[Listed]) -> list[Page]:
    """The frameworks, each framework's page, its standards' and outcome areas' pages, and
    a page at each address its pages once had, leading on."""
    pages = [Page("frameworks/", "frameworks.html", "Inspection frameworks",
                  "The inspection programmes the reports were made under: their standards, "
                  "outcome areas and ratings.",
                  {"frameworks": [(f, sum(1 for item in listed if item.framework is f))
                                  for f in site.frameworks.values()]},
                  "frameworks/", [("", "Home")], inputs_of(i.inspection for i in listed) | {FRAMEWORKS})]
    for framework in site.frameworks.values():
        using = [item for item in listed if item.framework is framework]
        pages += _one_framework(framework, using, excerpts)
        if framework.moved_from:
            pages += _moved_pages(framework, len(using))
    return pages


def _one_framework(framework: Framework, using: list[Listed],
                   excerpts: dict[str, dict[str, str]]) -> list[Page]:
    own = frozenset({inputs.framework(framework.id)})
    home = framework_path(framework.id)
    trail = [("", "Home"), ("frameworks/", "Frameworks")]
    depends = inputs_of(item.inspection for item in using) | own | {PROVIDERS}
    distributions = {s.id: distribution(framework, [item.inspection.rating_of(s.id).rating
                                                    for item in using])
                     for s in framework.standards.values()}
    context = {"framework": framework, "distributions": distributions}
    pages = []
    if framework.standards or framework.outcome_areas:
        pages.append(Page(home, "framework.html", framework.name, framework.description,
                          context, "frameworks/", trail, depends))
    else:  # a framework that rates nothing: its page lists its inspections
        for path, items, place in paginated(home, using):
            pages.append(Page(path, "framework.html", page_title(framework.name, place),
                              framework.description,
                              {**context, "inspections": items, "pagination": place},
                              "frameworks/", crumbs(trail, framework.name, place),
                              shown((i.inspection for i in items), place) | own
                              | {PROVIDERS, OWNERS}))
    trail = [*trail, (home, framework.short_name)]
    for domain in framework.domains:
        for standard in domain.standards:
            rows = []
            for item in using:
                inspection = item.inspection
                figures = [figure_view(q, inspection, framework) for q in standard.key_questions]
                rows.append(StandardRow(inspection,
                                        framework.rating(inspection.rating_of(standard.id).rating),
                                        figures, excerpts[inspection.slug].get(standard.id, "")))
            title = f"{standard.id} {standard.name}"
            for path, chunk, place in paginated(framework_path(framework.id, standard.slug), rows):
                # The first page also shows how every inspection rated it.
                pages.append(Page(
                    path, "standard.html", page_title(f"{title} ({framework.short_name})", place),
                    standard.description,
                    {"framework": framework, "domain": domain, "standard": standard,
                     "rows": chunk, "distribution": distributions[standard.id],
                     "pagination": place},
                    "frameworks/", crumbs(trail, title, place),
                    depends if place.number == 1 else
                    shown((row.inspection for row in chunk), place) | own | {PROVIDERS}))
    for area in framework.outcome_areas:
        rows = []
        for item in using:
            judgements = item.inspection.outcomes.get(area.id, {})
            rows.append({"inspection": item.inspection, "judgements": [
                (organisation, judgements[organisation.id].judgement,
                 [" ".join(paragraph.split())
                  for paragraph in judgements[organisation.id].summary.split("\n\n")])
                for organisation in framework.organisations if organisation.id in judgements]})
        for path, chunk, place in paginated(framework_path(framework.id, area.id), rows):
            pages.append(Page(path, "outcome.html",
                              page_title(f"{area.name} ({framework.short_name})", place),
                              area.description,
                              {"framework": framework, "area": area, "rows": chunk,
                               "pagination": place}, "frameworks/",
                              crumbs(trail, area.name, place),
                              shown((row["inspection"] for row in chunk), place) | own))
    return pages


def _moved_pages(framework: Framework, inspections: int) -> list[Page]:
    """A page at each address the framework's pages had before they were addressed by
    framework, the later pages of each listing included: a static site cannot redirect,
    so each links on (and refreshes) to the page."""
    targets = [("", "", framework.name)] + [(s.slug, s.slug, f"{s.id} {s.name}")
                                            for s in framework.standards.values()] + \
        [(a.id, a.id, a.name) for a in framework.outcome_areas]
    count = max(1, -(-inspections // PAGE_SIZE))  # pages in each standard's listing
    for item, _, name in targets[1:]:
        targets += [(f"{item}/page/{number}", f"{item}/page/{number}",
                     f"{name} (page {number} of {count})") for number in range(2, count + 1)]
    own = frozenset({inputs.framework(framework.id), inputs.listing("moved", count)})
    return [Page(moved_path(framework.moved_from, old), "moved.html", f"Moved: {name}",
                 f"This page is now at {framework_path(framework.id, new)}.",
                 {"target": framework_path(framework.id, new), "name": name,
                  "framework": framework, "noindex": True,
                  "canonical_path": framework_path(framework.id, new)},
                 depends_on=own)
            for old, new, name in targets]


def _glossary_page(site: Site, inline: Callable[[str], str]) -> Page:
    letters: dict[str, list] = defaultdict(list)
    for entry in sorted(site.glossary.terms, key=lambda e: e.term.casefold().lstrip("*")):
        letters[entry.term.lstrip("*")[0].upper()].append(entry)
    short_titles = {slug: " and ".join(site.providers[p].short_name for p in r.inspection.providers)
                    + (f" ({r.inspection.published.year})" if r.inspection.published else "")
                    for slug, r in site.reports.items()}
    return Page("glossary/", "glossary.html", "Glossary",
                "Every term and abbreviation used in the inspection reports, A to Z.",
                {"letters": sorted(letters.items()), "short_titles": short_titles,
                 "slugify": slugify,
                 "entry_definitions": {entry.slug: [(d, inline(d.text)) for d in entry.definitions]
                                       for entry in site.glossary.terms}},
                "glossary/", [("", "Home")],
                frozenset({GLOSSARY, PROVIDERS}) | inputs.inspections(site.reports))


@dataclass
class Visit:
    """An inspection on a provider's or owner's page, with the providers it is listed for:
    an owner's page lists an inspection for the providers the owner owned at the time."""

    item: Listed
    providers: list[str]

    @property
    def inspection(self) -> Inspection:
        return self.item.inspection


def _entity_pages(site: Site, listed: list[Listed], kind: str) -> list[Page]:
    entities = site.providers if kind == "providers" else site.owners
    by_entity: dict[str, list[Visit]] = defaultdict(list)
    for item in listed:
        if kind == "providers":
            for slug in item.inspection.providers:
                by_entity[slug].append(Visit(item, [slug]))
            continue
        owned: dict[str, list[str]] = defaultdict(list)
        for provider, owner in site.ownership(item.inspection):
            if owner is not None:
                owned[owner.slug].append(provider.slug)
        for slug, providers in owned.items():
            by_entity[slug].append(Visit(item, providers))
    site_wide = frozenset({PROVIDERS, OWNERS, FRAMEWORKS})
    depends = site_wide | inputs_of(i.inspection for i in listed)
    heading = "Providers" if kind == "providers" else "Owners"
    lead = ("Organisations whose probation services were inspected." if kind == "providers"
            else "Companies and public bodies that owned the inspected providers.")
    pages = [Page(f"{kind}/", "owners.html", heading, lead,
                  {"heading": heading, "lead": lead, "kind": kind,
                   "entries": [(slug, entity, len(by_entity[slug]))
                               for slug, entity in sorted(entities.items(),
                                                          key=lambda p: p[1].name.casefold())]},
                  f"{kind}/", [("", "Home")], depends)]
    for slug, entity in entities.items():
        everything = by_entity[slug]
        context = {"entity": entity, "caption": "Provider" if kind == "providers" else "Owner",
                   "owned": sorted({p for visit in everything for p in visit.providers},
                                   key=lambda p: site.providers[p].name.casefold())
                   if kind == "owners" else [],
                   "ownerships": entity.owners if kind == "providers" else []}
        for path, history, place in paginated(f"{kind}/{slug}/", everything):
            # The first page names the providers or owners behind every inspection listed;
            # the table of changes covers the inspections on the page, oldest first.
            first = place.number == 1
            pages.append(Page(path, "entity.html", page_title(entity.name, place),
                              f"Inspections of {entity.name}" if kind == "providers"
                              else f"Inspections of providers owned by {entity.name}",
                              {**(context if first else {**context, "owned": [], "ownerships": []}),
                               "history": history, "changes": _changes(site, history),
                               "pagination": place},
                              f"{kind}/", crumbs([("", "Home"), (f"{kind}/", heading)], entity.name, place),
                              site_wide | shown((v.inspection for v in
                                                 (everything if first else history)), place)))
    return pages


def _changes(site: Site, history: list[Visit]) -> list[dict]:
    """For each framework that rates standards, each standard's rating in each inspection,
    and its direction of change from the same provider's previous inspection, never from
    another provider's. Columns are grouped by provider (A to Z), each provider's
    inspections oldest first. The framework of the newest inspection first."""
    by_framework: dict[str, list[tuple[str, Listed]]] = {}
    for visit in history:
        if visit.item.framework.rated and visit.item.framework.standards:
            by_framework.setdefault(visit.item.framework.id, [])
    for visit in reversed(history):
        if visit.item.framework.id in by_framework:
            by_framework[visit.item.framework.id] += [(p, visit.item) for p in visit.providers]
    return [_changes_in(site, columns) for columns in by_framework.values()]


def _changes_in(site: Site, columns: list[tuple[str, Listed]]) -> dict:
    columns.sort(key=lambda column: site.providers[column[0]].name.casefold())  # stable: oldest first
    framework = columns[0][1].framework
    order = {level.name: index for index, level in enumerate(framework.ratings)}
    rows = []
    labels = [("Overall", None)] + [(f"{s.id} {s.name}", s.id) for s in framework.standards.values()]
    for label, standard_id in labels:
        cells, previous = [], (None, None)
        for provider, item in columns:
            name = item.inspection.overall_rating if standard_id is None else \
                item.inspection.rating_of(standard_id).rating
            change = None
            if previous[0] == provider and previous[1] in order and name in order:
                change = "same" if order[name] == order[previous[1]] else \
                    "up" if order[name] < order[previous[1]] else "down"
            cells.append({"level": framework.rating(name), "change": change})
            previous = (provider, name)
        rows.append((label, cells))
    providers = {provider for provider, _ in columns}
    return {"framework": framework,
            "columns": [(site.providers[provider], item.inspection) for provider, item in columns],
            "rows": rows, "providers": len(providers),
            "compared": any(cell["change"] for _, cells in rows for cell in cells)}
