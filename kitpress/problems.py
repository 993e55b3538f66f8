"""Problems found in content: where, what, how bad, and how to print them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from kitpress.messages import items, render_message


class Severity(Enum):
    """How bad a problem is: errors stop a build, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a file, 1-based line and column, path relative to the project."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in content, with its message arguments."""

    mark: Mark
    code: str
    args: tuple[tuple[str, str], ...] = field(default=())

    @property
    def severity(self) -> Severity:
        """Tell whether this problem is an error or a warning (codes K4xx warn)."""
        return Severity.WARNING if self.code.startswith("K4") else Severity.ERROR

    def message(self, lang: str = "zh") -> str:
        """Render the message text in ``lang`` (zh or en), always on one line."""
        return " ".join(render_message(self.code, dict(self.args), lang).splitlines())

    def format(self, lang: str = "zh") -> str:
        """Format as ``path:line:col: CODE 错误：message``."""
        label = _LABELS[lang][self.severity]
        sep = "：" if lang == "zh" else ": "
        m = self.mark
        return f"{m.path}:{m.line}:{m.col}: {self.code} {label}{sep}{self.message(lang)}"

    def github(self, lang: str = "zh") -> str:
        """Format as a GitHub Actions workflow command that annotates the line."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        text = f"{self.code} {self.message(lang)}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        m = self.mark
        return f"::{kind} file={m.path},line={m.line},col={m.col},title={self.code}::{text}"


_LABELS = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
}


def problem(mark: Mark, code: str, **args: object) -> Problem:
    """Build a problem with keyword message arguments (a list or tuple stays a list)."""
    shown = {k: items(v) if isinstance(v, list | tuple) else str(v) for k, v in args.items()}
    return Problem(mark, code, tuple(sorted(shown.items())))


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return the closest choice to ``word``, or an empty string."""
    choices = list(choices)
    same = [c for c in choices if c.casefold() == str(word).casefold()]  # a4 for A4
    found = same or difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return found[0] if found else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, line and column, dropping exact repeats."""
    return sorted(set(problems), key=lambda p: (p.mark, p.code, p.args))


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    """Tell whether the problems should fail a check (warnings too when strict)."""
    return any(strict or p.severity is Severity.ERROR for p in problems)


class ContentError(Exception):
    """Raised when content has problems that stop a build."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in content")
        self.problems = problems


class UsageError(Exception):
    """Raised when a command is called wrongly (exit 2), with a catalog message."""

    def __init__(self, code: str, **args: object) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = {
            k: items(v) if isinstance(v, list | tuple) else str(v) for k, v in args.items()
        }

    def message(self, lang: str = "zh") -> str:
        """Render the message in ``lang``, ending with its code."""
        return f"{render_message(self.code, self.args_, lang)} ({self.code})"
