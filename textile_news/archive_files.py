"""An archive's files on disk: its real path and what lies beside it.

No Scrapy and nothing of the project's: storage, the writer process and locks use it, and
the writer process starts light.
"""

from __future__ import annotations

import os
from pathlib import Path


def real_path(db_file: str | os.PathLike[str]) -> Path:
    """The archive's file with every symlink and ``..`` resolved, as the OS opens it.

    Everything kept beside an archive (locks, job state, stored originals) is placed by this
    path, not by the one typed: through a symlink, two crawls of a site took two different
    locks and ran at once, and wrote their originals next to the link (issue 13, item 7).
    """
    return Path(os.path.realpath(db_file))


def beside(db_file: str | os.PathLike[str], *parts: str) -> Path:
    """``parts`` in the folder of the archive's real file: ``beside(db, "warc")``."""
    return real_path(db_file).parent.joinpath(*parts)
