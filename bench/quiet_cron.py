"""The README's cron line, run as cron would, against a site that publishes now and then:
how many runs would send a mail (issue 17, item 2; the target is 0).

Serves a generated site (``textile_news.demo.server.generated_site``) that gains one article
every ``--every`` runs, then runs the ``cron`` line of README.md ``--runs`` times with
``sh -c``, an hour apart on the archive's clock (``TEXTILE_NEWS_NOW``): only the paths are
changed (the crawl of the served site with ``--start-url`` into a fresh archive, the log in
a temporary folder) and ``mail`` is replaced by a line appended to a file of mails. The
first run crawls the site in full, as the first run of a new cron job does.

Run from the repository root: ``python bench/quiet_cron.py [--runs N] [--every K]
[--articles N] [--project DIR]``; ``--project`` measures another checkout (its code and its
README's cron line), e.g. the main branch before issue 17. The last line is
``quiet_cron_mails=<runs that would mail>``.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 1, 5, 8, 7, tzinfo=UTC)


class GrowingSite:
    """The generated site, one article more each time :meth:`publish` is called."""

    def __init__(self, count: int) -> None:
        self.count = count

    def publish(self) -> None:
        self.count += 1

    def get(self, path: str) -> Any:
        from textile_news.demo.server import generated_site

        return generated_site(self.count).get(path)


def cron_command(readme: Path) -> str:
    """The command of the README's ``cron`` block: the line without its five time fields."""
    block = re.search(r"```cron\n(.+?)\n```", readme.read_text(encoding="utf-8"), re.S)
    if block is None:
        raise SystemExit(f"{readme}: no ```cron block")
    return block[1].split(None, 5)[5]


def localised(command: str, project: Path, url: str, db_file: Path, work: Path) -> str:
    """The cron command with this machine's paths, the served site and a fake ``mail``."""
    crawl = (
        f"{shlex.quote(sys.executable)} -m textile_news crawl sjfzxm_com "
        f"--start-url {shlex.quote(url)} --db {shlex.quote(str(db_file))}"
    )
    command = re.sub(r"^cd \S+ && ", f"cd {shlex.quote(str(project))} && ", command)
    command = command.replace(".venv/bin/textile-news crawl", crawl)
    command = command.replace("data/crawl.log", shlex.quote(str(work / "crawl.log")))
    mails = shlex.quote(str(work / "mails"))
    command, found = re.subn(r"mail -s \S+ \S+", f"{{ cat; echo; }} >> {mails}", command)
    if not found or crawl not in command:
        raise SystemExit(f"cannot adapt the cron line: {command}")
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=24)
    parser.add_argument("--every", type=int, default=6, help="runs between new articles")
    parser.add_argument("--articles", type=int, default=200, help="articles at the start")
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout to measure")
    args = parser.parse_args()
    project = args.project.resolve()
    # the measured checkout's demo site too: its 404s are part of what a cron job met
    sys.path.insert(0, str(project))
    from textile_news.demo.server import serving

    site = GrowingSite(args.articles)
    with tempfile.TemporaryDirectory() as tmp, serving(site) as url:
        work = Path(tmp)
        command = localised(cron_command(project / "README.md"), project, url, work / "a.db", work)
        print(f"cron command: {command}", file=sys.stderr)
        env = {**os.environ, "PYTHONPATH": str(project)}
        env.pop("TEXTILE_NEWS_DB", None)
        codes = []
        for n in range(args.runs):
            if n and n % args.every == 0:
                site.publish()
            env["TEXTILE_NEWS_NOW"] = (START + timedelta(hours=n)).isoformat()
            before = _mail_count(work)
            subprocess.run(["sh", "-c", command], env=env, check=False, timeout=300)
            code, new = _last_run(work / "a.db")
            codes.append(code)
            mailed = "  MAIL" if _mail_count(work) > before else ""
            print(f"run {n + 1:2d}: {new} new, exit {code}{mailed}", file=sys.stderr)
        mails = _mail_count(work)
        if mails:
            print((work / "mails").read_text(encoding="utf-8"), file=sys.stderr)
    print(f"quiet_cron_runs={args.runs}")
    print(f"quiet_cron_exit_codes={','.join(map(str, codes))}")
    print(f"quiet_cron_mails={mails}")


def _mail_count(work: Path) -> int:
    mails = work / "mails"
    return (
        mails.read_text(encoding="utf-8").count("textile-news crawl exited")
        if mails.exists()
        else 0
    )


def _last_run(db_file: Path) -> tuple[int | None, int | None]:
    """The exit code and new articles of the latest run, as crawl_runs recorded them."""
    with closing(sqlite3.connect(db_file)) as conn:
        row = conn.execute(
            "SELECT exit_code, new FROM crawl_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
    return (row[0], row[1]) if row else (None, None)


if __name__ == "__main__":
    main()
