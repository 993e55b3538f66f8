"""Print problems for people (one line each) and for GitHub Actions (annotations)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kitpress.content.settings import read_settings
from kitpress.messages import say
from kitpress.problems import Problem, has_errors

CODES_PATH = "codes/"  # the 问题代码 page, one anchor per code (publish/codes.py)


def report(
    problems: Sequence[Problem],
    lang: str,
    github: bool | None = None,
    verbose: bool = False,
    root: Path | None = None,
    site_url: str | None = None,
) -> None:
    """Print problems one per line to stderr, and as annotations on GitHub Actions.

    With ``verbose``, a syntax problem ends with what the YAML parser said, in its English.
    An annotation also links its code on the site's 问题代码 page, when ``root`` is known.
    """
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    page = codes_url(root, site_url) if github and root else ""
    lines = problem_lines(problems, lang, verbose)
    for p, line in zip(problems, lines, strict=False):
        print(line, file=sys.stderr)
        if github:
            see = say("report.code-page", lang, url=f"{page}#{p.code}") if page else ""
            print(p.github(lang) + (" " + see.replace("%", "%25") if see else ""))
    print(lines[-1], file=sys.stderr)


def problem_lines(problems: Sequence[Problem], lang: str, verbose: bool = False) -> list[str]:
    """Return the lines report prints: one a problem, then how many errors and warnings."""
    lines = []
    for p in problems:
        said = dict(p.args).get("parser", "") if verbose else ""
        lines.append(p.format(lang) + (say("report.parser", lang, said=said) if said else ""))
    errors = sum(1 for p in problems if has_errors([p]))
    warnings = len(problems) - errors
    return [*lines, say("report.count", lang, errors=errors, warnings=warnings)]


def codes_url(root: Path, site_url: str | None = None) -> str:
    """Return the address of the 问题代码 page of the project's site, or "" without one."""
    settings, _ = read_settings(root, site_url)  # a bad mkdocs.yml is among the problems
    return settings.page_url(CODES_PATH) if settings.site_url else ""
