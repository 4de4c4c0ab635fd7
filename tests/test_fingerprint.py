"""SimHash fingerprints of article text (textile_news.text.fingerprint)."""

from __future__ import annotations

import pytest

from textile_news.text.fingerprint import bands, distance, shingles, simhash, to_signed

WOOL = (
    "China Wool Association Holds Seminar On Fine Wool Standards\n\n"
    "The China Wool Association recently held a seminar on fine wool standards, bringing "
    "together representatives of wool growers, traders, spinners and testing laboratories from "
    "across the country. Participants discussed the grading of fibre diameter, the measurement "
    "of staple length and the labelling of blended yarns. The association said the revised "
    "standard would be submitted for approval later this year and that pilot testing would "
    "start in Inner Mongolia and Xinjiang."
)
# the same story on a second site: other spelling and punctuation, its own editor line
WOOL_COPY = WOOL.replace("Inner Mongolia", "Inner-Mongolia").upper() + " Editor: Li."
# an edited copy: a short text moves further than a long one (5 bits for 4 new words in 75)
WOOL_EDITED = WOOL.replace("recently held", "held") + "\n\nSource: China Textile News."
COTTON = (
    "Cotton Prices Fall As Mills Cut Output\n\n"
    "Cotton futures in Zhengzhou fell for a third day as spinning mills in Jiangsu and "
    "Zhejiang cut output amid weak export orders. Traders expect the state reserve to hold "
    "auctions in the summer, while importers wait for clearer signals on tariffs and freight."
)
ALLIANCE = (
    "山西纺织产业创新联盟筹备会在太原召开\n\n"
    "9月7日，山西纺织产业创新联盟筹备会在太原召开。来自全省纺织服装企业、高校和科研院所的代表参加"
    "会议，共同商讨联盟章程、组织架构和下一步工作计划。会议提出，联盟将围绕丝、麻、毛等特色资源，"
    "在大纺织的理念下推动产业链上下游协同创新，计划于9月24日召开联盟成立大会。"
)
ALLIANCE_COPY = ALLIANCE.replace("共同商讨", "商讨") + "（来源：中国纺织网）"
FUTURES = (
    "郑棉期货连续三日下跌\n\n"
    "受出口订单疲软影响，江苏、浙江等地纺纱企业减产，郑州商品交易所棉花期货连续第三个交易日下跌。"
    "贸易商预计国家储备棉将在夏季进行轮出，进口商则在等待关税和运费方面更明确的信号。"
)


def test_simhash_exact_values():
    # pinned: archived fingerprints must stay comparable with new ones across releases
    assert simhash("Cotton prices rise") == -7070739770114524365
    assert simhash("棉") == -8278679697797627336
    assert simhash(WOOL) == simhash(WOOL)


def test_simhash_of_text_without_words_is_zero():
    assert simhash("") == simhash("!!! …") == 0


def test_simhash_ignores_case_whitespace_and_punctuation():
    assert simhash("Cotton  prices, RISE!") == simhash("cotton prices rise")


def test_shingles_words_in_threes_chinese_characters_in_twos():
    assert sorted(shingles("Cotton prices rise in Shengze")) == [
        "cotton prices rise",
        "prices rise in",
        "rise in shengze",
    ]
    assert sorted(shingles("郑棉期货下跌")) == ["下跌", "期货", "棉期", "货下", "郑棉"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (WOOL, WOOL_COPY, 1),
        (WOOL, WOOL_EDITED, 5),
        (ALLIANCE, ALLIANCE_COPY, 3),
        (WOOL, COTTON, 38),
        (ALLIANCE, FUTURES, 32),
        (WOOL, ALLIANCE, 26),
    ],
    ids=["en-copy", "en-edited", "zh-copy", "en-unrelated", "zh-unrelated", "en-zh"],
)
def test_distance_near_duplicates_and_unrelated(a, b, expected):
    assert distance(simhash(a), simhash(b)) == expected


def test_signed_values_and_bands():
    assert to_signed(2**64 - 1) == -1
    assert to_signed(5) == 5
    assert distance(-1, 0) == 64
    assert bands(-1) == (0xFFFF,) * 4
    assert bands(0x0004_0003_0002_0001) == (1, 2, 3, 4)


def test_three_bits_apart_share_a_band():
    value = simhash(WOOL)
    near = value ^ (1 << 3) ^ (1 << 20) ^ (1 << 40)
    assert distance(value, near) == 3
    assert sum(x == y for x, y in zip(bands(value), bands(near), strict=True)) == 1
