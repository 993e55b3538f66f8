"""kitpress check: report every problem of the project with its file, line and column."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kitpress.build import CheckOptions, check
from kitpress.cli.report import report
from kitpress.content.settings import find_root
from kitpress.messages import say
from kitpress.outputs import CONFIG_FILE
from kitpress.problems import UsageError, has_errors


def setup(p: argparse.ArgumentParser) -> None:
    """Add check's arguments."""
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--strict", action="store_true")
    add_verbose(p)
    p.add_argument("--site-url")
    p.add_argument(
        "--no-posters",
        dest="posters",
        action="store_false",
    )


def run(args: argparse.Namespace) -> int:
    """Check packs and content, reporting every problem with its file and line."""
    root = project_root(args)
    options = CheckOptions(args.site_url, args.posters, project_paths(root, args.paths))
    problems = check(root, options)
    if problems:
        report(problems, args.lang, verbose=args.verbose, root=root, site_url=args.site_url)
    if has_errors(problems, args.strict):
        return 1
    if not problems:
        print(say("check.clean", args.lang), file=sys.stderr)
    return 0


def add_verbose(p: argparse.ArgumentParser) -> None:
    """Add --verbose, shared by check and build."""
    p.add_argument("--verbose", action="store_true")


def project_root(args: argparse.Namespace) -> Path:
    """Return the project folder: --root, or the nearest one above the current folder."""
    root: Path = args.root or find_root(Path.cwd())
    if not (root / CONFIG_FILE).is_file():
        raise UsageError("K692", root=root)
    return root


def project_paths(root: Path, paths: list[str]) -> tuple[str, ...]:
    """Turn the paths the user named into paths inside the project ("" for all of it)."""
    wanted = []
    for raw in paths:
        path = Path(raw).resolve()
        try:
            wanted.append(path.relative_to(root).as_posix().rstrip("/"))
        except ValueError:
            raise UsageError("K601", path=raw, root=str(root)) from None
    return tuple(wanted) or ("",)
