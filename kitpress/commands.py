"""The handlers behind each kitpress command."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from kitpress.model import Project
from kitpress.problems import ContentError, Problem, has_errors, sort_problems

Handler = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], None]


def _root(args: argparse.Namespace) -> Path:
    from kitpress.settings import find_root

    root: Path = args.root or find_root(Path.cwd())
    return root


def check(args: argparse.Namespace) -> int:
    """Check packs and content, reporting every problem with its file and line."""
    from kitpress.cli import report
    from kitpress.loader import inspect_project
    from kitpress.settings import load_settings

    root = _root(args)
    settings = load_settings(root, args.site_url)
    project, problems = inspect_project(root, settings)
    if args.posters:
        problems = sort_problems(problems + _printing_problems(project, problems, root, args.paths))
    problems = _only_under(problems, root, args.paths)
    if problems:
        report(problems, args.lang)
    if has_errors(problems, args.strict):
        return 1
    if not problems:
        print("没有发现问题。" if args.lang == "zh" else "No problems found.", file=sys.stderr)
    return 0


def _printing_problems(
    project: Project, found: list[Problem], root: Path, paths: list[str]
) -> list[Problem]:
    """Plan and lay out the posters of the packs asked about, as a build would (cached).

    A pack with errors is left out: its model is incomplete, and its errors come first.
    """
    from kitpress.bundles import zip_clashes
    from kitpress.designs import templates_reported
    from kitpress.posters import fit_posters

    wanted = _wanted(root, paths)
    packs = tuple(
        pack
        for pack in project.packs
        if not has_errors(p for p in found if _inside(p.mark.path, pack.folder))
        and any(_inside(pack.folder, w) or _inside(w, pack.folder) for w in wanted)
    )
    asked = dataclasses.replace(project, packs=packs)
    try:
        with templates_reported(root):
            return zip_clashes(asked) + fit_posters(asked, root / "build" / "cache")
    except ContentError as exc:
        return exc.problems


def _only_under(problems: list[Problem], root: Path, paths: list[str]) -> list[Problem]:
    """Keep the problems in the files or folders the user named."""
    wanted = _wanted(root, paths)
    return [p for p in problems if any(_inside(p.mark.path, w) for w in wanted)]


def _wanted(root: Path, paths: list[str]) -> list[str]:
    """Turn the paths the user named into paths inside the project ("" for all of it)."""
    wanted = []
    for raw in paths:
        path = Path(raw).resolve()
        try:
            wanted.append(path.relative_to(root).as_posix().rstrip("/"))
        except ValueError:
            raise SystemExit(f"kitpress: {raw} is outside the project {root}") from None
    return wanted or [""]


def _inside(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder + "/")


def build(args: argparse.Namespace) -> int:
    """Check, then build the site, posters and bundles into build/site."""
    from kitpress.build import BuildOptions
    from kitpress.build import build as run_build
    from kitpress.site import SiteError

    options = BuildOptions(
        site_url=args.site_url, bleed=args.bleed, jobs=args.jobs, strict=args.strict
    )
    try:
        result = run_build(_root(args), options)
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


def new(args: argparse.Namespace) -> int:
    """Start a new pack from a commented template that passes check."""
    from kitpress.scaffold import create_pack

    return create_pack(_root(args), args.slug, args.lang)


def serve(args: argparse.Namespace) -> int:
    """Build, serve the site locally and rebuild when packs, content or templates change."""
    from kitpress.serve import serve_site

    return serve_site(_root(args), args.host, args.port, args.lang)


def labels(args: argparse.Namespace) -> int:
    """Print building-number signs without writing a pack."""
    from kitpress.model import Settings
    from kitpress.printables import labels_command
    from kitpress.settings import CONFIG_FILE, load_settings

    root = _root(args)
    # Labels need no project: outside one, use the default font and no site address.
    if (root / CONFIG_FILE).is_file():
        settings = load_settings(root)
    else:
        settings = Settings(root=root, site_name="kitpress", site_url="")
    return labels_command(args.buildings, args.per_sign, Path(args.output), settings)


def _setup_check(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="only report problems in these files or folders"
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--site-url", help="site address used to check QR code length")
    p.add_argument(
        "--no-posters",
        dest="posters",
        action="store_false",
        help="skip laying out the posters to see that their text fits (faster)",
    )


def _setup_build(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--site-url", help="publish address (overrides site_url in mkdocs.yml; QR codes use it)"
    )
    p.add_argument("--strict", action="store_true", help="refuse to build on warnings too")
    p.add_argument("--bleed", action="store_true", help="add 3 mm bleed and crop marks to posters")
    p.add_argument(
        "--jobs", type=int, default=0, help="poster render processes (default: one per core)"
    )


def _setup_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("slug", help="folder name of the new pack: a-z, 0-9 and hyphens")


def _setup_serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8000, help="port to listen on")


def _setup_labels(p: argparse.ArgumentParser) -> None:
    p.add_argument("--buildings", required=True, help='building numbers, e.g. "1-12,15,3A"')
    p.add_argument(
        "--per-sign", type=int, default=1, help="how many building numbers one sign groups"
    )
    p.add_argument("-o", "--output", default="labels.pdf", help="PDF file to write")


COMMANDS: list[tuple[str, Handler, Setup]] = [
    ("check", check, _setup_check),
    ("build", build, _setup_build),
    ("new", new, _setup_new),
    ("serve", serve, _setup_serve),
    ("labels", labels, _setup_labels),
]
