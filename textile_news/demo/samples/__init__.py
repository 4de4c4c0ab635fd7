"""The sample articles of the offline demo replica, read from the data files beside this
module: ``en.toml`` (the English edition), ``zh.toml`` (the Chinese edition).

They were written for the demo and are not copies of sjfzxm.com pages; each file's
``note`` says so, and is the last paragraph of each of its articles.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any, TypeVar

from textile_news.demo.render import DemoArticle
from textile_news.demo.render_zh import ChineseArticle

A = TypeVar("A", DemoArticle, ChineseArticle)


def _read(name: str) -> dict[str, Any]:
    # importlib.resources: the files are read from an installed wheel as from a checkout
    return tomllib.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def _articles(kind: type[A], data: dict[str, Any]) -> tuple[A, ...]:
    return tuple(kind(**_fields(entry, data["note"])) for entry in data["article"])


def _fields(entry: dict[str, Any], note: str) -> dict[str, Any]:
    # TOML's arrays are the articles' tuples; the set's note closes every article
    found = {key: tuple(v) if isinstance(v, list) else v for key, v in entry.items()}
    return found | {"paragraphs": (*found["paragraphs"], note)}


_ENGLISH = _read("en.toml")
_CHINESE = _read("zh.toml")

NOTE: str = _ENGLISH["note"]
CHINESE_NOTE: str = _CHINESE["note"]
SAMPLES: tuple[DemoArticle, ...] = _articles(DemoArticle, _ENGLISH)
CHINESE_SAMPLES: tuple[ChineseArticle, ...] = _articles(ChineseArticle, _CHINESE)
