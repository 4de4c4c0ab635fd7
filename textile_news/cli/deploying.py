"""``textile-news deploy``: the project's egg to a Scrapyd server, its answer checked."""

from __future__ import annotations

import configparser
import time
from pathlib import Path

import click


def _closest_cfg() -> Path | None:
    here = Path.cwd().resolve()
    return next(
        (d / "scrapy.cfg" for d in (here, *here.parents) if (d / "scrapy.cfg").is_file()), None
    )


@click.command("deploy")
@click.option("--url", help="Scrapyd's address  [default: scrapy.cfg's [deploy] url]")
@click.option("--project", help="Scrapyd project  [default: scrapy.cfg's [deploy] project]")
@click.option(
    "--version",
    "version",
    help="the egg's version  [default: seconds since 1970, as scrapyd-deploy]",
)
@click.option(
    "--egg",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Send this egg instead of building one from the project.",
)
def deploy(url: str | None, project: str | None, version: str | None, egg: Path | None) -> None:
    """Build the egg of the project around the current folder and add it to Scrapyd.

    Checks that Scrapyd lists the spiders in the new version. When it does not (an egg
    without the settings entry point, a module missing from Scrapyd's environment), prints
    Scrapyd's reason on one line, deletes that version again, so that the one before stays
    the latest, and exits 1.
    """
    from textile_news.deploy import DeployError
    from textile_news.deploy import deploy as deploy_egg

    cfg = _closest_cfg()
    if egg is not None:
        source = egg
    elif cfg is not None:
        source = cfg.parent
    else:
        raise click.UsageError("no scrapy.cfg here or above: run it in the project's folder")
    parser = configparser.ConfigParser()
    parser.read([cfg] if cfg else [])
    target = url or parser.get("deploy", "url", fallback=None) or "http://localhost:6800/"
    name = project or parser.get("deploy", "project", fallback=None) or "textile_news"
    version = version or str(int(time.time()))
    try:
        spiders = deploy_egg(target, name, version, source)
    except DeployError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"deployed {name} version {version} to {target}: {len(spiders)} spiders")
