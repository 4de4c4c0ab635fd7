"""Lines of a page's furniture that a main-text extractor keeps: which a reader skips.

trafilatura keeps what sits in the article's container; publishers put more there than the
article: pointers to other pages ("Read also: …", "相关阅读"), photo credits and copyright
lines, disclaimers ("免责声明：…", "本文仅代表作者本人观点"), calls to follow an account or
install an app ("扫描二维码关注…", "下载客户端"), the breadcrumb ("当前位置：首页 > …"), the
print and close buttons ("【打印本页】【关闭窗口】") and a date or origin line that the
metadata already holds ("发布日期：2019-03-06"). Each rule below is wording, in the
languages the archive meets; a line is furniture only when it is short, as a sentence of an
article that uses the same words is long.

>>> is_furniture("【打印本页】【关闭窗口】")
True
>>> is_furniture("Cotton prices rose 3% in March.")
False
"""

from __future__ import annotations

import re

# Lines that point away from the article ("Read also: ...", "Lesen Sie auch", "Czytaj też").
SEE_ALSO = re.compile(
    r"^\W*(read more|read also|see also|related(?: articles?| stories| posts| content)?"
    r"|more on this(?: story| topic)?|recommended|lesen sie (?:auch|hier|mehr)|mehr zum thema"
    r"|mehr dazu|auch interessant|das könnte sie(?: auch)? interessieren|zum weiterlesen"
    r"|weiterlesen|weitere artikel|weitere themen|passend dazu|à lire aussi|a lire aussi"
    r"|lire aussi|voir aussi|sur le même sujet|vea también|lea también|lee también"
    r"|le puede interesar|te puede interesar|puedes ver|notas relacionadas"
    r"|contenido relacionado|leia também|veja também|czytaj (?:też|także|również|więcej)"
    r"|zobacz (?:też|także|również)|przeczytaj (?:też|także|również)|leggi anche"
    r"|lea(?: más| también)?|lee(?: más)?|mire|mira|auch lesen|schon gelesen|mehr themen"
    r"|weitere beiträge|empfohlene beiträge|más sobre|ver más|lesen sie auch)\b"
    r"\s*(?:[:»|>–?-]|$)"
    r"|^\W*(?:相关阅读|相关新闻|相关文章|相关报道|相关链接|延伸阅读|推荐阅读|猜你喜欢)"
    r"\s*(?:[:：》>】\]]|$)",
    re.IGNORECASE,
)
# Photo credits and copyright lines ("Titelbild: ...", "Crédits photos : ...").
CREDIT = re.compile(
    r"^\W*(copyright|©|titelbild|bildquelle|beitragsbild|foto|fotos|bild|bilder|photo|photos"
    r"|crédits? photos?|credits?|image|quelle|source|fuente)\s*[:|]",
    re.IGNORECASE,
)
# A Chinese site's footer and notices: copyright, licence numbers, disclaimers, the
# breadcrumb, calls to scan a code or install an app, print/close buttons.
_NOTICE_ZH = re.compile(
    r"版权所有|版权归.{0,12}所有|未经.{0,8}(?:授权|许可|同意).{0,6}(?:不得|禁止|严禁)"
    r"|ICP[备证]|公网安备|网安备|网备\d|备案号|主办单位[:：]|承办单位[:：]"
    r"|^[【\[]?免责声明|^[【\[]?声明[】\]:：]"
    r"|(?:本文|本站|本网|网友评论|文章|该机构|以上内容).{0,30}(?:仅代表|不代表|并不表明|不构成)"
    r"|^(?:当前|现在|您的|你的|你现在的|您现在的|您当前)?(?:所在)?位置[:：]|^\W*首页\s*(?:>|»|/|→)\s*\S"
    r"|扫描?.{0,12}二维码|扫一扫|长按.{0,6}识别|(?:下载|安装).{0,10}客户端"
    r"|关注.{0,16}(?:微信|公众号|微博)|^分享到[:：]?"
    r"|^(?:[【\[](?:打印|关闭|收藏|打印本页|关闭窗口|返回顶部|字号|大|中|小|纠错|推荐)[】\]]\s*){2,}"
    r"|^(?:上一篇|下一篇)[:：]"
)
# Other sites' notices inside the article's container: calls to subscribe, sign in,
# follow or comment; copyright and advertising labels; a lone label ("Tags", "Themen").
_NOTICE = re.compile(
    r"^\W*(?:disclaimer\s*:|subscribe\b|sign up\b|never miss\b|already a subscriber"
    r"|to (?:view|read|continue reading) (?:the|this) (?:full|rest|story|article)"
    r"|follow (?:us|[\w .@]{1,40}) on (?:twitter|facebook|instagram|telegram|linkedin|youtube)"
    r"|download (?:the|our) [\w ]{0,30}\bapps?\b|view comments|leave a comment"
    r"|share this(?: article| story| post)?\s*:?$|share on\b|print this"
    r"|síguenos|siguenos|suscríbete|suscribete|hazte miembro|únete\b"
    r"|pour lire la suite|pour accéder|abonnez-vous|inscrivez-vous"
    r"|jetzt abonnieren|newsletter abonnieren|mit unserem newsletter|abonnieren sie"
    r"|teilen(?: sie dies)? mit\b|wird geladen|sie sind (?:aktuell )?nicht eingeloggt"
    r"|zapraszamy (?:też )?do subskrypcji|materiał chroniony prawem"
    r"|(?:anzeige|werbung|advertisement|publicidad|publicité|reklama)\s*(?:$|[-–:|*]))"
    r"|^\W*\*(?:anzeige|werbung)\b"
    r"|^(?:if you (?:enjoyed|liked) (?:reading )?this|this (?:post|article) contains"
    r" (?:affiliate|references to products))"
    r"|\bnewsletter\b.{0,40}\b(?:anmelden|abonnieren|sign up|subscribe)"
    r"|(?:anmelden|abonnieren|sign up for|subscribe to|inscrivez-vous à|suscríbete a)\b.{0,40}"
    r"\bnewsletter"
    r"|all rights reserved|copyrighted property|written permission|affiliate[ -]links?"
    r"|^(?:release date|last (?:modified|updated)|letzte änderung|aktualisiert am"
    r"|veröffentlicht am|stand)\s*:?\s*[\d.,/: -]*$"
    r"|^(?:tags?|categor(?:y|ies)|schlagw(?:ö|oe)rter|schlagworte|themen|temas|kategorien?"
    r"|filed under|posted in|share|teilen|compartir|drucken|inhaltsverzeichnis"
    r"|table of contents|contents|kontakt|contact|标签|关键词|分享)\s*(?:$|:)",
    re.IGNORECASE,
)
# Widgets and pointers of any site: comment counts and rating buttons, "more on the topic"
# headings that end in a colon, next/previous article and most-read boxes, a date or a time
# alone, privacy and cookie notices, and a news agency's or picture library's credit
# ("AFP / Name", "aja/PAP", "Getty Images").
_WIDGET = re.compile(
    r"^(?:keine|no|\d+) (?:kommentare?|comments?)\b|kommentare insgesamt|um kommentare zu"
    r"|^(?:bewerten|rate this(?: article| post)?|artikel bewerten)\s*:?$"
    r"|^(?:weitere|mehr|more|other|further|andere)\b.{0,50}:$"
    r"|^(?:read more|lesen sie (?:auch|mehr)|see also|mehr zum thema)\b.{0,50}:$"
    r"|könnte (?:dich|sie|euch) (?:auch )?interessieren|^hier geht(?:'s|’s| es) zu"
    r"|^weitere infos? (?:unter|auf|finden)"
    r"|^(?:next|previous|prev) (?:article|post|story)\b"
    r"|^(?:nächster|vorheriger) (?:artikel|beitrag)"
    r"|^vorschau auf den nächsten"
    r"|^(?:meist(?:-| )?(?:gelesen|diskutiert|kommentiert)|most (?:read|popular|viewed|commented"
    r"|shared)|kommentierte artikel|top[- ]themen|trending now)\b"
    r"|^(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?:\s?[ap]m)?)$"
    r"|^\W*(?:datenschutz|nutzungsbedingungen|privacy policy|terms of (?:use|service))"
    r"|(?:we|wir) (?:use|verwenden|nutzen) cookies"
    r"|^[\w .'-]{0,30}/\s?(?:afp|dpa|pap|reuters|ap|epa|imago|getty images|picture alliance)$"
    r"|^(?:afp|dpa|epa|reuters|getty images|imago|picture alliance|shutterstock|istock)"
    r"(?:\s?/.{0,30})?$",
    re.IGNORECASE,
)
# A line that is only a date or origin cue and its value ("发布日期：2019-03-06",
# "来源：新华网 作者：张三"): the page's metadata, already read into its own fields.
_META_LINE = re.compile(
    r"^(?:\s*(?:(?:发布|发表|更新|录入)?(?:日期|时间)[:：]\s*[\d年月日:：/ -]+"
    r"|(?:来源|稿源|作者|编辑|责任编辑|点击|浏览|阅读)(?:次数|量)?[:：]\s*\S{0,20})){1,5}\s*$"
)
# The same in the words of a byline ("Published 9 March 2026", "Posted on March 9, 2026 at
# 10:00 am", "Updated: 2026-03-09 14:05"): a cue, then only a date (and its time) or how
# long ago; the date already read into published_at.
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli"
    r"|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|octubre|noviembre|diciembre)[a-z]*\.?"
)
_DATE_LINE = re.compile(
    r"^(?:(?:first |last )?(?:published|posted|updated|modified)|date|publication date"
    r"|publié le|mis à jour le|publicado(?: el)?|actualizado(?: el)?"
    r"|veröffentlicht|aktualisiert)(?: on| at| am| um)?\s*:?\s*(?:\w+,? )?"
    rf"(?:\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}|\d{{1,2}}(?:st|nd|rd|th)?\.? (?:de )?{_MONTH}"
    rf"|{_MONTH} \d{{1,2}}\b|\d+ (?:minutes?|hours?|days?|weeks?) ago)"
    r"(?:[\d.,:+ |–-]+|at|um|à|h|[ap]\.?m\.?|utc|gmt|cet|cest|e[sd]t|p[sd]t|bst|uhr)*$",
    re.IGNORECASE,
)
_SHORT = 120  # characters: a notice longer than this is a sentence of the article
_WIDGET_LINE = 80  # characters: a widget's or pointer's line is shorter


_FOOTER = 400  # characters: a line with several notices is a footer up to this length


def is_furniture(line: str) -> bool:
    """True when a line of extracted text is the page's furniture, not its article."""
    # trafilatura writes a table's row as "| cell | cell |": a layout table's row is read
    # as the line of text it holds.
    line = line.strip("|\u3000 \t")
    if not line:
        return True
    if len(line) < _FOOTER and len(_NOTICE_ZH.findall(line)) >= 2:
        return True
    if len(line) >= 200:
        return False
    if SEE_ALSO.match(line) or (CREDIT.match(line) and len(line) < 150):
        return True
    if len(line) >= _SHORT:
        return False
    return bool(
        _NOTICE_ZH.search(line)
        or _NOTICE.search(line)
        or _META_LINE.match(line)
        or _DATE_LINE.match(line)
        or (len(line) < _WIDGET_LINE and _WIDGET.search(line))
    )


def clean_lines(lines: list[str]) -> list[str]:
    """Lines of main text without the page's furniture and without repeats."""
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        line = line.strip()
        if not line or line in seen or is_furniture(line):
            continue
        seen.add(line)
        kept.append(line)
    return kept
