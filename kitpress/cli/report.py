"""Print problems for people (one line each) and for GitHub Actions (annotations)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

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
    if lang == "en":
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    else:
        print(f"共 {errors} 个错误，{warnings} 个警告", file=sys.stderr)
