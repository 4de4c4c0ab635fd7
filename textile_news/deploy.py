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
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin
from urllib.request import Request, urlopen

TIMEOUT = 120.0  # seconds: Scrapyd runs `scrapy list` on the egg before it answers


class DeployError(Exception):
    """The egg could not be built, or Scrapyd refused it."""


def build_egg(project_dir: Path, dist_dir: Path) -> Path:
    """Build the project's egg into ``dist_dir`` with this environment's setuptools.

    The build's work files go to ``dist_dir`` too: a ``build/`` left in the project would
    put files deleted since into the next egg.

    :param project_dir: the folder of ``pyproject.toml``
    :raises DeployError: setuptools failed
    """
    work = dist_dir / "work"
    command = [sys.executable, "-c", "from setuptools import setup; setup()", "-q"]
    done = subprocess.run(
        [
            *command,
            *("egg_info", "--egg-base", str(dist_dir)),
            *("build", "--build-base", str(work / "build")),
            *("bdist_egg", "--bdist-dir", str(work / "egg"), "--dist-dir", str(dist_dir)),
        ],
        cwd=project_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    eggs = sorted(dist_dir.glob("*.egg"))
    if done.returncode or not eggs:
        raise DeployError(f"building the egg failed: {last_line(done.stderr)}")
    return eggs[0]


def add_version(url: str, project: str, version: str, egg: Path) -> list[str]:
    """Send ``egg`` to Scrapyd's ``addversion.json``; the spiders Scrapyd lists in it.

    :raises DeployError: Scrapyd cannot be reached, refused the egg or lists no spider in
        that version; a refused version is deleted again (``delversion.json``)
    """
    boundary = uuid.uuid4().hex
    body = _multipart(boundary, {"project": project, "version": version}, egg.read_bytes())
    answer = _post(
        urljoin(url, "addversion.json"), body, f"multipart/form-data; boundary={boundary}"
    )
    spiders: list[str] = []
    if answer.get("status") == "ok":
        # addversion's count comes from the egg alone; listspiders is what schedule.json
        # will see of that version
        query = urlencode({"project": project, "_version": version})
        listed = _get(urljoin(url, f"listspiders.json?{query}"))
        spiders = [str(s) for s in listed.get("spiders") or ()]
        answer = listed if listed.get("status") != "ok" else answer
    if answer.get("status") == "ok" and spiders:
        return spiders
    # Scrapyd stores the egg before it tries it: take it out again.
    form = urlencode({"project": project, "version": version}).encode()
    with contextlib.suppress(DeployError):
        _post(urljoin(url, "delversion.json"), form, "application/x-www-form-urlencoded")
    message = last_line(str(answer.get("message") or "")) or "it lists no spiders"
    raise DeployError(f"Scrapyd refused version {version} of {project}: {message}")


def deploy(url: str, project: str, version: str, source: Path) -> list[str]:
    """Add an egg to Scrapyd at ``url``; the spiders it lists in that version.

    :param source: an egg file, or the project's folder to build one from
    :raises DeployError: as :func:`build_egg` and :func:`add_version`
    """
    # before the build, which takes seconds, and which an unreachable server makes moot
    _get(urljoin(url, "daemonstatus.json"))
    if source.is_file():
        return add_version(url, project, version, source)
    with tempfile.TemporaryDirectory(prefix="textile-news-egg-") as tmp:
        egg = build_egg(source, Path(tmp))
        return add_version(url, project, version, egg)


def last_line(text: str) -> str:
    """The last line of a traceback or a build's output: the one that says what failed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _post(url: str, body: bytes, content_type: str) -> dict:
    return _answer(Request(url, data=body, headers={"Content-Type": content_type}))


def _get(url: str) -> dict:
    return _answer(Request(url))


def _answer(request: Request) -> dict:
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            text = response.read().decode("utf-8", "replace")
    except HTTPError as exc:
        raise DeployError(
            f"Scrapyd at {request.full_url} answered HTTP {exc.code} {exc.reason}"
        ) from None
    except (URLError, OSError) as exc:
        raise DeployError(f"cannot reach Scrapyd at {request.full_url}: {exc}") from None
    try:
        answer = json.loads(text)
    except ValueError:
        raise DeployError(
            f"Scrapyd at {request.full_url} did not answer JSON: {text[:200]!r}"
        ) from None
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
