"""Deploying the project to a Scrapyd server: build the egg, add it, check Scrapyd's answer.

``scrapyd-deploy`` exits 0 whatever Scrapyd answers, and the egg it sent stays the project's
latest version even when Scrapyd could not list its spiders (issue 17). Here a refused egg is
an error, and is deleted again so that the version before it stays the latest.

May import: the standard library only; the ``cli`` calls it.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode, urljoin
from urllib.request import Request, urlopen

TIMEOUT = 120.0  # seconds: Scrapyd runs `scrapy list` on the egg before it answers


class DeployError(Exception):
    """The egg could not be built, or Scrapyd refused it."""


def build_egg(project_dir: Path, dist_dir: Path) -> Path:
    """Build the project's egg into ``dist_dir`` with this environment's setuptools.

    :param project_dir: the folder of ``pyproject.toml``
    :raises DeployError: setuptools failed
    """
    command = [sys.executable, "-c", "from setuptools import setup; setup()"]
    done = subprocess.run(
        [*command, "-q", "bdist_egg", "--dist-dir", str(dist_dir)],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    eggs = sorted(dist_dir.glob("*.egg"))
    if done.returncode or not eggs:
        raise DeployError(f"building the egg failed:\n{done.stderr.strip()}")
    return eggs[0]


def add_version(url: str, project: str, version: str, egg: Path) -> int:
    """Send ``egg`` to Scrapyd's ``addversion.json``; the number of spiders Scrapyd found.

    :raises DeployError: Scrapyd cannot be reached, refused the egg or found no spider; a
        refused version is deleted again (``delversion.json``)
    """
    boundary = uuid.uuid4().hex
    body = _multipart(boundary, {"project": project, "version": version}, egg.read_bytes())
    answer = _post(
        urljoin(url, "addversion.json"), body, f"multipart/form-data; boundary={boundary}"
    )
    if answer.get("status") == "ok" and int(answer.get("spiders", 0)) > 0:
        return int(answer["spiders"])
    # Scrapyd stores the egg before it tries it: take it out again.
    form = urlencode({"project": project, "version": version}).encode()
    with contextlib.suppress(DeployError):
        _post(urljoin(url, "delversion.json"), form, "application/x-www-form-urlencoded")
    message = str(answer.get("message") or f"no spiders found ({answer})").strip()
    raise DeployError(f"Scrapyd refused version {version} of {project}: {message}")


def deploy(project_dir: Path, url: str, project: str, version: str) -> int:
    """Build the egg and add it to Scrapyd at ``url``; the number of spiders it found.

    :raises DeployError: as :func:`build_egg` and :func:`add_version`
    """
    with tempfile.TemporaryDirectory(prefix="textile-news-egg-") as tmp:
        egg = build_egg(project_dir, Path(tmp))
        return add_version(url, project, version, egg)


def _post(url: str, body: bytes, content_type: str) -> dict:
    request = Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            text = response.read().decode("utf-8", "replace")
    except (URLError, OSError) as exc:
        raise DeployError(f"cannot reach Scrapyd at {url}: {exc}") from None
    try:
        answer = json.loads(text)
    except ValueError:
        raise DeployError(f"Scrapyd at {url} did not answer JSON: {text[:200]!r}") from None
    return answer if isinstance(answer, dict) else {"message": text}


def _multipart(boundary: str, fields: dict[str, str], egg: bytes) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="project.egg"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + egg
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts)
