"""kitpress labels: print building-number signs without writing a pack."""

from __future__ import annotations

import argparse
from pathlib import Path

from kitpress.cli.check import project_root
from kitpress.content.buildings import parse_buildings
from kitpress.content.settings import load_settings
from kitpress.model import Settings
from kitpress.outputs import CONFIG_FILE
from kitpress.printing.labels import labels_command
from kitpress.problems import UsageError

PER_SIGN = range(1, 51)  # as per_sign in pack.yml


def setup(p: argparse.ArgumentParser) -> None:
    """Add labels' arguments."""
    p.add_argument("--buildings", required=True)
    p.add_argument("--per-sign", type=int, default=1)
    p.add_argument("-o", "--output", default="labels.pdf")


def run(args: argparse.Namespace) -> int:
    """Print building-number signs without writing a pack."""
    root = project_root(args)
    # Labels need no project: outside one, use the default font and no site address.
    if (root / CONFIG_FILE).is_file():
        settings = load_settings(root)
    else:
        settings = Settings(root=root, site_name="kitpress", site_url="")
    parsed = parse_buildings(args.buildings)
    if parsed is None:
        raise UsageError("K690", option="--buildings", value=args.buildings, expected="buildings")
    if args.per_sign not in PER_SIGN:
        raise UsageError("K690", option="--per-sign", value=args.per_sign, expected="per-sign")
    return labels_command(parsed, args.per_sign, Path(args.output), settings)
