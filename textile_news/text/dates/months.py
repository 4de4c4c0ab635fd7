"""Month names as dates print them, and the number of each: the one table of month words."""

from __future__ import annotations

import re

# English, which parse_date's fast path reads (other languages go to dateparser there)
_ENGLISH = (
    "jan january",
    "feb february",
    "mar march",
    "apr april",
    "may",
    "jun june",
    "jul july",
    "aug august",
    "sep sept september",
    "oct october",
    "nov november",
    "dec december",
)
# German, French, Spanish, Italian, Portuguese, Dutch and Polish (nominative and genitive),
# with their usual abbreviations
_OTHER_LATIN = (
    "januar jänner janv janvier enero gennaio janeiro januari styczeń stycznia ene gen",
    "februar feber février fevrier febrero febbraio fevereiro februari luty lutego"
    " févr fevr fév fev",
    "märz maerz mär mrz mars marzo março maart marzec marca",
    "avril abril aprile kwiecień kwietnia avr abr",
    "mai mayo maggio maio mei maj maja mag",
    "juni juin junio giugno junho czerwiec czerwca giu",
    "juli juillet juil julio luglio julho lipiec lipca lug",
    "août aout agosto augustus sierpień sierpnia ago",
    "septembre septiembre setiembre settembre setembro wrzesień września set",
    "oktober okt octobre octubre ottobre outubro październik października ott out",
    "novembre noviembre novembro listopad listopada",
    "dezember dez déc décembre decembre diciembre dic dicembre dezembro grudzień grudnia",
)
# and Russian and Ukrainian, in the genitive that dates use ("15 августа 2016")
_CYRILLIC = (
    "января січня",
    "февраля лютого",
    "марта березня",
    "апреля квітня",
    "мая травня",
    "июня червня",
    "июля липня",
    "августа серпня",
    "сентября вересня",
    "октября жовтня",
    "ноября листопада",
    "декабря грудня",
)

ENGLISH_MONTHS: dict[str, int] = {
    name: month for month, names in enumerate(_ENGLISH, 1) for name in names.split()
}
# lower-case month word -> 1..12, in every language above
MONTH_NUMBERS: dict[str, int] = {
    name: month
    for words in (
        tuple(f"{en} {other}" for en, other in zip(_ENGLISH, _OTHER_LATIN, strict=True)),
        _CYRILLIC,
    )
    for month, names in enumerate(words, 1)
    for name in names.split()
}
# An English month name, for a pattern compiled with re.IGNORECASE; longest first, so
# that "september" is not read as "sep"
ENGLISH_MONTH = "|".join(sorted(map(re.escape, ENGLISH_MONTHS), key=len, reverse=True))
