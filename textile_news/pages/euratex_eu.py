"""euratex.eu (EURATEX, the European Apparel and Textile Confederation): WordPress news,
dated by a dateline in the text."""

from __future__ import annotations

import re

from textile_news.pages import wordpress

# "Brussels, 15 September 2020 – EURATEX welcomes ..." (shared/SITES.md)
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]{1,40}, (\d{1,2} [A-Z][a-z]+ \d{4})\s*[—–-]")


class ArticlePage(wordpress.ArticlePage):
    """News article, e.g. https://euratex.eu/news/euratex-calls-for-a-recovery-plan/"""

    site = "euratex_eu"
    source_name = "EURATEX"
    dateline = DATELINE
