"""The kitpress command line: one module per command; parsing and exit codes live here."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from kitpress import __version__
from kitpress.cli import build, check, labels, new, serve
from kitpress.cli.report import report
from kitpress.content.settings import find_root
from kitpress.messages import say
from kitpress.problems import ContentError, UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
COMMON = ("lang", "root")  # options every command takes
COMMANDS: dict[str, ModuleType] = {
    "check": check,
    "build": build,
    "new": new,
    "serve": serve,
    "labels": labels,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser(asked_lang(argv))
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
        root = args.root or find_root(Path.cwd())
        verbose = getattr(args, "verbose", False)
        site_url = getattr(args, "site_url", None)
        report(exc.problems, args.lang, verbose=verbose, root=root, site_url=site_url)
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


def make_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """Describe every command and option in ``lang`` (the README documents each of them)."""
    parser = _parser("kitpress", lang, say("cli.description", lang))
    version = f"kitpress {__version__}"
    parser.add_argument(
        "--version", action="version", version=version, help=say("help.version", lang)
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("zh", "en"))
    common.add_argument("--root")
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        title=say("help.commands", lang),
        parser_class=_parser_class(lang),
    )
    for name, module in COMMANDS.items():
        doc = say(f"help.{name}", lang)
        cmd = sub.add_parser(
            name,
            parents=[common],
            help=doc,
            description=doc,
            add_help=False,
            formatter_class=_formatter(lang),
        )
        _add_help(cmd, lang)
        module.setup(cmd)
        _translate(cmd, name, lang)
        cmd.set_defaults(handler=module.run)
    return parser


def _parser(prog: str, lang: str, description: str) -> argparse.ArgumentParser:
    """Return a parser whose own words (usage, options, -h) are in ``lang``."""
    parser = _parser_class(lang)(
        prog=prog, description=description, add_help=False, formatter_class=_formatter(lang)
    )
    _add_help(parser, lang)
    return parser


def _parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """Return a parser class whose errors are a catalog line in ``lang`` (exit 2)."""

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            text = UsageError("K694", detail=message, prog=self.prog).message(lang)
            self.exit(EXIT_USAGE, f"kitpress: {text}\n")

    return Parser


def _add_help(parser: argparse.ArgumentParser, lang: str) -> None:
    """Add -h/--help, titled in ``lang``, to ``parser``."""
    parser.add_argument("-h", "--help", action="help", help=say("help.help", lang))
    # argparse names its two sections with English gettext words; these are their titles.
    parser._positionals.title = say("help.positionals", lang)
    parser._optionals.title = say("help.options", lang)


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """Return a help formatter that starts the usage line with the word for ``lang``."""

    class Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[argparse._MutuallyExclusiveGroup],
            prefix: str | None = None,
        ) -> None:
            # argparse passes "" when it only measures a subcommand's prefix: keep that.
            word = say("help.usage", lang) if prefix is None else prefix
            super().add_usage(usage, actions, groups, word)

    return Formatter


def _translate(cmd: argparse.ArgumentParser, name: str, lang: str) -> None:
    """Give each of ``cmd``'s arguments its help line from the catalog (help.NAME.DEST)."""
    for action in cmd._actions:
        if action.dest == "help":
            continue
        key = f"help.{action.dest}" if action.dest in COMMON else f"help.{name}.{action.dest}"
        action.help = say(key, lang)


def asked_lang(argv: Sequence[str]) -> str:
    """Return the language ``--lang`` asks for in ``argv``, before parsing; else the default."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            return argv[i + 1]
        if arg in ("--lang=zh", "--lang=en"):
            return arg.removeprefix("--lang=")
    return default_lang()


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
