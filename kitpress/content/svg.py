"""SVG pictures parsed as XML and held to an allowlist: an SVG opened by itself is a page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from kitpress.problems import Mark, Problem, problem

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
# What drawing programs add for themselves; browsers show and run nothing in them.
EDITOR = {
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
}
# Drawing only: no script, foreignObject, animation (which can set href), image or a.
ELEMENTS = {
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "filter", "feGaussianBlur", "feOffset", "feBlend",
    "feColorMatrix", "feFlood", "feComposite", "feMerge", "feMergeNode", "feMorphology",
    "feComponentTransfer", "feFuncR", "feFuncG", "feFuncB", "feFuncA", "feDropShadow",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "style", "version", "baseProfile", "width", "height", "viewBox",
    "preserveAspectRatio", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
    "fx", "fy", "fr", "d", "points", "pathLength", "transform", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "opacity", "color", "display", "visibility", "overflow", "clip-path", "clip-rule",
    "mask", "filter", "marker-start", "marker-mid", "marker-end", "stop-color",
    "stop-opacity", "offset", "gradientUnits", "gradientTransform", "spreadMethod",
    "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits",
    "maskUnits", "maskContentUnits", "markerUnits", "markerWidth", "markerHeight", "refX",
    "refY", "orient", "filterUnits", "primitiveUnits", "in", "in2", "result",
    "stdDeviation", "dx", "dy", "mode", "type", "values", "operator", "k1", "k2", "k3",
    "k4", "radius", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "flood-color", "flood-opacity", "font-family", "font-size", "font-weight",
    "font-style", "font-variant", "text-anchor", "dominant-baseline", "letter-spacing",
    "word-spacing", "text-decoration", "writing-mode", "startOffset", "textLength",
    "lengthAdjust", "rotate", "href", "media", "lang", "requiredFeatures",
    "systemLanguage", "color-interpolation-filters", "shape-rendering", "text-rendering",
    "image-rendering", "vector-effect", "paint-order", "mix-blend-mode", "isolation",
}  # fmt: skip
_JUNK = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"url\(\s*([\"']?)(.*?)\1\s*\)", re.I | re.S)
_CSS_DANGER = re.compile(r"@import|expression\s*\(|\\|javascript:|behavior\s*:|-moz-binding", re.I)


class Refused(Exception):
    """An SVG element or attribute off the allowlist, or one that runs or loads."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


def check_svg(path: Path, source: str, ref: str) -> list[Problem]:
    """Parse an SVG file (any encoding XML knows, no DTD) and report what it may not hold."""
    checker = _Checker()
    parser = DefusedXMLParser(
        target=checker, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    checker.expat = parser.parser
    try:
        parser.feed(path.read_bytes())
        parser.close()
    except Refused as exc:
        return [problem(Mark(source, *checker.where), exc.code, ref=ref, detail=exc.detail)]
    except defusedxml.DefusedXmlException:
        return [problem(Mark(source, *checker.now()), "K229", ref=ref)]
    except ParseError as exc:
        line, col = exc.position
        return [problem(Mark(source, line, col + 1), "K228", ref=ref, detail=_reason(exc))]
    except (ValueError, LookupError) as exc:  # an encoding expat does not know
        return [problem(Mark(source), "K228", ref=ref, detail=str(exc))]
    if not checker.saw_svg:
        return [problem(Mark(source), "K228", ref=ref, detail="<svg>")]
    return []


def _reason(exc: ParseError) -> str:
    return str(exc).split(":")[0]


class _Checker:
    """An ElementTree target that refuses, at its line, what the allowlist does not hold."""

    def __init__(self) -> None:
        self.expat: Any = None
        self.where = (1, 1)
        self.saw_svg = False
        self.in_style = 0
        self.in_editor = 0

    def now(self) -> tuple[int, int]:
        """Return the 1-based line and column the parser is at."""
        if self.expat is None:
            return 1, 1
        return self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """Check one element and its attributes."""
        self.where = self.now()
        uri, local = _split(tag)
        if self.in_editor or uri in EDITOR:
            self.in_editor += 1
            return
        if uri != SVG:
            # As XML writes it, so the detail reads the same in every language.
            raise Refused(_code(local), f'<{local} xmlns="{uri or ""}">')
        if local not in ELEMENTS:
            raise Refused(_code(local), f"<{local}>")
        self.saw_svg = True
        self.in_style += local == "style"
        for name, value in attrs.items():
            _check_attribute(*_split(name), value)

    def end(self, tag: str) -> None:
        """Leave an element."""
        if self.in_editor:
            self.in_editor -= 1
        elif _split(tag)[1] == "style":
            self.in_style -= 1

    def data(self, content: str) -> None:
        """Check the text of a <style> element."""
        if self.in_style:  # reported at the <style> element
            _check_css(content, "<style>")

    def pi(self, target: str, data: str) -> None:
        """Refuse processing instructions."""
        # <?xml-stylesheet?> loads CSS or XSLT, and XSLT can write a page with scripts.
        self.where = self.now()
        raise Refused("K221", f"<?{target}?>")

    def close(self) -> None:
        """End the document (ElementTree asks a target for it)."""


def _split(name: str) -> tuple[str | None, str]:
    """Split ElementTree's "{uri}local" into its namespace (None for none) and local name."""
    if name.startswith("{"):
        uri, _, local = name[1:].partition("}")
        return uri, local
    return None, name


def _code(local: str) -> str:
    """Pick K221 for what runs or loads, K230 for what is merely not on the allowlist."""
    low = local.lower()
    dangerous = low in ("script", "foreignobject", "iframe", "embed", "object", "image", "a")
    return "K221" if dangerous or low.startswith(("animate", "set")) else "K230"


def _check_attribute(uri: str | None, local: str, value: str) -> None:
    """Refuse an attribute off the allowlist, or one whose value runs or loads something."""
    if local.lower().startswith("on"):
        raise Refused("K221", f"{local}=")
    qname = local if uri is None else f"{{{uri}}}{local}"
    allowed = (uri is None and local in ATTRIBUTES) or (uri == XLINK and local == "href")
    allowed = allowed or (uri == XML and local in ("space", "lang")) or uri in EDITOR
    if not allowed:
        raise Refused("K230", f"{qname}=")
    if local == "href" and not value.strip().startswith("#"):
        raise Refused("K221", f'{qname}="{value[:40]}"')  # only this picture's own parts
    _check_css(value, f"{qname}=")


def _check_css(text: str, where: str) -> None:
    """Refuse CSS (a style or a presentation value) that imports, loads or escapes."""
    squeezed = _JUNK.sub("", text)
    danger = _CSS_DANGER.search(squeezed)
    if danger:
        raise Refused("K221", f"{where} {danger.group(0)}")
    for found in _CSS_URL.finditer(text):
        if not _JUNK.sub("", found.group(2)).startswith("#"):
            raise Refused("K221", f"{where} url({found.group(2)[:40]})")
