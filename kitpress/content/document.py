"""YAML documents loaded with the line and column of every key and value."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kitpress.content.compose import MAX_DEPTH, PATTERNS, TAG, Stop, compose
from kitpress.content.slips import ODD_SPACES, Slip, code_point, find_control_characters, find_slips
from kitpress.content.syntax import Error, explain, key_slip, quote_slip
from kitpress.problems import Mark, Problem, problem

Path_ = tuple[str | int, ...]
_MAX_NODES = 50_000  # alias bombs expand exponentially; no real pack comes close
KB = 1024
# pack.yml, taxonomy.yml, mkdocs.yml and content pages are a few KB; YAML parsing takes
# about a hundred times a file's size in memory, so a 20 MB file would take gigabytes.
MAX_TEXT_BYTES = 1024 * KB
# YAML folds a line break inside a text into a space; between Chinese characters that space
# is an artefact of the editor's line length, not something the writer typed.
_FENCE = re.compile(r"^-{3,}[ \t]*$")
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
_LINE_HEAD = re.compile(r"[ ]*(?:-[ ]+)*")  # what comes before a key on its line


@dataclass(frozen=True)
class Document:
    """A loaded YAML mapping with marks for looking up where each part was written."""

    path: str
    data: Any
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    texts: dict[Path_, str] = field(default_factory=dict)
    refused: frozenset[Path_] = frozenset()  # values dropped for a refused tag (K006)

    def mark(self, *at: str | int) -> Mark:
        """Return where the value at ``at`` was written, or its nearest parent."""
        return _lookup(self.value_marks, at) or Mark(self.path)

    def key_mark(self, *at: str | int) -> Mark:
        """Return where the key at ``at`` was written, falling back to its value."""
        return self.key_marks.get(tuple(at)) or self.mark(*at)

    def typed(self, *at: str | int) -> str:
        """Return the value at ``at`` as the writer typed it: 1.10 stays 1.10, ~ stays ~."""
        return self.texts.get(tuple(at), "")


def _lookup(marks: dict[Path_, Mark], at: Path_) -> Mark | None:
    for end in range(len(at), -1, -1):
        if tuple(at[:end]) in marks:
            return marks[tuple(at[:end])]
    return None


def read_text(
    path: Path, rel: str, limit: int = MAX_TEXT_BYTES, code: str = "K234"
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file of at most ``limit`` bytes (else problem ``code``), or say why not.

    The size is known before any byte is read, and no more than ``limit`` bytes ever are
    (the file may grow meanwhile): memory stays bounded whatever the file holds.
    """
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            raw = file.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        return None, [problem(Mark(rel), "K005", detail=exc.strerror or str(exc))]
    if size > limit or len(raw) > limit:
        return None, [too_large(rel, max(size, len(raw)), limit, code)]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        said = f"byte 0x{raw[exc.start]:02x}: {exc.reason}"
        return None, [problem(Mark(rel, line, col), "K003", parser=said)]


def too_large(rel: str, size: int, limit: int, code: str = "K234") -> Problem:
    """Report a text file over its size limit, sizes in KB (rounded up: never "= limit")."""
    return problem(Mark(rel), code, size=-(-size // KB), limit=limit // KB)


def parse_yaml(
    text: str, rel: str, line_offset: int = 0, empty_ok: bool = False, fast: bool = True
) -> tuple[Document, list[Problem]]:
    """Parse one YAML mapping, reporting syntax errors, duplicate keys and bad tags.

    The document's data is None whenever it cannot be trusted; an empty text is an
    error unless ``empty_ok`` (a card's front matter may be empty: its fields say why).
    Not ``fast``: PyYAML's own parser only, for tests to compare with libyaml's.
    """
    at = _Marker(rel, line_offset)
    control = find_control_characters(text)
    if control:
        return Document(rel, None), [at.slip(s) for s in control]
    try:
        node = compose(text, fast)
        walker = _Walker(at, text)
        data = walker.walk(node, ()) if node is not None else {} if empty_ok else None
    except Stop as stop:
        mark = at.mark(stop.mark) if stop.mark else Mark(rel)
        return Document(rel, None), [problem(mark, stop.code, **stop.details)]
    except yaml.MarkedYAMLError as exc:
        return Document(rel, None), _syntax_problems(exc, text, at)
    except (yaml.YAMLError, RecursionError) as exc:
        return Document(rel, None), [problem(Mark(rel), "K001", parser=str(exc))]
    if node is None and not empty_ok:
        return Document(rel, None), [problem(Mark(rel), "K015")]
    if node is not None and not isinstance(node, yaml.MappingNode):
        slips = [at.slip(s) for s in find_slips(text)] + walker.problems
        return Document(rel, None), slips or [
            problem(at.mark(node.start_mark), "K004", got=_kind(node))
        ]
    refused = frozenset(walker.refused)
    doc = Document(rel, data, walker.value_marks, walker.key_marks, walker.texts, refused)
    return doc, walker.problems


def nesting_problem(text: str, rel: str) -> Problem | None:
    """Find an alias inside its own anchor (K010) or nesting past the limit (K008).

    For YAML another loader reads (mkdocs.yml): it reads events one by one, so neither a
    loop nor depth can exhaust the stack here; a syntax error is left to that loader.
    """
    open_nodes: list[str] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) and event.anchor in open_nodes:
                return _at_event(rel, event, "K010", name=event.anchor)
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) >= MAX_DEPTH:
                    return _at_event(rel, event, "K008", limit=MAX_DEPTH)
                open_nodes.append(event.anchor or "")
            elif isinstance(event, yaml.CollectionEndEvent):
                open_nodes.pop()
    except yaml.YAMLError:
        pass
    return None


def _at_event(rel: str, event: yaml.Event, code: str, **args: object) -> Problem:
    m = event.start_mark
    return problem(Mark(rel, m.line + 1, m.column + 1) if m else Mark(rel), code, **args)


def syntax_problems(exc: yaml.MarkedYAMLError, text: str, rel: str) -> list[Problem]:
    """Explain a syntax error in the YAML file ``rel`` (mkdocs.yml, read by MkDocs' loader)."""
    return _syntax_problems(exc, text, _Marker(rel, 0))


def _syntax_problems(exc: yaml.MarkedYAMLError, text: str, at: _Marker) -> list[Problem]:
    """Explain a syntax error by the slip that caused it; the parser's words are for --verbose."""
    mark = exc.problem_mark or exc.context_mark
    said = "; ".join(" ".join(part.split()) for part in (exc.context, exc.problem) if part)
    if mark is None:
        return [problem(Mark(at.rel), "K001", parser=said)]
    context = exc.context_mark
    error = Error(
        mark.line + 1,
        mark.column + 1,
        exc.context or "",
        context.line + 1 if context else 0,
        context.column + 1 if context else 0,
    )
    said += f" (line {mark.line + 1 + at.offset}, column {mark.column + 1})"
    return [at.slip(s, parser=said) for s in explain(text, error)]


def _kind(node: yaml.Node) -> str:
    """Name the kind of a node by a key of messages.TYPE_WORDS."""
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "nothing" if node.tag == TAG + "null" else "text"


@dataclass(frozen=True)
class _Marker:
    """Turn PyYAML's 0-based marks into the file's own 1-based lines and columns."""

    rel: str
    offset: int

    def mark(self, m: yaml.Mark) -> Mark:
        return Mark(self.rel, m.line + 1 + self.offset, m.column + 1)

    def slip(self, s: Slip, **extra: str) -> Problem:
        return problem(Mark(self.rel, s.line + self.offset, s.col), s.code, **s.args, **extra)


class _Walker:
    """Turn composed YAML nodes into plain values, recording marks on the way."""

    def __init__(self, at: _Marker, text: str) -> None:
        self.at, self.text = at, text
        self.value_marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.texts: dict[Path_, str] = {}
        self.problems: list[Problem] = []
        self.refused: list[Path_] = []
        self.count = 0

    def walk(self, node: yaml.Node, at: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise Stop("K016", node.start_mark, limit=_MAX_NODES)
        self.value_marks[at] = self.at.mark(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            self.texts[at] = node.value
            if node.style is None and (slip := self.typing_slip(node)):
                self.problems.append(slip)
                if slip.code == "K019":  # read what is inside the quotes, as meant
                    inner = dict(slip.args)["value"]
                    node = yaml.ScalarNode(TAG + "str", inner, node.start_mark, node.end_mark)
                    self.texts[at] = node.value
            return self.scalar(node, at)
        if node.tag not in (TAG + "map", TAG + "seq"):
            return self.refuse(node, at)
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, at)
        return [self.walk(item, (*at, i)) for i, item in enumerate(node.value)]

    def walk_mapping(self, node: yaml.MappingNode, at: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_mark = self.at.mark(key_node.start_mark)
            key = self.key(key_node)
            if key is None:
                continue
            if key in first:
                self.problems.append(problem(key_mark, "K002", key=key, first=first[key]))
                continue
            first[key] = key_mark.line
            self.key_marks[(*at, key)] = key_mark
            out[key] = self.walk(value_node, (*at, key))
        return out

    def key(self, node: yaml.Node) -> str | None:
        """Read a mapping key as text, reporting merge keys and keys that are not text."""
        mark = self.at.mark(node.start_mark)
        if isinstance(node, yaml.ScalarNode) and node.value == "<<" and node.style is None:
            self.problems.append(problem(mark, "K014"))
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag == TAG + "null":
            self.problems.append(problem(mark, "K017"))
            return None
        if node.value and node.value[0] in ODD_SPACES:  # indentation YAML took for the key
            self.problems.append(problem(mark, "K012", char=code_point(node.value[0])))
            return None
        return str(node.value)

    def typing_slip(self, node: yaml.ScalarNode) -> Problem | None:
        """Report a plain value that is a slip: "name:测试" typed as a key, or “1.0.0”."""
        inner = quote_slip(node.value)
        if inner is not None and not _CJK.search(inner):  # “门贴” may be Chinese typography
            return problem(self.at.mark(node.start_mark), "K019", value=inner)
        m, text = node.start_mark, self.text  # marks count characters of the text, both parsers
        head = text[text.rfind("\n", 0, m.index) + 1 : m.index]
        if not _LINE_HEAD.fullmatch(head):
            return None  # a value after its key: "a: b:c" is a text with a colon in it
        end = text.find("\n", m.index)
        found = key_slip(text[m.index : end if end >= 0 else None], m.line + 1, m.column + 1)
        return self.at.slip(found) if found else None

    def refuse(self, node: yaml.Node, at: Path_) -> None:
        """Report a value whose tag is not allowed; it reads as nothing."""
        self.problems.append(problem(self.at.mark(node.start_mark), "K006", tag=node.tag))
        self.refused.append(at)

    def scalar(self, node: yaml.ScalarNode, at: Path_) -> Any:
        """Convert a scalar by its tag; a value its tag cannot hold keeps its text."""
        tag, text = node.tag, node.value
        if tag == TAG + "str":
            multiline = node.end_mark.line > node.start_mark.line
            return _unfold_cjk(node, text, self.text) if multiline else text
        pattern = PATTERNS.get(tag)
        if pattern is None or not pattern.match(text):
            return self.refuse(node, at)
        if tag == TAG + "timestamp":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:  # 2020-13-45: keep the text, the field check reports it
                return text
        return _convert(tag[len(TAG) :], text)


def _convert(kind: str, text: str) -> bool | int | float | str | None:
    """Turn the text of a bool, int, float or null scalar into its value."""
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        try:
            return int(text)
        except ValueError:  # past Python's 4,300 digits: no one means that number; keep the text
            return text
    return float(text) if kind == "float" else None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from a Markdown body: (yaml, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def front_matter_problem(text: str, rel: str) -> Problem:
    """Say why a card has no front matter: none at all, not closed, or a fence not ---."""
    lines = text.splitlines()
    fences = [(n, line.strip()) for n, line in enumerate(lines, 1) if _FENCE.match(line)]
    if not fences or fences[0][0] != 1:
        return problem(Mark(rel), "K302")
    wrong = next(((n, fence) for n, fence in fences if fence != "---"), None)
    return (
        problem(Mark(rel, wrong[0]), "K125", line=wrong[1]) if wrong else problem(Mark(rel), "K124")
    )


def _unfold_cjk(node: yaml.ScalarNode, value: str, source: str) -> str:
    """Rejoin a folded text's lines without the space YAML put between Chinese characters."""
    if node.style not in (">", None):
        return value
    raw = source[node.start_mark.index : node.end_mark.index]
    lines = [line.strip() for line in raw.splitlines()[1 if node.style == ">" else 0 :]]
    spaced, joined = "", ""
    for line in lines:
        if not line:
            spaced, joined = spaced + "\n", joined + "\n"
            continue
        if spaced and not spaced.endswith("\n"):
            spaced += " "
            both_cjk = _CJK.match(joined[-1]) and _CJK.match(line[0])
            joined += "" if both_cjk else " "
        spaced, joined = spaced + line, joined + line
    # Only trust the rebuilt text when it is exactly what YAML made, but for those spaces.
    return joined if spaced.strip() == value.strip() else value
