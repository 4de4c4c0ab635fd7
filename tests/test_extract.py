"""One-page extraction: extract_article, `textile-news extract` and `textile-news check-site`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from textile_news.cli import cli
from textile_news.demo.server import Reply, replica_site, serving
from textile_news.text.content import decode
from textile_news.tools.extract import extract_article, site_for_url

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
REFERENCE = FIXTURES / "sjfzxm_com" / "article-576416-reference"
REFERENCE_URL = "http://www.sjfzxm.com/global/en/576416.html"
TEXINDEX = FIXTURES / "texindex_com_cn" / "article-2020-1-8"
TEXINDEX_URL = "http://www.texindex.com.cn/Articles/2020-1-8/471253.html"
GENERIC = FIXTURES / "generic" / "jsonld-only"
# Pages of the replica test site that a crawl rejects, and what `extract` prints for them
# (checked by hand against tests/site/sjfzxm_com/README.md)
BAD_PAGES = Path(__file__).parent / "site" / "sjfzxm_com" / "global" / "en"
BAD_OUTPUT = Path(__file__).parent / "fixtures" / "extract"
BAD_CASES = [("900001", "no-title"), ("900002", "bad-date")]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def expected(case: Path) -> dict:
    return json.loads((case / "output.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def replica():
    with serving(replica_site()) as url:
        yield url


class NoBodySite:
    """The reference article without its text, at /global/en/576416.html."""

    def get(self, path: str) -> Reply | None:
        if path != "/global/en/576416.html":
            return None
        html = (REFERENCE / "page.html").read_text(encoding="utf-8")
        html = html.replace('<div class="content" id="content">', '<div class="moved">')
        return Reply(200, "text/html; charset=utf-8", html.encode("utf-8"))


def test_extract_reference_article_equals_its_fixture():
    found = extract_article((REFERENCE / "page.html").read_bytes(), REFERENCE_URL)
    encoding = {"declared": "utf-8", "detected": "utf-8"}
    assert found == {**expected(REFERENCE), "encoding": encoding}


def test_extract_text_reports_declared_encoding_only():
    found = extract_article((REFERENCE / "page.html").read_text(encoding="utf-8"), REFERENCE_URL)
    assert found["encoding"] == {"declared": "utf-8", "detected": None}
    assert found["title"] == expected(REFERENCE)["title"]


def test_extract_mirror_host_is_filed_under_the_site():
    found = extract_article(
        (REFERENCE / "page.html").read_bytes(), "https://www.91se91.com/global/en/576416.html"
    )
    assert found["site"] == "sjfzxm_com"
    assert found["url"] == REFERENCE_URL


def test_extract_unknown_site_uses_generic_extraction():
    meta = json.loads((GENERIC / "meta.json").read_text())
    assert site_for_url(meta["url"]) is None
    found = extract_article((GENERIC / "page.html").read_bytes(), meta["url"])
    assert found.pop("encoding")["detected"] == "utf-8"
    assert found == expected(GENERIC)
    assert found["site"] == "generic"


def test_extract_without_url_is_generic():
    found = extract_article((REFERENCE / "page.html").read_bytes())
    assert found["site"] == "generic"
    assert found["title"] == expected(REFERENCE)["title"]
    # no site, and nothing on the page names a zone: the time as written (issue 15)
    assert found["published_at"] == "2020-09-09T23:17:00"
    assert (found["date_precision"], found["zone_source"]) == ("second", None)


def test_extract_gbk_bytes_decode_by_declared_charset():
    found = extract_article((TEXINDEX / "page.html").read_bytes(), TEXINDEX_URL)
    assert found.pop("encoding") == {"declared": "gb2312", "detected": "gb18030"}
    assert found == expected(TEXINDEX)
    assert found["title"] == "春节前纯棉纱市场交投趋淡 纺企备货基本结束"


def test_decode_gbk_labelled_utf8_by_what_fits():
    body = (TEXINDEX / "page.html").read_bytes()
    decoded = decode(body, "text/html; charset=UTF-8")
    assert decoded.declared == "utf-8"
    assert decoded.detected == "gb18030"
    assert "纯棉纱" in decoded.text


def test_cli_extract_saved_file(tmp_path):
    result = invoke("extract", str(REFERENCE / "page.html"), "--url", REFERENCE_URL)
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found == {**expected(REFERENCE), "encoding": {"declared": "utf-8", "detected": "utf-8"}}
    assert "Shanxi" in result.output
    gbk = invoke("extract", str(TEXINDEX / "page.html"), "--url", TEXINDEX_URL)
    assert "春节前纯棉纱市场交投趋淡" in gbk.output  # ensure_ascii=False
    assert gbk.output.startswith('{\n  "url": ')  # indent 2


def test_cli_extract_good_page_output_is_unchanged_byte_for_byte():
    """No ``rejected`` key, and the keys, order and layout of before issue 14."""
    result = invoke("extract", str(REFERENCE / "page.html"), "--url", REFERENCE_URL)
    encoding = {"declared": "utf-8", "detected": "utf-8"}
    item = {**expected(REFERENCE), "encoding": encoding}
    assert result.output == json.dumps(item, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(("page", "case"), BAD_CASES, ids=[c for _, c in BAD_CASES])
def test_extract_says_what_a_crawl_would_reject_and_why(page, case):
    """The item as extracted and normalised, then ``rejected``: the crawl's stage, reason
    and detail (test_item_path.py checks them against a real crawl's rejects)."""
    url = f"http://www.sjfzxm.com/global/en/{page}.html"
    want = (BAD_OUTPUT / f"sjfzxm_com-{page}-{case}.json").read_text(encoding="utf-8")
    assert extract_article((BAD_PAGES / f"{page}.html").read_bytes(), url) == json.loads(want)
    result = invoke("extract", str(BAD_PAGES / f"{page}.html"), "--url", url)
    # the item as before, and a crawl's verdict in the exit status (issue 16)
    assert result.exit_code == 1
    assert result.stdout == want
    reason = json.loads(want)["rejected"]["reason"]
    assert result.stderr == f"rejected: {reason} (stage validate)\n"


def test_cli_extract_missing_file_is_one_line_error(tmp_path):
    result = invoke("extract", str(tmp_path / "nope.html"))
    assert result.exit_code == 1
    assert (
        result.output == f"Error: cannot read {tmp_path / 'nope.html'}: No such file or directory\n"
    )


def test_cli_extract_bad_url_option_is_usage_error():
    result = invoke("extract", str(REFERENCE / "page.html"), "--url", "www.sjfzxm.com/x")
    assert result.exit_code == 2


def test_cli_extract_live_url(replica):
    page = replica + "global/en/576416.html"
    generic = json.loads(invoke("extract", page).output)
    assert generic["site"] == "generic"
    assert generic["url"] == page
    result = invoke("extract", page, "--url", REFERENCE_URL)
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert found["site"] == "sjfzxm_com"
    assert found["url"] == REFERENCE_URL
    assert found["title"] == expected(REFERENCE)["title"]
    assert found["published_at"] == "2020-09-09T23:17:00+08:00"
    assert found["fetched_at"] is None
    assert found["encoding"] == {"declared": "utf-8", "detected": "utf-8"}


def test_cli_extract_live_url_errors(replica):
    result = invoke("extract", replica + "global/en/1.html")
    assert result.exit_code == 1
    assert result.output == f"Error: cannot fetch {replica}global/en/1.html: HTTP 404 Not Found\n"
    with serving(replica_site()) as gone:
        pass  # the port is free again: nothing listens there
    refused = invoke("extract", gone)
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: cannot fetch {gone}: ")
    assert len(refused.output.splitlines()) == 1


def test_cli_check_site_on_replica(replica):
    result = invoke("check-site", "sjfzxm_com", "--start-url", replica + "global/en/list/1.html")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"listing:    {replica}global/en/list/1.html"
    assert lines[1] == "entries:    10"
    assert lines[2] == f"next page:  {replica}global/en/list/2.html"
    assert lines[3].startswith(f"article:    {replica}global/en/")
    table = dict(line.split(None, 1) for line in lines[5:])
    assert table["url"].startswith("http://www.sjfzxm.com/global/en/")
    assert table["published_at"].endswith("+08:00")
    assert len(table["body"]) <= 60
    for field in ("title", "published_at", "date_source", "source", "author", "body", "next"):
        assert table[field] != "EMPTY", field


def test_cli_check_site_article_url_skips_listing(replica):
    result = invoke("check-site", "sjfzxm_com", replica + "global/en/576416.html")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"article:    {replica}global/en/576416.html\n")
    assert "entries:" not in result.output
    assert "url           http://www.sjfzxm.com/global/en/576416.html\n" in result.output


def test_cli_check_site_missing_body_exits_1():
    with serving(NoBodySite()) as base:
        result = invoke("check-site", "sjfzxm_com", base + "global/en/576416.html")
    assert result.exit_code == 1
    assert "\nbody          EMPTY\n" in result.output
    assert "\ntitle         Shanxi Textile" in result.output
    assert result.output.endswith("Error: required fields EMPTY: body\n")


def test_cli_check_site_empty_listing_and_fetch_failure(replica):
    empty = invoke("check-site", "sjfzxm_com", replica + "robots.txt")
    assert empty.exit_code == 1
    assert "entries:    0" in empty.output
    missing = invoke("check-site", "sjfzxm_com", "--start-url", replica + "global/en/list/99.html")
    assert missing.exit_code == 1
    assert missing.output.endswith("HTTP 404 Not Found\n")


def test_cli_check_site_unknown_site_is_usage_error():
    result = invoke("check-site", "example_com")
    assert result.exit_code == 2
    assert "unknown site 'example_com'" in result.output


@pytest.mark.parametrize("command", ["extract", "check-site"])
def test_commands_have_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert f"check-site {command}" in result.output or f" {command} [OPTIONS]" in result.output


def test_cli_extract_prints_authors_and_editors_apart(tmp_path):
    """A page of a site without a profile: its credit lines give author and editor, its
    来源 the source, its <title> the headline without the site's name (issue 15)."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>棉纱价格上涨_纺织新闻_纺织在线网</title></head>"
        "<body><h2>棉纱价格上涨</h2><p>2020-03-05 10:20 来源：中国纺织报</p>"
        "<p>纺织报讯（记者 李四）本周国内棉纱价格连续上涨，多家纺纱厂表示订单已排到下月。</p>"
        "<p>责任编辑：钱七</p></body></html>",
        encoding="utf-8",
    )
    result = invoke("extract", str(page), "--url", "https://www.fangzhi.example/news/1.html")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert [found[k] for k in ("title", "source", "author", "editor")] == [
        "棉纱价格上涨",
        "中国纺织报",
        "李四",
        "钱七",
    ]
    assert list(found).index("editor") == list(found).index("author") + 1


ZH_NAMED = FIXTURES / "sjfzxm_com" / "zh-article-207507-named-source"
TEXTILEWORLD = FIXTURES / "textileworld_com" / "article-dateline-2025-02"


def fixture_url(case: Path) -> str:
    return json.loads((case / "meta.json").read_text(encoding="utf-8"))["url"]


def test_cli_extract_format_text_is_the_reader_view():
    """Issue 15, item 7: the article as render_text shows the item the JSON holds."""
    from textile_news.tools.reader import render_text

    args = [str(ZH_NAMED / "page.html"), "--url", fixture_url(ZH_NAMED)]
    result = invoke("extract", *args, "--format", "text")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == render_text(json.loads(invoke("extract", *args).stdout))
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "绍兴纺织企业加快转型升级步伐",
        "2011-01-06 09:12:33 +08:00 · sjfzxm_com · source: 中国纺织报 · by 王丽",
    ]
    assert lines[-1] == f"URL: {fixture_url(ZH_NAMED)}"


def test_cli_extract_reads_stdin():
    page = (TEXINDEX / "page.html").read_bytes()  # GBK: the bytes, not text, are read
    result = CliRunner().invoke(cli, ["extract", "-", "--url", TEXINDEX_URL], input=page)
    assert result.exit_code == 0
    assert (
        result.stdout
        == invoke("extract", str(TEXINDEX / "page.html"), "--url", TEXINDEX_URL).stdout
    )
    assert json.loads(result.stdout)["title"] == "春节前纯棉纱市场交投趋淡 纺企备货基本结束"


def test_cli_extract_without_url_is_null_not_a_slash():
    """Issue 16: a saved page that states no address of its own has none."""
    result = invoke("extract", str(REFERENCE / "page.html"))
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["url"] is None
    assert "rejected" not in found
    text = invoke("extract", str(REFERENCE / "page.html"), "--format", "text")
    assert text.stdout.endswith("\nURL: (none given)\n")


def test_cli_extract_without_url_takes_the_canonical_url_the_page_states():
    result = invoke("extract", str(TEXTILEWORLD / "page.html"))
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["url"] == fixture_url(TEXTILEWORLD)
    assert found["site"] == "textileworld_com"  # the address selects the site, as --url does
    assert found == json.loads(
        invoke(
            "extract", str(TEXTILEWORLD / "page.html"), "--url", fixture_url(TEXTILEWORLD)
        ).stdout
    )


def test_cli_extract_rejected_page_in_text_exits_1_with_the_reason():
    url = "http://www.sjfzxm.com/global/en/900001.html"
    result = invoke("extract", str(BAD_PAGES / "900001.html"), "--url", url, "--format", "text")
    assert result.exit_code == 1
    assert result.stderr == "rejected: no title (stage validate)\n"
    assert result.stdout.startswith(
        "(no title)\n2020-09-09 23:17:00 +08:00 · sjfzxm_com · "
        "source: World Clothing, Shoes & Hats Net · by Liang Junwei\n\n"
        "The preparatory meeting of Shanxi Textile Industry Innovation Alliance was\n"
    )


def test_cli_extract_empty_stdin_is_rejected_not_a_crash():
    result = CliRunner().invoke(cli, ["extract", "-"], input=b"")
    assert result.exit_code == 1
    assert result.stderr == "rejected: no title (stage validate)\n"
    assert json.loads(result.stdout)["url"] is None


def test_cli_extract_format_is_checked():
    result = invoke("extract", str(REFERENCE / "page.html"), "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'json', 'text'" in result.stderr
