"""What `crawl` prints: each line stamped with the time, on stdout or stderr and in the
``--log-file`` too, and the one closing line that says how the run ended (issue 17, item 3)."""

from __future__ import annotations

import signal
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

# as Scrapy's own lines (settings.LOG_DATEFORMAT): ISO 8601, local time with its offset
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def stamp(line: str) -> str:
    return f"{datetime.now().astimezone().strftime(TIME_FORMAT)} {line}"


class Output:
    """Prints stamped lines, and appends them to ``log_file`` if there is one; ``stamped``
    False (the demo, a walk-through at a terminal) prints them as they are."""

    def __init__(self, log_file: Path | None = None, *, stamped: bool = True) -> None:
        self.log_file = log_file
        self.stamped = stamped

    def echo(self, line: str, *, err: bool = False) -> None:
        shown = stamp(line) if self.stamped else line
        click.echo(shown, err=err)
        if self.log_file is not None:
            with self.log_file.open("a", encoding="utf-8") as log:
                log.write(shown + "\n")


class Ended(click.ClickException):
    """The closing line of a crawl that did not end well, stamped, in the log file too;
    ``exit_code`` says how it ended (the table in ``crawl --help``)."""

    def __init__(self, message: str, exit_code: int = 1, output: Output | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click's is per class
        self.output = output or Output()

    def show(self, file: IO[Any] | None = None) -> None:
        self.output.echo(f"Error: {self.format_message()}", err=True)


def interrupted(pages: int, signum: int, output: Output) -> Ended:
    """The end of a crawl stopped by Ctrl-C (exit 130) or SIGTERM (143), as a shell says of
    a command a signal ended: 128 + the signal's number."""
    name = signal.Signals(signum).name
    return Ended(
        f"interrupted ({name}): {plural(pages, 'page')} done; run again with --resume to continue",
        128 + signum,
        output,
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
