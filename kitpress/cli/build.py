"""kitpress build: check, then write the site, posters and bundles into build/site."""

from __future__ import annotations

import argparse
import sys

from kitpress.build import BuildOptions, build
from kitpress.cli.check import add_verbose, project_root
from kitpress.messages import say
from kitpress.problems import UsageError
from kitpress.publish.site import SiteError
from kitpress.publish.zensical import ENGINES

SITE = "build/site"  # as the user sees it, from the project folder
CACHE = "build/cache"


def parse_shard(text: str | None) -> tuple[int, int] | None:
    """Read ``--shard I/N`` as (I, N); refuse anything but whole numbers 1 <= I <= N."""
    if text is None:
        return None
    number, _, count = text.partition("/")
    digits = all(part.isascii() and part.isdecimal() for part in (number, count))
    if not (digits and 1 <= int(number) <= int(count)):
        raise UsageError("K690", option="--shard", value=text, expected="shard")
    return int(number), int(count)


def setup(p: argparse.ArgumentParser) -> None:
    """Add build's arguments."""
    p.add_argument("--site-url")
    p.add_argument("--strict", action="store_true")
    add_verbose(p)
    p.add_argument("--bleed", action="store_true")
    p.add_argument("--jobs", type=int, default=0)
    p.add_argument("--engine", choices=ENGINES, default="mkdocs")
    p.add_argument("--shard", metavar="I/N")


def run(args: argparse.Namespace) -> int:
    """Check, then build the site, posters and bundles into build/site."""
    if args.jobs < 0:
        raise UsageError("K690", option="--jobs", value=args.jobs, expected="jobs")
    options = BuildOptions(
        site_url=args.site_url,
        bleed=args.bleed,
        jobs=args.jobs,
        strict=args.strict,
        lang=args.lang,
        engine=args.engine,
        shard=parse_shard(args.shard),
    )
    try:
        result = build(project_root(args), options)
    except SiteError as exc:
        print(str(exc), file=sys.stderr)
        print(say("build.kept", args.lang, site=SITE), file=sys.stderr)
        return 1
    files = len(result.downloads)
    packs = len(result.project.packs)
    print(result.press.summary(args.lang), file=sys.stderr)
    if options.shard:
        print(say("build.shard", args.lang, shard=args.shard, cache=CACHE), file=sys.stderr)
        return 0
    seconds = result.seconds
    print(
        say("build.done", args.lang, packs=packs, files=files, seconds=seconds, site=SITE),
        file=sys.stderr,
    )
    return 0
