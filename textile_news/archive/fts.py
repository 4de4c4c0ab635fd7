"""The archive's full-text index ``articles_search``: what it holds and its query language.

FTS5's tokenizers don't segment Chinese (unicode61 makes a whole run of characters one
token; trigram needs three), and Python's sqlite3 cannot register a tokenizer of its own. So
the index holds a segmented form of each text (:func:`segment`: runs of Chinese characters
as overlapping bigrams) under the standard ``porter unicode61`` tokenizer, which keeps
English stemming and lets the sqlite3 shell and Datasette read the index; queries are
rewritten the same way (:func:`match_expression`). Kept in step by :mod:`storage`'s writes;
ranked and cut into snippets by :mod:`textile_news.analysis.search`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textile_news.archive.errors import QueryError

if TYPE_CHECKING:
    from sqlite_utils import Database

COLUMNS = ("title", "body")  # the indexed columns of articles
# CJK unified ideographs, extension A, compatibility ideographs, extensions B and after
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# a run of other text, or one Chinese character as its bigram with the next one (the
# lookahead lets the pairs overlap) or alone when the run ends there
_PIECES = re.compile(f"([^{HAN}]+)|(?=([{HAN}][{HAN}]?))[{HAN}]")
IS_HAN = re.compile(f"[{HAN}]")
_TOKEN_CHAR = re.compile(r"[^\W_]")  # what unicode61 keeps: letters and digits


def segment(text: str) -> str:
    """The form of ``text`` the index holds: each run of Chinese characters becomes its
    overlapping character bigrams plus its last character alone, the rest is unchanged
    (unicode61 and porter handle it). "纺织品展会" -> "纺织 织品 品展 展会 会".

    Runs in the crawl's writer for every new or changed article: ~0.2 µs a Chinese
    character, ~10 µs for an English article with a non-ASCII character, nothing for ASCII.
    """
    if text.isascii():
        return text
    return " ".join([other or gram for other, gram in _PIECES.findall(text)])


# --- the index ---------------------------------------------------------------


def index_article(db: Database, article_id: int, title: str, body: str) -> None:
    """Add an article to the index (an inserted article, or the new version of one).

    :param article_id: ``articles.id``, the index's rowid
    """
    db.execute(
        "INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)",
        [article_id, segment(title or ""), segment(body or "")],
    )


def unindex_article(db: Database, article_id: int, title: str, body: str) -> None:
    """Take an article out of the index before it changes or goes.

    The index is contentless: FTS5 needs the text that was indexed to find its entries,
    so ``title`` and ``body`` must be exactly the stored ones (other text would corrupt
    the index).
    """
    db.execute(
        "INSERT INTO articles_search (articles_search, rowid, title, body) "
        "VALUES ('delete', ?, ?, ?)",
        [article_id, segment(title or ""), segment(body or "")],
    )


def reindex(db: Database, *, page_size: int = 500) -> int:
    """Rebuild the whole index from ``articles``, a page of rows at a time (constant
    memory); the migration's backfill, and the repair when the articles were edited by hand.

    :returns: the number of articles indexed
    """
    db.execute("INSERT INTO articles_search (articles_search) VALUES ('delete-all')")
    last, count = 0, 0
    while rows := db.execute(
        "SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last, page_size]
    ).fetchall():
        db.conn.executemany(
            "INSERT INTO articles_search (rowid, title, body) VALUES (?, ?, ?)",
            [(i, segment(t or ""), segment(b or "")) for i, t, b in rows],
        )
        last, count = rows[-1][0], count + len(rows)
    return count


# --- queries -----------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    text: str  # as the user wrote it
    prefix: bool


@dataclass(frozen=True)
class Column:
    name: str
    node: Node


@dataclass(frozen=True)
class Op:
    """``operands[0] op operands[1] op ...``: a chain of one operator, left to right.

    AND and OR chains are flat whatever their length, and NOT's left-associative ("a NOT b
    NOT c" is "(a NOT b) NOT c"), so a tree is only as deep as the query's nesting: a query
    of thousands of words is no deeper than one of two (issue 13, item 11).
    """

    op: str  # AND, OR, NOT
    operands: tuple[Node, ...]


def _chain(op: str, operands: list[Node]) -> Node:
    """``operands`` joined by ``op``; a group that is a chain of ``op`` joins it, where that
    keeps the meaning (anywhere for AND and OR, first for NOT)."""
    if len(operands) == 1:
        return operands[0]
    flat: list[Node] = []
    for i, operand in enumerate(operands):
        if isinstance(operand, Op) and operand.op == op and (op != "NOT" or i == 0):
            flat.extend(operand.operands)
        else:
            flat.append(operand)
    return Op(op, tuple(flat))


Node = Phrase | Column | Op
_OPERATORS = ("AND", "OR", "NOT")
# whitespace, a "phrase" (a doubled "" inside stands for one "), ( ) * :, or a bareword
_LEXEME = re.compile(r'\s+|"(?:[^"]|"")*"|[()*:]|[^\s"()*:]+|"')


def _lex(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs: ``phrase`` (quotes removed), ``word``, ``op``, or the character
    itself for ( ) * : and a lone "."""
    for match in _LEXEME.finditer(query):
        text = match.group()
        if text.isspace():
            continue
        if text == '"':
            raise _Malformed('a " has no closing "')
        if text.startswith('"'):
            yield "phrase", text[1:-1].replace('""', '"')
        elif text in _OPERATORS:
            yield "op", text
        elif text in "()*:":
            yield text, text
        else:
            yield "word", text


class _Malformed(Exception):
    """Why a query cannot be parsed, in a few words."""


# Parentheses and column filters nested deeper are refused: the parser (and what walks
# its tree) recurses once a level, and FTS5's own parser overflows its stack at a few dozen.
MAX_NESTING = 10


class _Parser:
    """FTS5's query grammar: NOT binds tighter than AND (also implied between two terms),
    AND tighter than OR; ``column:`` before a term or a group."""

    def __init__(self, query: str) -> None:
        self.tokens = list(_lex(query))
        self.at = 0
        self.depth = 0  # groups and column filters open

    def parse(self) -> Node:
        if not self.tokens:
            raise _Malformed("it is empty")
        node = self.or_()
        if self.at < len(self.tokens):
            kind, text = self.tokens[self.at]
            raise _Malformed("a ) has no opening (" if kind == ")" else f"unexpected {text!r}")
        return node

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def or_(self) -> Node:
        operands = [self.and_()]
        while self.peek() == ("op", "OR"):
            self.at += 1
            operands.append(self.operand("OR", self.and_))
        return _chain("OR", operands)

    def and_(self) -> Node:
        operands = [self.not_()]
        while True:
            kind, text = self.peek()
            if (kind, text) == ("op", "AND"):
                self.at += 1
                operands.append(self.operand("AND", self.not_))
            elif kind in ("word", "phrase", "("):  # two terms side by side: AND
                operands.append(self.not_())
            else:
                return _chain("AND", operands)

    def not_(self) -> Node:
        operands = [self.term()]
        while self.peek() == ("op", "NOT"):
            self.at += 1
            operands.append(self.operand("NOT", self.term))
        return _chain("NOT", operands)

    def operand(self, op: str, parse: Any) -> Node:
        if self.peek()[0] in ("word", "phrase", "("):
            return parse()
        raise _Malformed(f"{op} needs a term on each side, e.g. wool {op} cotton")

    def nested(self, parse: Any) -> Node:
        """What ``parse`` reads one level deeper: inside a group or a column filter."""
        if self.depth == MAX_NESTING:
            raise _Malformed(f"it nests ( ) and column: more than {MAX_NESTING} deep")
        self.depth += 1
        node: Node = parse()
        self.depth -= 1
        return node

    def term(self) -> Node:
        kind, text = self.peek()
        if kind == "word" and self.at + 1 < len(self.tokens) and self.tokens[self.at + 1][0] == ":":
            if text not in COLUMNS:
                raise _Malformed(f"no column {text!r} to search (title: or body:)")
            self.at += 2
            return Column(text, self.nested(self.term))
        self.at += 1
        if kind in ("word", "phrase"):
            prefix = self.peek()[0] == "*"
            self.at += prefix
            return Phrase(text, prefix)
        if kind == "(":
            if self.peek()[0] == ")":
                raise _Malformed("() holds nothing")
            node = self.nested(self.or_)
            if self.peek()[0] != ")":
                raise _Malformed("a ( has no closing )")
            self.at += 1
            return node
        if kind == "op":
            raise _Malformed(f"{text} needs a term on each side, e.g. wool {text} cotton")
        if kind == "end":
            raise _Malformed("it ends too soon")
        if kind == "*":
            raise _Malformed("* must end a word, as in text*")
        if kind == ":":
            raise _Malformed(": must follow a column name (title: or body:)")
        raise _Malformed("a ) has no opening (")


def parse_query(query: str) -> Node | None:
    """The query's syntax tree without the terms that hold no word (punctuation alone);
    None when nothing is left.

    :raises QueryError: the query is malformed
    """
    try:
        return _prune(_Parser(query).parse())
    except _Malformed as exc:
        raise QueryError(f"invalid search query {query!r}: {exc}") from None


def _prune(node: Node) -> Node | None:
    if isinstance(node, Phrase):
        return node if _TOKEN_CHAR.search(node.text) else None
    if isinstance(node, Column):
        inner = _prune(node.node)
        return None if inner is None else Column(node.name, inner)
    pruned = [_prune(operand) for operand in node.operands]
    if node.op == "NOT" and pruned[0] is None:
        return None  # nothing left to take the rest away from
    kept = [operand for operand in pruned if operand is not None]
    if len(kept) == 1:
        return kept[0]
    return Op(node.op, tuple(kept)) if kept else None


def _phrase_tokens(text: str) -> tuple[str, bool]:
    """A query phrase in the index's form, and whether its last token must be a prefix.

    The text is segmented as :func:`segment` does, so a word's bigrams sit at the same
    relative positions as in an indexed text. The last character of a Chinese run that
    ends the phrase is dropped, since in a text the run may go on ("纺织" is in "纺织品":
    "纺织 织品 品"); a one-character run that ends it is a prefix instead: "棉*" matches
    "棉花" and the "棉" that ends a run.
    """
    # FTS5 reads an expression up to its first NUL ("unterminated string"); the tokenizer
    # splits an indexed text at one as at a space, and so does the phrase
    text = text.replace("\0", " ")
    pieces = [other or gram for other, gram in _PIECES.findall(text)]
    while pieces and not _TOKEN_CHAR.search(pieces[-1]):
        pieces.pop()
    prefix = False
    if pieces and len(pieces[-1]) == 1 and IS_HAN.match(pieces[-1]):
        if len(pieces) > 1 and len(pieces[-2]) == 2 and IS_HAN.match(pieces[-2]):
            pieces.pop()  # the single character that closes a longer run
        else:
            prefix = True
    return " ".join(piece.strip() for piece in pieces if not piece.isspace()), prefix


def fts_expression(node: Node) -> str:
    if isinstance(node, Phrase):
        tokens, prefix = _phrase_tokens(node.text)
        return '"' + tokens.replace('"', '""') + '"' + ("*" if prefix or node.prefix else "")
    if isinstance(node, Column):
        inner = node.node
        # FTS5 takes "title : body : x" only with the inner filter in parentheses
        return f"{node.name} : " + (
            f"({fts_expression(inner)})" if isinstance(inner, Column) else _grouped(inner)
        )
    return f" {node.op} ".join(_grouped(operand) for operand in node.operands)


def _grouped(node: Node) -> str:
    return f"({fts_expression(node)})" if isinstance(node, Op) else fts_expression(node)


def match_expression(query: str) -> str:
    """The FTS5 expression for ``articles_search`` that a user's query stands for.

    The query uses FTS5's syntax: words (all must match), ``"phrases"``, ``AND``, ``OR``,
    ``NOT``, parentheses, ``prefix*`` and ``title:``/``body:``. Chinese words become the
    phrase of their bigrams ("纺织品" -> ``"纺织 织品"``), a single Chinese character a
    prefix (``"棉"*``); other words are left to the tokenizer (porter stems English).

    :raises QueryError: the query is malformed, or has no word to search for; the
        message is one line
    """
    node = parse_query(query)
    if node is None:
        raise QueryError(f"invalid search query {query!r}: it has no word to search for")
    return fts_expression(node)


# --- searching ---------------------------------------------------------------
