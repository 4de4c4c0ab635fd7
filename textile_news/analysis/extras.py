"""Optional dependencies (the ``all`` extra): import one, or say in one line how to get it."""

from __future__ import annotations

import importlib
from types import ModuleType

INSTALL = "pip install 'textile-news[all]'"


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message says what to install."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module``, an optional dependency.

    :param module: the module's import name, e.g. ``pyarrow.parquet``
    :param purpose: what needs it, for the message: ``Parquet export``
    :raises MissingExtra: it is not installed
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.partition(".")[0]
        raise MissingExtra(f"{purpose} needs {top}, which is not installed: {INSTALL}") from None
