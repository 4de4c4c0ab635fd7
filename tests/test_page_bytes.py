"""Page objects given bytes decode them as a crawl would: by the charset the page declares,
not as UTF-8 (issue 14, "a trap": GBK bytes came out as mojibake)."""

from __future__ import annotations

import pytest

from textile_news.pages import base, cntac_org_cn, generic, texindex_com_cn

URL = "http://www.cntac.org.cn/zixun/hangye/202001/t20200116_4101234.html"
TITLE = "2019年纺织行业经济运行总体平稳 出口结构持续优化"
PARAGRAPHS = (
    "2019年，面对国内外风险挑战明显上升的复杂局面，纺织行业坚持稳中求进工作总基调，"
    "积极推进结构调整和转型升级，行业经济运行总体保持平稳。",
    "从生产情况看，规模以上纺织企业工业增加值同比增长2.4%，化纤、家纺和产业用纺织品等"
    "行业生产增速高于全行业平均水平。主要产品中，化学纤维产量增长较快，服装产量小幅下降。",
    "从出口情况看，全年纺织品服装出口总额保持基本稳定，其中纺织品出口小幅增长，"
    "对“一带一路”沿线国家出口占比继续提高，出口市场结构进一步优化。",
)
DECLARATIONS = {
    "meta-charset-gbk": ('<meta charset="gbk">', "gbk"),
    "http-equiv-gb2312": (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "gb2312",
    ),
}


def page_bytes(declaration: str, codec: str) -> bytes:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        f"<!DOCTYPE html>\n<html>\n<head>\n{declaration}\n<title>{TITLE}</title>\n</head>\n"
        f'<body>\n<div class="detail">\n<h1>{TITLE}</h1>\n'
        '<div class="info">文章来源: 发布时间:2020-01-16</div>\n'
        f'<div class="content">\n{paragraphs}\n</div>\n</div>\n</body>\n</html>\n'
    )
    body = html.encode(codec)
    assert TITLE.encode("utf-8") not in body  # the bytes are not UTF-8's
    return body


@pytest.mark.parametrize("declared", DECLARATIONS.values(), ids=DECLARATIONS)
@pytest.mark.parametrize(
    "page_class", [generic.ArticlePage, cntac_org_cn.ArticlePage], ids=["generic", "cntac_org_cn"]
)
def test_gbk_bytes_give_the_chinese_title_and_body(page_class, declared):
    page = page_class(URL, page_bytes(*declared))
    assert page.title() == TITLE
    assert page.body() == "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("declared", DECLARATIONS.values(), ids=DECLARATIONS)
def test_gbk_bytes_decode_as_their_text_does(declared):
    body = page_bytes(*declared)
    text = body.decode("gb18030")
    assert base.Page(URL, body).css("h1::text").get() == TITLE
    assert base.Page(URL, body).selector.get() == base.Page(URL, text).selector.get()


@pytest.mark.parametrize("module", [cntac_org_cn, texindex_com_cn])
def test_site_pages_read_gbk_bytes_like_their_text(module):
    body = page_bytes(*DECLARATIONS["http-equiv-gb2312"])
    from_bytes = module.ArticlePage(URL, body).to_item()
    assert from_bytes == module.ArticlePage(URL, body.decode("gb18030")).to_item()
    assert TITLE in (from_bytes.title or "")


def test_utf8_bytes_without_a_declaration_stay_utf8():
    raw = f"<html><body><h1>{TITLE}</h1><p>{PARAGRAPHS[0]}</p></body></html>".encode()
    assert generic.ArticlePage(URL, raw).to_item().title == TITLE
