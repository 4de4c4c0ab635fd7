"""Canonical URLs and host patterns (textile_news.text.urls)."""

from __future__ import annotations

import pytest

from textile_news.text.urls import canonical_url, host_matches, host_pattern

SITE = "http://www.sjfzxm.com"
ALIASES = {
    "91se91.com": SITE,
    "*.sjfzxm.com": SITE,
    "127.0.0.1:8123": SITE,
}

# --- host patterns -------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.sjfzxm.com", True),
        ("A.B.SJFZXM.COM", True),
        ("91se91.com", True),
        ("sjfzxm.com", False),
        ("www.91se91.com", False),
        ("notsjfzxm.com", False),
        ("sjfzxm.com.example.org", False),
        ("", False),
        (None, False),
    ],
)
def test_host_matches_the_host_or_a_subdomain_of_a_wildcard(host, expected):
    assert host_matches(host, ("91se91.com", "*.sjfzxm.com")) is expected


def test_host_pattern_prefers_the_host_then_the_longest_wildcard():
    patterns = {"*.example.com", "*.news.example.com", "www.news.example.com"}
    assert host_pattern("www.news.example.com", patterns) == "www.news.example.com"
    assert host_pattern("a.news.example.com", patterns) == "*.news.example.com"
    assert host_pattern("a.example.com", patterns) == "*.example.com"
    assert host_pattern("example.com", patterns) is None


# --- canonical URLs ------------------------------------------------------------


def test_canonical_url_lowercases_scheme_and_host_not_path():
    assert canonical_url("HTTP://WWW.Example.COM/Global/EN/1.html") == (
        "http://www.example.com/Global/EN/1.html"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
    ],
)
def test_canonical_url_drops_only_default_ports(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_drops_fragment():
    assert canonical_url("http://example.com/a.html#comments") == "http://example.com/a.html"


def test_canonical_url_adds_root_path():
    assert canonical_url("http://example.com") == "http://example.com/"


def test_canonical_url_drops_tracking_params_and_sorts_the_rest():
    url = "http://example.com/p?utm_source=x&page=2&fbclid=F&id=3&gclid=G&utm_campaign=c"
    assert canonical_url(url) == "http://example.com/p?id=3&page=2"


def test_canonical_url_without_query_left_after_tracking():
    assert canonical_url("http://example.com/p?utm_medium=mail") == "http://example.com/p"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://91se91.com/global/en/1.html", "http://www.sjfzxm.com/global/en/1.html"),
        ("https://91se91.com/global/en/1.html", "http://www.sjfzxm.com/global/en/1.html"),
        (
            "http://clxfzf.sjfzxm.com/global/en/352128.html",
            "http://www.sjfzxm.com/global/en/352128.html",
        ),
        ("https://WWW.SJFZXM.COM:443/global/en/", "http://www.sjfzxm.com/global/en/"),
        (
            "http://127.0.0.1:8123/global/en/576380.html",
            "http://www.sjfzxm.com/global/en/576380.html",
        ),
    ],
    ids=["mirror", "https-mirror", "subdomain", "own-host-https", "host-port"],
)
def test_canonical_url_maps_host_aliases(url, expected):
    assert canonical_url(url, ALIASES) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/global/en/1.html",
        "http://127.0.0.1:9000/global/en/1.html",
        "http://sjfzxm.com.example.org/a",
        "http://not91se91.com/a",
    ],
)
def test_canonical_url_leaves_unrelated_hosts(url):
    assert canonical_url(url, ALIASES) == url


def test_canonical_url_wildcard_does_not_match_bare_domain():
    assert canonical_url("http://sjfzxm.com/a", {"*.sjfzxm.com": SITE}) == "http://sjfzxm.com/a"


def test_canonical_url_alias_without_scheme_keeps_scheme():
    assert canonical_url("https://91se91.com/a", {"91se91.com": "www.sjfzxm.com"}) == (
        "https://www.sjfzxm.com/a"
    )


def test_canonical_url_mirror_with_tracking_and_fragment():
    url = "https://www.91se91.com/global/en/1.html?utm_source=feed#top"
    assert canonical_url(url, {"*.91se91.com": SITE}) == "http://www.sjfzxm.com/global/en/1.html"
