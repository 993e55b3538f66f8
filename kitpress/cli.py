"""The kitpress command line: check, build, new, serve, labels."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kitpress import __version__
from kitpress.problems import ContentError, Problem, has_errors

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    args.lang = args.lang or default_lang()
    _show_warnings()
    args.root = Path(args.root).resolve() if args.root else None
    try:
        result: int = args.handler(args)
        return result
    except ContentError as exc:
        report(exc.problems, args.lang)
        return EXIT_PROBLEMS
    except OSError as exc:  # the machine, not the content: a full disk, a file where a folder goes
        where = f" {exc.filename}" if exc.filename else ""
        text = "无法读写" if args.lang == "zh" else "cannot read or write"
        print(f"kitpress: {text}{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def make_parser() -> argparse.ArgumentParser:
    """Describe every command and option (the README documents each of them)."""
    from kitpress import commands

    parser = argparse.ArgumentParser(
        prog="kitpress", description="社区互助资源包的网站、海报和下载包生成器"
    )
    parser.add_argument("--version", action="version", version=f"kitpress {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="message language (default: zh, or en if LANG is English)",
    )
    common.add_argument(
        "--root", help="project folder (default: the one holding mkdocs.yml and packs/)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, handler, setup in commands.COMMANDS:
        doc = (handler.__doc__ or "").strip().splitlines()[0]
        cmd = sub.add_parser(name, parents=[common], help=doc, description=doc)
        setup(cmd)
        cmd.set_defaults(handler=handler)
    return parser


def _show_warnings() -> None:
    """Print what the engine logs (WeasyPrint's complaints about a poster, say) to stderr."""
    logger = logging.getLogger("kitpress")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


def default_lang() -> str:
    """Pick English when the environment asks for it, Chinese otherwise."""
    for var in ("KITPRESS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def report(problems: list[Problem], lang: str, github: bool | None = None) -> None:
    """Print problems one per line to stderr, and as annotations on GitHub Actions."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        print(p.format(lang), file=sys.stderr)
        if github:
            print(p.github(lang))
    errors = sum(1 for p in problems if has_errors([p]))
    warnings = len(problems) - errors
    if lang == "en":
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    else:
        print(f"共 {errors} 个错误，{warnings} 个警告", file=sys.stderr)
