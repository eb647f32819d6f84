"""The one URL helper: relative links that work at any sub-path and from disk."""

from reportsite.render.urls import Urls, page_file


def test_relative_urls_name_the_file():
    urls = Urls("inspections/essex-crc-2018/index.html")
    assert urls("glossary/", "rosh") == "../../glossary/index.html#rosh"
    assert urls("") == "../../index.html"
    assert urls("data/ratings.csv") == "../../data/ratings.csv"
    assert Urls("").__call__("about/") == "about/index.html"
    assert page_file("404.html") == "404.html"


def test_assets_use_their_hashed_names():
    urls = Urls("standards/2-1/", assets={"site.css": "assets/site.abc.css"})
    assert urls.asset("site.css") == "../../assets/site.abc.css"


def test_absolute_urls_only_with_a_base_url_and_without_index_html():
    assert Urls("a/").absolute("a/index.html") is None
    urls = Urls("a/", base_url="https://example.org/probation")
    assert urls.absolute("standards/2-1/index.html") == "https://example.org/probation/standards/2-1/"
