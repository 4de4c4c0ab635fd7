"""The Chinese site profiles beyond their fixtures: GBK, source lines, URL shapes, fallbacks."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from tests.pagecases import FIXTURES, extract
from textile_news.crawl.runner import site_names
from textile_news.pages import cntac_org_cn, fzfzjx_com, info_texnet_com_cn, texindex_com_cn
from textile_news.spiders.cntac_org_cn import CntacOrgCnSpider
from textile_news.spiders.fzfzjx_com import FzfzjxComSpider
from textile_news.spiders.info_texnet_com_cn import InfoTexnetComCnSpider
from textile_news.spiders.texindex_com_cn import TexindexComCnSpider

TEXINDEX = FIXTURES / "texindex_com_cn" / "article-2020-1-8"
TEXINDEX_TITLE = "春节前纯棉纱市场交投趋淡 纺企备货基本结束"


def test_the_new_spiders_are_listed():
    assert {"cntac_org_cn", "texindex_com_cn", "info_texnet_com_cn", "fzfzjx_com"} <= set(
        site_names()
    )


def test_texindex_fixture_is_gbk_bytes_and_decodes():
    raw = (TEXINDEX / "page.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert TEXINDEX_TITLE.encode("gbk") in raw
    assert extract(TEXINDEX)["title"] == TEXINDEX_TITLE


def test_texindex_page_decodes_as_scrapy_reads_it():
    """In a crawl Scrapy decodes by the page's meta charset and hands over text."""
    url = "http://www.texindex.com.cn/Articles/2020-1-8/471253.html"
    response = HtmlResponse(url, body=(TEXINDEX / "page.html").read_bytes())
    assert response.encoding in ("gb18030", "gbk", "gb2312")
    page = texindex_com_cn.ArticlePage(response.url, response.text)
    assert (page.title(), page.author(), page.views()) == (TEXINDEX_TITLE, "王丽", 356)


def test_texindex_body_split_by_br_and_header_variants():
    html = (
        '<meta charset="gbk"><table><tr><td class="RightItemBody"><div><h1>标题</h1></div>'
        "<div>来源：纺织服装周刊 2010年5月5日 编辑：李四 点击数: 12</div>"
        '<div id="zoom">第一段。<br>第二段。<br></div></td></tr></table>'
    ).encode("gbk")
    page = texindex_com_cn.ArticlePage("http://www.texindex.com.cn/Articles/2010-5-5/1.html", html)
    assert page.body() == "第一段。\n\n第二段。"
    assert page.published_at() == "2010年5月5日"
    assert (page.source(), page.author(), page.views()) == ("纺织服装周刊", "李四", 12)


def test_texindex_last_listing_page_has_no_next():
    html = '<table><tr><td height="20">共计 3 个页面 当前第3页</td></tr></table>'
    page = texindex_com_cn.ListPage("http://www.texindex.com.cn/news/index3.html", html)
    assert page.next_page_url() is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("(来源:中国棉纺织行业协会)", "中国棉纺织行业协会"),
        ("（来源：中国服装协会）", "中国服装协会"),
        ("( 来源: 纺织服装周刊 )", "纺织服装周刊"),
        ("来源不详的一段正文。", None),
        (None, None),
    ],
)
def test_cntac_source_line(line, source):
    assert cntac_org_cn.source_line(line) == source


def test_cntac_source_falls_back_to_header_then_site_name():
    def page(info: str) -> cntac_org_cn.ArticlePage:
        html = f'<div class="detail"><h1>t</h1><div class="info">{info}</div><p>正文。</p></div>'
        return cntac_org_cn.ArticlePage("http://www.cntac.org.cn/", html)

    assert page("文章来源: 中国纺织报 发布时间:2020-01-16").source() == "中国纺织报"
    assert page("文章来源: 发布时间:2020-01-16").source() == "中国纺织工业联合会"
    assert page("文章来源: 发布时间:2020-01-16").published_at() == "2020-01-16"


def test_cntac_last_listing_page_has_no_next():
    html = '<script>createPageHTML(12, 11, "index", "html");</script>'
    page = cntac_org_cn.ListPage("http://www.cntac.org.cn/zixun/hangye/index_11.html", html)
    assert page.next_page_url() is None


@pytest.mark.parametrize(
    ("header", "source"),
    [
        ("2026-09-11 16:38:13 来源：生意社", "生意社"),
        ("2026-09-11 16:38:13 来源: 中国纺织网 作者：张三", "中国纺织网"),
        ("2026-09-11 16:38:13", None),
    ],
)
def test_texnet_header_source(header, source):
    assert info_texnet_com_cn.header_source(header) == source


def test_texnet_header_as_plain_text():
    html = "<h1>标题</h1><p>2026-09-11 16:38:13 来源：生意社</p>"
    html += '<div class="detail-text"><p>正文</p></div>'
    page = info_texnet_com_cn.ArticlePage("https://info.texnet.com.cn/detail-1.html", html)
    assert (page.published_at(), page.source(), page.body()) == (
        "2026-09-11 16:38:13",
        "生意社",
        "正文",
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [("来源：中国纺织机械协会", "中国纺织机械协会"), ("来源:", None), ("纺织服装机械网", None)],
)
def test_fzfzjx_source_of(text, source):
    assert fzfzjx_com.source_of(text) == source


def test_fzfzjx_empty_source_is_the_site_name():
    html = '<div class="caption"><p>t</p></div><div class="newshow_fontshow"><p>正文</p></div>'
    html += '<p class="ly">来源：</p>'
    page = fzfzjx_com.ArticlePage("http://www.fzfzjx.com/news/1.html", html)
    assert (page.source(), page.body()) == ("纺织服装机械网", "正文")


@pytest.mark.parametrize(
    ("spider", "url", "is_article"),
    [
        (CntacOrgCnSpider, "http://www.cntac.org.cn/zixun/hangye/202001/t20200116_4101234.html", 1),
        (CntacOrgCnSpider, "http://www.cntac.org.cn/zixun/guoji/201912/t20191230_1.html?a=1", 1),
        (CntacOrgCnSpider, "http://www.cntac.org.cn/zixun/hangye/", 0),
        (CntacOrgCnSpider, "http://www.cntac.org.cn/zixun/hangye/index_1.html", 0),
        (TexindexComCnSpider, "http://www.texindex.com.cn/Articles/2019-9-17/470001.html", 1),
        (TexindexComCnSpider, "http://www.texindex.com.cn/news/index2.html", 0),
        (TexindexComCnSpider, "http://www.texindex.com/News/Detail/7638_1.html", 0),
        (InfoTexnetComCnSpider, "https://info.texnet.com.cn/detail-952871.html", 1),
        (InfoTexnetComCnSpider, "https://info.texnet.com.cn/list-19--1.html", 0),
        (InfoTexnetComCnSpider, "https://info.texnet.com.cn/fz_list-11-4.html", 0),
        (FzfzjxComSpider, "http://www.fzfzjx.com/news/85632.html", 1),
        (FzfzjxComSpider, "http://www.fzfzjx.com/news/t3_p2/", 0),
    ],
)
def test_is_article_url(spider, url, is_article):
    assert spider().is_article_url(url) is bool(is_article)
