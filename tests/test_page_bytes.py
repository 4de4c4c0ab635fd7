"""Page objects given bytes decode them as a crawl would (issue 14): the charset the page
declares, checked against its bytes, not lxml's UTF-8 whatever the page says."""

from __future__ import annotations

import pytest

from textile_news.pages import cntac_org_cn, generic, texindex_com_cn

TITLE = "纺织行业转型升级取得新进展"
BODY = "中国纺织工业联合会发布报告，纺织品出口保持增长，棉纺织企业加快数字化转型。"
MORE = "报告指出，化纤行业产能利用率回升，印染企业的绿色改造也在推进之中。"
DECLARATIONS = {
    "meta charset": '<meta charset="gbk">',
    "http-equiv gb2312": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
}


def page(declaration: str) -> bytes:
    html = (
        f"<html><head>{declaration}<title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1><p>{BODY}</p><p>{MORE}</p></article></body></html>"
    )
    return html.encode("gbk")


@pytest.mark.parametrize("declaration", DECLARATIONS.values(), ids=DECLARATIONS)
def test_generic_page_reads_gbk_bytes(declaration):
    item = generic.ArticlePage("http://example.cn/a.html", page(declaration)).to_item()
    assert item.title == TITLE
    assert item.body == f"{BODY}\n\n{MORE}"


@pytest.mark.parametrize("module", [cntac_org_cn, texindex_com_cn])
def test_site_pages_read_gbk_bytes_like_their_text(module):
    raw = page(DECLARATIONS["http-equiv gb2312"])
    url = "http://www.example.cn/news/1.html"
    from_bytes = module.ArticlePage(url, raw).to_item()
    from_text = module.ArticlePage(url, raw.decode("gbk")).to_item()
    assert from_bytes == from_text
    assert TITLE in (from_bytes.title or "")


def test_utf8_bytes_without_a_declaration_stay_utf8():
    raw = f"<html><body><h1>{TITLE}</h1><p>{BODY}</p></body></html>".encode()
    assert generic.ArticlePage("http://example.cn/b.html", raw).to_item().title == TITLE
