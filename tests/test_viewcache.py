"""Views saved between builds come back pointing into the current model."""

from __future__ import annotations

import pickle

from reportsite.cli import TEMPLATES
from reportsite.pipeline import load_site
from reportsite.render.site import SiteRenderer, template_environment
from reportsite.viewcache import ViewCache
from tests.sites import write_site


def site_and_view(tmp_path):
    content = write_site(tmp_path)
    site, problems = load_site(content)
    assert site is not None, problems
    renderer = SiteRenderer(site, template_environment(TEMPLATES), TEMPLATES, content, None)
    return site, renderer.view(site.reports["testshire-crc-2019"])


def test_a_saved_view_names_the_model_and_finds_it_again(tmp_path):
    site, view = site_and_view(tmp_path)
    cache = ViewCache(tmp_path / "views", site)
    cache.put("key", view)
    again = cache.get("key")
    assert again is not view and again.chapters[0].title == view.chapters[0].title
    assert [p.html for c in again.chapters for p in c.parts] == \
        [p.html for c in view.chapters for p in c.parts]
    # the model's objects are this build's, not copies carried in the file
    assert again.report is site.reports["testshire-crc-2019"]
    assert again.framework is view.framework
    assert len(cache.dumps(view)) < len(pickle.dumps(view)) / 2  # a plain pickle copies them


def test_a_damaged_or_missing_view_is_rendered_again(tmp_path):
    site, view = site_and_view(tmp_path)
    cache = ViewCache(tmp_path / "views", site)
    assert cache.get("never-saved") is None
    cache.put("key", view)
    saved = next((tmp_path / "views").iterdir())
    saved.write_bytes(saved.read_bytes()[:40])
    assert cache.get("key") is None
    assert ViewCache(None, site).get("key") is None  # no cache folder: nothing kept
