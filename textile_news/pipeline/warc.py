"""Writing WARC files: one gzip member per record, appended whole.

The crawl's stored originals (textile_news/crawl/captures.py) are written here, by the archive
writer (textile_news/pipeline/writer.py), in whichever process does the writing; nothing here needs
Scrapy, so that process starts light.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import uuid
import zlib
from datetime import datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

from warcio.warcwriter import WARCWriter

from textile_news.archive.files import originals_folder
from textile_news.version import __version__


def warc_root(db_file: str | os.PathLike[str]) -> Path:
    """The folder that holds an archive's WARC files: ``<stem>.warc/`` beside the SQLite
    file (its real file, not a symlink to it: issue 13, item 7), named after it (issue 17,
    item 7). Captures of older crawls name ``warc/...``, relative to the same folder."""
    return originals_folder(db_file)


def response_record(
    url: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    *,
    warc_date: str,
    protocol: str | None = None,
    ip_address: str | None = None,
) -> bytes:
    """One WARC ``response`` record as a gzip member of its own, ready to append to a file.

    :param headers: the HTTP response headers, in order, one pair per value
    :param body: the payload as received (content-encoded if the server encoded it)
    :param warc_date: the fetch time, ``2026-11-27T17:20:07Z``
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    # WARC readers parse HTTP/1.x status lines only; an HTTP/2 response is written as one.
    protocol = protocol if protocol and protocol.startswith("HTTP/1.") else "HTTP/1.1"
    # Written directly, not through warcio's writer: on the crawl's hot path its per-record
    # overhead was the largest cost of a real crawl (docs/benchmarks.md); warcio reads these
    # records back in the tests, digests included.
    head = f"{protocol} {status} {phrase}".rstrip() + "\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    block = head.encode("latin-1", "replace") + body
    fields = [
        ("WARC-Type", "response"),
        ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
        ("WARC-Date", warc_date),
        ("WARC-Target-URI", url),
        *([("WARC-IP-Address", ip_address)] if ip_address else []),
        ("WARC-Payload-Digest", _sha1(body)),
        ("WARC-Block-Digest", _sha1(block)),
        ("Content-Type", "application/http; msgtype=response"),
        ("Content-Length", str(len(block))),
    ]
    record = (
        ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + "\r\n").encode("utf-8")
        + block
        + b"\r\n\r\n"
    )
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS + 16)  # one gzip member
    return compressor.compress(record) + compressor.flush()


def _sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warcinfo_record(filename: str, warc_date: str) -> bytes:
    """The ``warcinfo`` record that opens each file: who wrote it, and how."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    info = {"software": f"textile_news/{__version__} (Scrapy, warcio)", "format": "WARC/1.0"}
    record = writer.create_warcinfo_record(filename, info)
    record.rec_headers.replace_header("WARC-Date", warc_date)
    writer.write_record(record)
    return out.getvalue()


class WarcFile:
    """A WARC file that grows one whole record at a time.

    Each record is built in memory and appended with one unbuffered write, so a crawl killed
    at any moment leaves only whole gzip members behind: a valid file.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.file = open(path, "xb", buffering=0)  # noqa: SIM115 -- closed by close()
        self.offset = 0

    @classmethod
    def create(cls, folder: Path, now: datetime) -> WarcFile:
        """A new file ``<UTC timestamp>-<pid>.warc.gz`` in ``folder``, never an existing one."""
        stem = f"{now.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"
        for n in range(1, 1000):
            name = f"{stem}.warc.gz" if n == 1 else f"{stem}-{n}.warc.gz"
            try:
                return cls(folder / name)
            except FileExistsError:
                continue
        raise FileExistsError(f"no free WARC file name for {folder / stem}")

    def append(self, record: bytes) -> int:
        """Write ``record`` at the end of the file; returns its offset.

        :raises OSError: the record could not be written whole (a full disk): the file is cut
            back to its last whole record, so that it stays readable to its end
        """
        offset = self.offset
        view = memoryview(record)
        try:
            while view:
                written = self.file.write(view)
                view = view[written or 0 :]
        except OSError:
            # a partial gzip member would make every reader fail at the end of the file
            # (issue 13, item 4); cutting it back also frees the space it took
            with contextlib.suppress(OSError):
                self.file.truncate(offset)
                self.file.seek(offset)
            raise
        self.offset += len(record)
        return offset

    def close(self) -> None:
        self.file.close()


def warc_date(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")
