"""kitpress build: check, then write the site, posters and bundles into build/site."""

from __future__ import annotations

import argparse
import sys

from kitpress.build import BuildOptions, build
from kitpress.cli.check import add_verbose, project_root
from kitpress.messages import say
from kitpress.problems import UsageError
from kitpress.publish.site import SiteError

SITE = "build/site"  # as the user sees it, from the project folder


def setup(p: argparse.ArgumentParser) -> None:
    """Add build's arguments."""
    p.add_argument("--site-url")
    p.add_argument("--strict", action="store_true")
    add_verbose(p)
    p.add_argument("--bleed", action="store_true")
    p.add_argument("--jobs", type=int, default=0)


def run(args: argparse.Namespace) -> int:
    """Check, then build the site, posters and bundles into build/site."""
    if args.jobs < 0:
        raise UsageError("K690", option="--jobs", value=args.jobs, expected="jobs")
    options = BuildOptions(
        site_url=args.site_url, bleed=args.bleed, jobs=args.jobs, strict=args.strict, lang=args.lang
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
    seconds = result.seconds
    print(
        say("build.done", args.lang, packs=packs, files=files, seconds=seconds, site=SITE),
        file=sys.stderr,
    )
    return 0
