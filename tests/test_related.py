"""Related links on generic pages: pages.related and generic ArticlePage.related (issue 15)."""

from __future__ import annotations

from textile_news.items import RelatedLink
from textile_news.pages.generic import ArticlePage
from textile_news.tools.extract import extract_article

URL = "https://news.example.com/2024/03/05/cotton.html"


def page(body: str, url: str = URL, head: str = "") -> ArticlePage:
    return ArticlePage(
        url, f"<html><head>{head}<title>Cotton</title></head><body>{body}</body></html>"
    )


def related(body: str, url: str = URL, head: str = "") -> list[RelatedLink]:
    return page(body, url, head).related()


ARTICLE = "<article><h1>Cotton</h1><p>Cotton prices rose again this week in Asia.</p></article>"


def test_chinese_heading_and_list_with_dates():
    body = (
        ARTICLE + "<div class='box'><h3>相关阅读：</h3><ul>"
        "<li><a href='/a/1.html'>棉价 上涨</a><span>2024-03-01</span></li>"
        "<li><a href='a/2.html' title='纱线'></a></li>"
        "<li><a href='/a/3.html'>坯布</a> 2024年3月2日</li></ul></div>"
    )
    assert related(body) == [
        RelatedLink("https://news.example.com/a/1.html", "棉价 上涨", published_at="2024-03-01"),
        RelatedLink("https://news.example.com/2024/03/05/a/2.html", "纱线"),
        RelatedLink("https://news.example.com/a/3.html", "坯布", published_at="2024年3月2日"),
    ]


def test_english_heading_in_a_container_with_the_list():
    body = (
        ARTICLE + "<section><h3>Related articles</h3><div><ul>"
        "<li><a href='https://other.example.org/yarn'>Yarn  output\n falls</a>"
        " <time>March 4, 2024</time></li></ul></div></section>"
    )
    assert related(body) == [
        RelatedLink("https://other.example.org/yarn", "Yarn output falls", None, "March 4, 2024")
    ]


def test_related_class_container_and_base_href():
    body = (
        ARTICLE + "<div class='jp-relatedposts'><h4>More</h4>"
        "<a href='/x.html'><img src='x.jpg'></a><a href='/x.html'>Dyes</a>"
        "<a href='/y.html#top'>Looms</a></div>"
    )
    assert related(body, head="<base href='https://cdn.example.com/'>") == [
        RelatedLink("https://cdn.example.com/x.html", "Dyes"),
        RelatedLink("https://cdn.example.com/y.html", "Looms"),
    ]


def test_camel_case_id_and_rel_related():
    body = (
        ARTICLE + "<div id='relatedArticles'><a href='/p.html'>Polyester</a></div>"
        "<p><a rel='related' href='/q.html'>Quotas</a></p>"
        "<div class='unrelated'><a href='/u.html'>Unrelated</a></div>"
    )
    assert related(body) == [
        RelatedLink("https://news.example.com/p.html", "Polyester"),
        RelatedLink("https://news.example.com/q.html", "Quotas"),
    ]


def test_self_links_duplicates_pictures_and_non_links_are_left_out():
    body = (
        ARTICLE + "<ul class='related-posts'>"
        "<li><a href='/2024/03/05/cotton.html#comments'>This article</a></li>"
        "<li><a href='#'>Top</a></li><li><a href='javascript:void(0)'>Print</a></li>"
        "<li><a href='mailto:desk@example.com'>Mail us</a></li>"
        "<li><a href='/'></a></li><li><a href='/category/news/'></a></li>"
        "<li><a href='/b.html'>Wool</a></li><li><a href='/b.html'>Wool again</a></li>"
        "<li><a href='/img/loom.JPG'>Loom photo</a></li>"
        "<li><a href='/q/7'>23</a> <a href='/q/7'>Which loom?</a></li>"
        "</ul>"
    )
    assert related(body) == [
        RelatedLink("https://news.example.com/b.html", "Wool"),
        RelatedLink("https://news.example.com/q/7", "Which loom?"),
    ]


def test_nav_footer_and_ad_blocks_are_never_read():
    # an ad box stays an ad even when its class also says related ("related-ads")
    body = (
        "<nav><h3>Related</h3><ul><li><a href='/n.html'>Nav</a></li></ul></nav>"
        + ARTICLE
        + "<div class='ad related-ads'><a href='/ad.html'>Buy looms</a></div>"
        "<div class='share-related'><a href='/s.html'>Share</a></div>"
        "<div class='sidebar'><div class='adBox'><h4>Related</h4>"
        "<ul><li><a href='/ad2.html'>Sponsored</a></li></ul></div></div>"
        "<footer><ul class='menu'><li><a href='/related'>Related</a></li></ul>"
        "<div class='related'><a href='/f.html'>Footer story</a></div></footer>"
    )
    assert related(body) == []


def test_a_link_reading_related_is_no_label():
    body = (
        ARTICLE
        + "<p><a href='/more.html'>Read more</a></p><ul><li><a href='/z.html'>Z</a></li></ul>"
    )
    assert related(body) == []


def test_a_page_without_a_block_has_none():
    assert related(ARTICLE + "<ul><li><a href='/other.html'>Other</a></li></ul>") == []


def test_at_most_twenty_links():
    items = "".join(f"<li><a href='/n{i}.html'>N{i}</a></li>" for i in range(30))
    found = related(ARTICLE + f"<ul class='related'>{items}</ul>")
    assert [link.url for link in found] == [
        f"https://news.example.com/n{i}.html" for i in range(20)
    ]


def test_same_links_before_and_after_the_body_is_extracted():
    # body() drops scripts, styles and SVG from the tree that related() reads
    body = (
        "<article><h1>Cotton</h1>"
        + "<p>Cotton prices rose again this week in Asia, traders said on Tuesday.</p>" * 5
        + "</article><div class='related'><ul>"
        "<li><a href='/a.html'><svg><title>icon</title></svg>Jute<script>x=1</script></a>"
        "<style>li{}</style> 2024-03-01</li></ul></div>"
    )
    first = page(body)
    before = first.related()
    second = page(body)
    assert second.body()
    assert (
        second.related()
        == before
        == [RelatedLink("https://news.example.com/a.html", "Jute", published_at="2024-03-01")]
    )


def test_extract_article_gives_related_as_dicts():
    body = (
        "<article><h1>Cotton prices rise</h1>"
        + "<p>Cotton prices rose again this week in Asia, traders said on Tuesday.</p>" * 5
        + "</article><aside><h2>相关新闻</h2><ul>"
        "<li><a href='/news/2.html'>Yarn exports grow</a> 2024-03-01</li></ul></aside>"
    )
    html = f"<html><head><title>Cotton prices rise</title></head><body>{body}</body></html>"
    found = extract_article(html, URL)
    assert found["related"] == [
        {
            "url": "https://news.example.com/news/2.html",
            "title": "Yarn exports grow",
            "category": None,
            "published_at": "2024-03-01",
        }
    ]
