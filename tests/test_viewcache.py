"""Views saved between builds come back pointing into the current model."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

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
    cache = ViewCache(tmp_path / "views.sqlite", site)
    cache.put("key", view)
    again = cache.get("key")
    assert again is not view and again.chapters[0].title == view.chapters[0].title
    assert [p.html for c in again.chapters for p in c.parts] == \
        [p.html for c in view.chapters for p in c.parts]
    # the model's objects are this build's, not copies carried in the file
    assert again.report is site.reports["testshire-crc-2019"]
    assert again.framework is view.framework
    assert len(cache.dumps(view)) < len(pickle.dumps(view)) / 2  # a plain pickle copies them



def test_an_object_of_a_model_type_that_is_not_the_models_is_saved_whole(tmp_path):
    """Only the model's own objects are named: a copy (a view may make one) is kept as it is."""
    import copy

    site, view = site_and_view(tmp_path)
    cache = ViewCache(None, site)
    standard = next(iter(view.framework.standards.values()))
    copied = copy.copy(standard)
    back = cache.loads(cache.dumps([standard, copied, view.report.inspection]))
    assert back[0] is standard and back[2] is view.report.inspection
    assert back[1] is not standard and back[1] == standard

def test_a_damaged_or_missing_view_is_rendered_again(tmp_path):
    site, view = site_and_view(tmp_path)
    path = tmp_path / "views.sqlite"
    cache = ViewCache(path, site)
    assert cache.get("never-saved") is None
    cache.put("key", view)
    cache._database().execute("UPDATE views SET data = substr(data, 1, 40)")
    assert cache.get("key") is None
    cache.close()
    path.write_bytes(b"not a database" * 1000)  # the whole database damaged: started afresh
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    again = ViewCache(path, site)
    assert again.get("key") is None
    again.put("key", view)
    assert again.get("key") is not None
    assert ViewCache(None, site).get("key") is None  # no cache folder: nothing kept


_SHARED: tuple = ()


def _put_twenty(first: int) -> int:
    cache, view = _SHARED
    for number in range(first, first + 20):
        cache.put(f"key-{number}", view)
    return os.getpid()


def test_forked_workers_write_at_once_and_old_views_are_removed(tmp_path):
    global _SHARED
    site, view = site_and_view(tmp_path)
    cache = ViewCache(tmp_path / "views.sqlite", site)
    cache.put("before", view)  # a connection open in this process when the workers are forked
    _SHARED = (cache, view)
    with ProcessPoolExecutor(2, mp_context=get_context("fork")) as pool:
        workers = set(pool.map(_put_twenty, [0, 20, 40, 60]))
    assert os.getpid() not in workers
    assert all(cache.get(f"key-{number}") is not None for number in range(80))
    cache.keep_only({"key-7", "before"})
    cache.close()
    again = ViewCache(tmp_path / "views.sqlite", site)
    assert again.get("key-7") is not None and again.get("before") is not None
    assert again.get("key-8") is None
