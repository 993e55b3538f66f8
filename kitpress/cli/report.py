"""Print problems for people (one line each) and for GitHub Actions (annotations)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from kitpress.messages import say
from kitpress.problems import Problem, has_errors


def report(
    problems: Sequence[Problem], lang: str, github: bool | None = None, verbose: bool = False
) -> None:
    """Print problems one per line to stderr, and as annotations on GitHub Actions.

    With ``verbose``, a syntax problem ends with what the YAML parser said, in its English.
    """
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        said = dict(p.args).get("parser", "") if verbose else ""
        print(
            p.format(lang) + (say("report.parser", lang, said=said) if said else ""),
            file=sys.stderr,
        )
        if github:
            print(p.github(lang))
    errors = sum(1 for p in problems if has_errors([p]))
    warnings = len(problems) - errors
    print(say("report.count", lang, errors=errors, warnings=warnings), file=sys.stderr)
