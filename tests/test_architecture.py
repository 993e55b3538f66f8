"""The stages import downhill only, and no module imports itself back through another."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kitpress

PACKAGE = Path(kitpress.__file__).parent
# templating: the one template lookup rule (project over built-in), which printing/ and
# publish/ both need and may not import from each other.
BASE = {"model", "problems", "messages", "outputs", "templating"}
# What each part of the engine may import, besides itself and the base modules.
ALLOWED = {
    "base": set(),
    "content": set(),
    "printing": set(),
    "publish": set(),
    "build": {"content", "printing", "publish"},
    "cli": {"content", "printing", "publish", "build"},
    "root": {"cli"},
}

# Stages reaching into each other: none are left, and none may be added.
KNOWN: set[tuple[str, str]] = set()


def module_names() -> dict[str, Path]:
    """Map every module of the package to its file, e.g. kitpress.content.loader."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def part_of(module: str) -> str:
    """Name the stage a module belongs to: base, content, printing, publish, build, cli, root."""
    parts = module.split(".")
    if module == "kitpress.__main__":
        return "root"
    if len(parts) == 1 or parts[1] in BASE:  # the package itself holds only __version__
        return "base"
    return parts[1]


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """Return the kitpress modules ``module`` imports anywhere in its file, function bodies too."""
    found = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return {name for name in found if name in known and name != module}


def graph() -> dict[str, set[str]]:
    """Return every module's kitpress imports."""
    names = module_names()
    return {name: imports_of(name, path, set(names)) for name, path in names.items()}


def test_the_stages_exist_as_folders():
    for stage in ("content", "printing", "publish", "cli"):
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
    for module in ("model", "problems", "messages", "outputs", "build"):
        assert (PACKAGE / f"{module}.py").is_file(), module


@pytest.mark.parametrize("module", sorted(module_names()))
def test_imports_run_downhill(module):
    deps = graph()[module]
    own = part_of(module)
    # A package's __init__ may import its own modules; the root package imports nothing heavy.
    wrong = sorted(
        dep
        for dep in deps
        if part_of(dep) not in {own, "base"} | ALLOWED[own] and (module, dep) not in KNOWN
    )
    assert not wrong, f"{module} imports {wrong} across stages"


def test_base_modules_import_no_stage():
    for module, deps in graph().items():
        if part_of(module) == "base":
            assert all(part_of(dep) == "base" for dep in deps), (module, deps)


def test_no_import_cycles():
    edges = graph()
    # A package's __init__ importing its children is how Python packages work, not a cycle.
    edges = {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in edges.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(edges[node]):
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if not state.get(dep):
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node)


def test_the_checker_sees_a_wrong_import(tmp_path):
    """The rules above would catch content importing printing, even inside a function."""
    source = tmp_path / "loader.py"
    source.write_text("def f():\n    from kitpress.printing.qr import qr_svg\n", encoding="utf-8")
    known = set(module_names())
    deps = imports_of("kitpress.content.loader", source, known)
    assert deps == {"kitpress.printing.qr"}
    assert part_of("kitpress.printing.qr") not in {"content", "base"} | ALLOWED["content"]


def test_the_readme_names_every_stage_folder_and_module():
    """README's pipeline lists each module under its folder: a newcomer finds it in one step."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    pipeline = readme[readme.index("## 流程 · Pipeline") :]
    pipeline = pipeline[: pipeline.index("\n## ")]
    listed: dict[str, str] = {}
    folder = ""
    for line in pipeline.splitlines():
        if line.startswith("- `kitpress/"):
            folder = line.split("`")[1].rstrip("/").split("/")[1]
        elif line.startswith("  - `") and folder:
            for name in line.split(" — ")[0].split("`")[1::2]:
                listed[f"kitpress.{folder}.{name}"] = folder
    stages = {m for m in module_names() if part_of(m) in ("content", "printing", "publish", "cli")}
    modules = {m for m in stages if m.count(".") == 2}  # a folder itself is named by its line
    missing = sorted(modules - set(listed))
    assert missing == [], (
        "README.md, section 流程 · Pipeline: under the line of each module's folder, add"
        " '  - `name` — what it holds'"
    )
    roots = {f"{m}.__init__" for m in stages - modules}
    assert sorted(set(listed) - modules - roots) == [], "README names modules that do not exist"


# The repository's own content named from an engine test: REPO or ROOT, then packs or content.
LIVE_CONTENT = re.compile(
    r"""\b(?:REPO|ROOT)\s*/\s*["'](?:packs|content)\b|\b(?:REPO|ROOT)\.r?glob\("""
)


def test_engine_tests_never_read_the_repositorys_own_packs_or_pages():
    """A fork replaces packs/ and content/; only tests/project may look at them."""
    tests = Path(__file__).resolve().parent
    readers = [
        f"{path.name}:{number}"
        for path in sorted(tests.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LIVE_CONTENT.search(line)
    ]
    assert readers == []
    # Split, so that this file does not find itself.
    assert LIVE_CONTENT.search("load(ROOT / " + '"content" / "taxonomy.yml")')
    assert LIVE_CONTENT.search("sorted(REPO" + '.glob("packs/*/pack.yml"))')
