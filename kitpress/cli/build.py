"""kitpress build: check, then write the site, posters and bundles into build/site."""

from __future__ import annotations

import argparse
import sys

from kitpress.build import BuildOptions, build
from kitpress.cli.check import project_root
from kitpress.publish.site import SiteError


def setup(p: argparse.ArgumentParser) -> None:
    """Add build's arguments."""
    p.add_argument(
        "--site-url", help="publish address (overrides site_url in mkdocs.yml; QR codes use it)"
    )
    p.add_argument("--strict", action="store_true", help="refuse to build on warnings too")
    p.add_argument("--bleed", action="store_true", help="add 3 mm bleed and crop marks to posters")
    p.add_argument(
        "--jobs", type=int, default=0, help="poster render processes (default: one per core)"
    )


def run(args: argparse.Namespace) -> int:
    """Check, then build the site, posters and bundles into build/site."""
    options = BuildOptions(
        site_url=args.site_url, bleed=args.bleed, jobs=args.jobs, strict=args.strict
    )
    try:
        result = build(project_root(args), options)
    except SiteError as exc:
        print(str(exc), file=sys.stderr)
        print("网站没有生成，原来的 build/site 保持不变。", file=sys.stderr)
        return 1
    files = len(result.downloads)
    packs = len(result.project.packs)
    print(result.press.summary(), file=sys.stderr)
    print(
        f"完成：{packs} 个资源包，{files} 个下载文件，用时 {result.seconds:.1f} 秒 → build/site",
        file=sys.stderr,
    )
    return 0
