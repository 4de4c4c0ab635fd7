"""The zone of a page's naive times on a site that states none: inferred from the page.

Only facts that name one zone: a country domain of a country with one zone (``.de`` is
Germany's, all of it on Europe/Berlin's clock; ``.us`` or ``.ru`` span several and say
nothing), then the page's language where all of its places keep one clock: Chinese is
written in mainland China, Taiwan, Hong Kong, Macau, Singapore and Malaysia, all on UTC+8
all year (no daylight saving), so ``zh`` is Asia/Shanghai's offset whichever it is; Japanese
and Korean are one country's each; German's countries (Germany, Austria, Switzerland, and
Luxembourg, Liechtenstein) share one set of rules. The country domain comes first: a
Chinese page on a ``.tw`` host is Taipei's. An offset printed elsewhere on the page beats
both, and is read by the page object (``pages.generic``), not here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# country-code top-level domain -> the one zone of its country
COUNTRY_ZONES: dict[str, str] = {
    "cn": "Asia/Shanghai",
    "hk": "Asia/Hong_Kong",
    "mo": "Asia/Macau",
    "tw": "Asia/Taipei",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "sg": "Asia/Singapore",
    "in": "Asia/Kolkata",
    "pk": "Asia/Karachi",
    "bd": "Asia/Dhaka",
    "vn": "Asia/Ho_Chi_Minh",
    "th": "Asia/Bangkok",
    "il": "Asia/Jerusalem",
    "tr": "Europe/Istanbul",
    "de": "Europe/Berlin",
    "at": "Europe/Vienna",
    "ch": "Europe/Zurich",
    "fr": "Europe/Paris",
    "it": "Europe/Rome",
    "nl": "Europe/Amsterdam",
    "be": "Europe/Brussels",
    "lu": "Europe/Luxembourg",
    "pl": "Europe/Warsaw",
    "cz": "Europe/Prague",
    "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest",
    "si": "Europe/Ljubljana",
    "hr": "Europe/Zagreb",
    "se": "Europe/Stockholm",
    "no": "Europe/Oslo",
    "dk": "Europe/Copenhagen",
    "fi": "Europe/Helsinki",
    "ee": "Europe/Tallinn",
    "lv": "Europe/Riga",
    "lt": "Europe/Vilnius",
    "ro": "Europe/Bucharest",
    "bg": "Europe/Sofia",
    "gr": "Europe/Athens",
    "uk": "Europe/London",
    "ie": "Europe/Dublin",
    "eg": "Africa/Cairo",
    "za": "Africa/Johannesburg",
}
# language (ISO 639-1) -> the zone of every place that writes it
LANGUAGE_ZONES: dict[str, str] = {
    "zh": "Asia/Shanghai",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "de": "Europe/Berlin",
}


def page_zone(url: str | None, language: str | None) -> str | None:
    """The zone a page's naive times are in, from its host's country and its language; None
    when neither names one."""
    host = urlsplit(url).hostname if url else None
    if host and (zone := COUNTRY_ZONES.get(host.rsplit(".", 1)[-1])):
        return zone
    return LANGUAGE_ZONES.get((language or "").split("-")[0].lower())
