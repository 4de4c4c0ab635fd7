"""The language of an article whose page declares none (textile_news.text.language)."""

from __future__ import annotations

import pytest

from textile_news.text.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "China Wool Association Holds Seminar\nThe China Wool Association held a seminar "
            "on fine wool standards with growers and traders.",
            "en",
        ),
        ("山西纺织产业创新联盟筹备会在太原召开\n9月7日，筹备会在太原召开。", "zh"),
        ("ITMA ASIA + CITME 2026在上海开幕，展出面积达到18万平方米", "zh"),
        ("繊維業界の最新ニュース：東京で展示会が開催されました。", "ja"),
        ("섬유 산업 뉴스: 서울에서 전시회가 열렸습니다.", "ko"),
        (
            "Die Textilindustrie in Deutschland meldet für das dritte Quartal einen Rückgang "
            "der Aufträge, und die Verbände sehen keine Besserung.",
            "de",
        ),
        (
            "Le salon du textile de Paris ouvre ses portes avec des exposants venus de toute "
            "l'Europe pour présenter les tendances de la saison.",
            "fr",
        ),
        (
            "La industria textil de España registra un aumento de las exportaciones en el "
            "primer trimestre, según los datos del sector.",
            "es",
        ),
        ("ITMA 2026", None),
        ("", None),
        (None, None),
    ],
    ids=["en", "zh", "zh-with-latin", "ja", "ko", "de", "fr", "es", "unsure", "empty", "none"],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected
