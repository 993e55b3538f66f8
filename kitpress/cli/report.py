"""Print problems for people (one line each) and for GitHub Actions (annotations)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from kitpress.messages import say
from kitpress.problems import Problem, has_errors


def report(problems: Sequence[Problem], lang: str, github: bool | None = None) -> None:
    """Print problems one per line to stderr, and as annotations on GitHub Actions."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        print(p.format(lang), file=sys.stderr)
        if github:
            print(p.github(lang))
    errors = sum(1 for p in problems if has_errors([p]))
    warnings = len(problems) - errors
    print(say("report.count", lang, errors=errors, warnings=warnings), file=sys.stderr)
