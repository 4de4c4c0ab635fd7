"""Which elements around a link belong to it alone (a list item, a card), for all the links
of a page in one pass, however many links and however deep the tree (issue 13, item 5).

Asked of each link with an XPath (``ancestor::*[count(.//a) = 1]``) or a walk over each
ancestor's links, the question costs the whole page per link: quadratic in the links.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

_SEVERAL = object()  # the mark of an element holding links of more than one key


class LinkScopes:
    """The ancestors of links, marked with the one key (a URL, the link itself) of the links
    they hold, or as holding several.

    Each link marks its ancestors with its key up to the first one already marked with it
    or marked as holding several: an element is marked at most twice, so all the marks cost
    one pass over the page's links and elements.
    """

    def __init__(self, links: Iterable[tuple[Any, Hashable]]) -> None:
        self._marks: dict[Any, object] = {}
        for element, key in links:
            self._mark(element.getparent(), key)

    def _mark(self, element: Any, key: Hashable) -> None:
        marks = self._marks
        while element is not None:
            mark = marks.get(element)
            if mark is None:
                marks[element] = key
            elif mark is _SEVERAL or mark == key:
                return  # and so are its ancestors
            else:
                marks[element] = _SEVERAL
            element = element.getparent()

    def holds_several(self, element: Any) -> bool:
        """Whether ``element`` holds links of more than one key."""
        return self._marks.get(element) is _SEVERAL

    def widest(self, link: Any, key: Hashable) -> Any | None:
        """The outermost ancestor of ``link`` that holds links of ``key`` alone, or None."""
        found = None
        element = link.getparent()
        while element is not None and self._marks.get(element) == key:
            found, element = element, element.getparent()
        return found
