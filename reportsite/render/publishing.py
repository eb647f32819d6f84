"""What readers and search engines expect of a published site, besides its pages.

The search page and its filters, the Atom feed, the sitemap, robots.txt, and
each inspection's embeddable rating badge. Absolute addresses (feed, sitemap,
badge snippet) need ``--base-url``; without it, the feed uses relative links
and no sitemap is made (a sitemap must hold absolute URLs).
"""

from __future__ import annotations

from .. import keys as inputs
from ..keys import FRAMEWORKS, OWNERS, PROVIDERS
from ..load.content import BADGE_FILE
from ..model.site import Site
from .pages import Listed, Page, inputs_of, newest_first
from .urls import Urls, page_file

SITE_TAG = "probation-inspection-reports"


def search_filters(site: Site) -> list[dict]:
    """The search page's filters, in groups: those every inspection has, then each
    framework's own (what it rates or judges, from its framework file), with the values
    the content has. A framework that rates and judges nothing has no group. Each
    filter's ``key`` is the name report pages give it (templates/inspection.html)."""
    inspections = [r.inspection for r in site.reports.values()]
    groups = [{"legend": "Every inspection", "filters": [
        {"id": "framework", "key": "framework", "label": "Framework",
         "options": sorted({site.frameworks[i.framework].short_name for i in inspections})},
        {"id": "owner", "key": "owner", "label": "Owner",
         "options": sorted({o.name for i in inspections for o in site.owners_of(i)})},
        {"id": "year", "key": "year", "label": "Year published",
         "options": sorted({str(i.published.year) for i in inspections if i.published},
                           reverse=True)}]}]
    for framework in sorted(site.frameworks.values(), key=lambda f: f.name):
        used = [i for i in inspections if i.framework == framework.id]
        if not used:
            continue
        filters = []
        if framework.rated:
            filters.append({"id": f"overall-{framework.id}", "key": f"{framework.id}/overall",
                            "label": "Overall rating", "options": framework.rating_names})
        if framework.standards:
            filters.append({"id": f"standard-{framework.id}", "key": f"{framework.id}/standard",
                            "label": "A standard rated",
                            "options": [f"{s.id} {s.name}: {level}" for s in framework.standards.values()
                                        for level in framework.rating_names]})
        judged = {(area.id, organisation.id, i.outcomes[area.id][organisation.id].judgement)
                  for i in used for area in framework.outcome_areas
                  for organisation in framework.organisations
                  if organisation.id in i.outcomes.get(area.id, {})}
        if judged:
            filters.append({"id": f"outcome-{framework.id}", "key": f"{framework.id}/outcome",
                            "label": "An outcome judged",
                            "options": [f"{area.name}, {organisation.name}: {judgement}"
                                        for area in framework.outcome_areas
                                        for organisation in framework.organisations
                                        for judgement in sorted({j for a, o, j in judged
                                                                 if (a, o) == (area.id, organisation.id)
                                                                 and j})]})
        if filters:
            groups.append({"legend": framework.name, "filters": filters})
    return groups


#: Entries in the Atom feed: the newest inspections, as feed readers expect.
FEED_ENTRIES = 50


def publishing_pages(site: Site, pages: list[Page], base_url: str | None) -> list[Page]:
    every = inputs.inspections(site.reports) | {PROVIDERS, OWNERS, FRAMEWORKS}
    listed = newest_first(Listed(r.inspection, site.framework_of(r)) for r in site.reports.values())
    out = [Page("search/", "search.html", "Search", "Search every inspection report and the glossary.",
                {"filters": search_filters(site)}, "search/", [("", "Home")], every),
           Page("feed.xml", "feed.xml", "", "", _feed(site, listed[:FEED_ENTRIES], base_url),
                depends_on=inputs_of(i.inspection for i in listed[:FEED_ENTRIES]) | {PROVIDERS}),
           Page("robots.txt", "robots.txt", "", "",
                {"sitemap": Urls("", base_url).absolute("sitemap.xml")}),
           Page("_headers", "_headers", "", "")]
    if base_url:
        html = [p for p in pages + out if page_file(p.path).endswith(".html")
                and not p.context.get("noindex")]
        locations = sorted(Urls("", base_url).absolute(page_file(p.path)) for p in html)
        out.append(Page("sitemap.xml", "sitemap.xml", "", "", {"locations": locations},
                        depends_on=every))
    for item in listed:
        out.append(_badge(site, item))
    return out


def _feed(site: Site, listed: list[Listed], base_url: str | None) -> dict:
    urls = Urls("feed.xml", base_url)
    entries = []
    for item in listed:
        inspection = item.inspection
        date = inspection.published or inspection.fieldwork
        if date is None:
            continue  # Atom needs a date; an undated inspection is left out of the feed
        target = f"inspections/{inspection.slug}/"
        providers = " and ".join(site.providers[p].name for p in inspection.providers)
        rating = f" Overall rating: {inspection.overall_rating}." if inspection.overall_rating else ""
        entries.append({
            "title": inspection.title,
            "id": urls.absolute(target) or f"tag:{SITE_TAG},{date.year}:{inspection.slug}",
            "href": urls.absolute(target) or target,
            "updated": f"{date.earliest().isoformat()}T00:00:00Z",
            # Atom's dates are days: a published day only where the report gives one
            "published": f"{date.earliest().isoformat()}T00:00:00Z"
                         if date.day and date is inspection.published else None,
            "summary": f"HM Inspectorate of Probation's inspection of {providers}, "
                       f"{_when(inspection)}.{rating}",
        })
    updated = max((e["updated"] for e in entries), default="2000-01-01T00:00:00Z")
    return {"entries": entries, "updated": updated,
            "feed_id": urls.absolute("feed.xml") or f"tag:{SITE_TAG},2016:feed",
            "self_href": urls.absolute("feed.xml") or "feed.xml",
            "home_href": urls.absolute("index.html") or "index.html",
            "base": urls.base_url}


def _when(inspection) -> str:
    """When it was published, as far as known, saying what the entry's date stands for
    where the report does not give the day."""
    date = inspection.published
    if date is None:
        return (f"publication date not known (fieldwork started {inspection.fieldwork.human()}; "
                "this entry is dated from that)")
    if date.day:
        return f"published {date.human()}"
    return (f"published {date.human()} (the report gives no day{'' if date.month else ' or month'}; "
            f"this entry is dated the first day of that {'month' if date.month else 'year'})")


def _badge(site: Site, item: Listed) -> Page:
    """A small, self-contained SVG of the overall rating, for providers' own websites."""
    inspection = item.inspection
    provider = " and ".join(site.providers[p].short_name for p in inspection.providers)
    level = item.framework.rating(inspection.overall_rating) if item.framework.rated else None
    rating = level.name if level else item.framework.short_name
    date = inspection.published.human() if inspection.published else "date not known"
    rating_width = round(len(rating) * 7.2) + 14
    width = max(round(len(provider) * 7.9), rating_width + 28 + round((len(date) + 32) * 6.3)) + 20
    label = f"{provider}: {'rated ' + rating if level else rating} by HM Inspectorate of Probation, {date}"
    return Page(f"inspections/{inspection.slug}/{BADGE_FILE}", "badge.svg", "", "",
                {"provider": provider, "rating": rating, "style": level.style if level else "none",
                 "date": date, "width": width, "rating_width": rating_width, "label": label},
                depends_on=frozenset({inputs.inspection(inspection.slug), PROVIDERS,
                                      inputs.framework(inspection.framework)}))
