"""The kitpress command line: one module per command; parsing and exit codes live here."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from kitpress import __version__
from kitpress.cli import build, check, labels, new, serve
from kitpress.cli.report import report
from kitpress.messages import say
from kitpress.problems import ContentError, UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
COMMANDS: dict[str, ModuleType] = {
    "check": check,
    "build": build,
    "new": new,
    "serve": serve,
    "labels": labels,
}


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
    except UsageError as exc:
        print(f"kitpress: {exc.message(args.lang)}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the machine, not the content: a full disk, a file where a folder goes
        print(f"kitpress: {machine_error(exc, args.lang)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


# What the machine says, named with a fix. A full disk fails a write(), which names no file:
# kitpress writes only below build/ (and new's pack folder), so build/ is the best guess.
MACHINE_ERRORS = {
    errno.ENOSPC: "K237",
    errno.EDQUOT: "K237",
    errno.EROFS: "K238",
    errno.EACCES: "K239",
    errno.EPERM: "K239",
}


def machine_error(exc: OSError, lang: str) -> str:
    """Say what an OSError means for the user, in ``lang``, as one line."""
    code = MACHINE_ERRORS.get(exc.errno or 0)
    if code:
        # A copy names its source first and what it was writing second.
        written = exc.filename2 or exc.filename or "build/"
        return UsageError(code, path=written).message(lang)
    reason = exc.strerror or exc
    if exc.filename:
        return say("cli.io", lang, path=exc.filename, reason=reason)
    return say("cli.io-unnamed", lang, reason=reason)


def make_parser() -> argparse.ArgumentParser:
    """Describe every command and option (the README documents each of them)."""
    parser = argparse.ArgumentParser(
        prog="kitpress", description=say("cli.description", default_lang())
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
    for name, module in COMMANDS.items():
        doc = (module.run.__doc__ or "").strip().splitlines()[0]
        cmd = sub.add_parser(name, parents=[common], help=doc, description=doc)
        module.setup(cmd)
        cmd.set_defaults(handler=module.run)
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
