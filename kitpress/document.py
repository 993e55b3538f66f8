"""YAML documents loaded with the line and column of every key and value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kitpress.problems import Mark, Problem, problem

Path_ = tuple[str | int, ...]
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MAX_NODES = 50_000  # alias bombs expand exponentially; no real pack comes close
# YAML folds a line break inside a text into a space; between Chinese characters that space
# is an artefact of the editor's line length, not something the writer typed.
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


@dataclass(frozen=True)
class Document:
    """A loaded YAML mapping with marks for looking up where each part was written."""

    path: str
    data: Any
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, *at: str | int) -> Mark:
        """Return where the value at ``at`` was written, or its nearest parent."""
        return _lookup(self.value_marks, at) or Mark(self.path)

    def key_mark(self, *at: str | int) -> Mark:
        """Return where the key at ``at`` was written, falling back to its value."""
        return self.key_marks.get(tuple(at)) or self.mark(*at)


def _lookup(marks: dict[Path_, Mark], at: Path_) -> Mark | None:
    for end in range(len(at), -1, -1):
        if tuple(at[:end]) in marks:
            return marks[tuple(at[:end])]
    return None


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, reporting where the first bad byte is if it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [problem(Mark(rel), "K005", detail=exc.strerror or str(exc))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        detail = f"byte 0x{raw[exc.start]:02x}"
        return None, [problem(Mark(rel, line, col), "K003", detail=detail)]


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Document, list[Problem]]:
    """Parse one YAML mapping, reporting syntax errors, duplicate keys and bad tags."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        mark = Mark(rel, m.line + 1 + line_offset, m.column + 1) if m else Mark(rel)
        detail = exc.problem or exc.context or "?"
        return Document(rel, None), [problem(mark, "K001", detail=detail)]
    except yaml.YAMLError as exc:
        return Document(rel, None), [problem(Mark(rel), "K001", detail=str(exc))]
    walker = _Walker(rel, line_offset)
    data = walker.walk(node, ()) if node is not None else None
    doc = Document(rel, data, walker.value_marks, walker.key_marks)
    return doc, walker.problems


class _Walker:
    """Turn composed YAML nodes into plain values, recording marks on the way."""

    def __init__(self, rel: str, line_offset: int) -> None:
        self.rel = rel
        self.offset = line_offset
        self.value_marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def mark_of(self, node: yaml.Node) -> Mark:
        m = node.start_mark
        return Mark(self.rel, m.line + 1 + self.offset, m.column + 1)

    def walk(self, node: yaml.Node, at: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            if self.count == _MAX_NODES + 1:
                self.problems.append(problem(self.mark_of(node), "K001", detail="too many nodes"))
            return None
        self.value_marks[at] = self.mark_of(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.problems.append(problem(self.mark_of(node), "K006", tag=node.tag))
            return None
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*at, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def walk_mapping(self, node: yaml.MappingNode, at: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self.problems.append(problem(self.mark_of(key_node), "K001", detail="bad key"))
                continue
            key = str(key)
            key_mark = self.mark_of(key_node)
            if key in first:
                self.problems.append(problem(key_mark, "K002", key=key, first=first[key]))
                continue
            first[key] = key_mark.line
            self.key_marks[(*at, key)] = key_mark
            out[key] = self.walk(value_node, (*at, key))
        return out

    def scalar(self, node: yaml.Node) -> Any:
        if not node.tag.startswith("tag:yaml.org,2002:"):
            self.problems.append(problem(self.mark_of(node), "K006", tag=node.tag))
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
            multiline = node.end_mark.line > node.start_mark.line
            if isinstance(value, str) and isinstance(node, yaml.ScalarNode) and multiline:
                value = _unfold_cjk(node, value)
            return value
        except (ValueError, OverflowError):
            # An impossible date such as 2020-13-45: keep the text, the field check reports it.
            return str(node.value)
        except yaml.YAMLError as exc:
            detail = getattr(exc, "problem", None) or str(exc)
            self.problems.append(problem(self.mark_of(node), "K001", detail=detail))
            return None


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---`` front matter from a Markdown body: (yaml, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return None


def _unfold_cjk(node: yaml.ScalarNode, value: str) -> str:
    """Rejoin a folded text's lines without the space YAML put between Chinese characters."""
    if node.style not in (">", None) or node.start_mark.buffer is None:
        return value
    raw = node.start_mark.buffer[node.start_mark.pointer : node.end_mark.pointer]
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
