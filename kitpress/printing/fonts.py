"""Find the poster font and cut it down to the characters one poster prints.

A poster embeds only a few hundred of the 65,535 glyphs of Noto Sans CJK. WeasyPrint subsets
fonts itself but keeps glyph ids, which leaves a ~230 KB font in every PDF; cutting the face
down first with HarfBuzz (a few milliseconds) renumbers the glyphs and gives ~20 KB.
"""

from __future__ import annotations

import hashlib
import os
import string
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kitpress.model import Settings
from kitpress.problems import Problem, problem

# Characters every poster may print without them appearing in its text: list numbers,
# punctuation that CSS adds, and the ASCII a URL is made of.
BASE_CHARS = frozenset(string.printable.strip() + " ，。、：；！？“”‘’（）《》…—–·•")

_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add (hb_set_t *set, uint32_t codepoint);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, unsigned set_type);
uint32_t hb_tag_from_string (const char *str, int len);
"""
_NO_HINTING = 1  # HB_SUBSET_FLAGS_NO_HINTING: hints only matter on low-resolution screens
_DROP_TABLE_TAG = 3  # HB_SUBSET_SETS_DROP_TABLE_TAG
# Posters set horizontal text without kerning or alternates: shaping without these tables
# is faster, and WeasyPrint drops them from the embedded font anyway.
_DROPPED_TABLES = (b"GSUB", b"GPOS", b"GDEF", b"BASE", b"vhea", b"vmtx", b"VORG")


@dataclass(frozen=True)
class FontFace:
    """One installed font file (and face index in a collection) at one weight."""

    path: Path
    index: int
    weight: int  # CSS weight: 400 or 700
    name: str  # file name, face and size: the same on every machine with the same font


@dataclass(frozen=True)
class FontPlan:
    """The subset fonts one document uses: a family name unique to its characters."""

    family: str
    fallback: str  # the installed family, for characters the subset lacks
    chars: str  # what the subsets hold, sorted
    files: tuple[tuple[FontFace, Path], ...]  # (source face, subset file to write)

    @property
    def stack(self) -> str:
        """Return the CSS font-family value that puts the subset first."""
        names = [self.family] if self.files else []
        return ", ".join(f'"{n}"' for n in [*names, self.fallback]) + ", sans-serif"

    @property
    def css(self) -> str:
        """Return the @font-face rules that load the subset files."""
        return "".join(
            f'@font-face {{ font-family: "{self.family}"; font-weight: {face.weight}; '
            f'src: url("{out.as_uri()}"); }}\n'
            for face, out in self.files
        )


@lru_cache(maxsize=8)
def find_faces(family: str) -> tuple[FontFace, ...]:
    """Return the regular and bold faces of an installed ``family``, or () if missing."""
    faces = []
    for weight, style in ((400, "regular"), (700, "bold")):
        found = _fc_match(f"{family}:{style}")
        if found and family.lower() in found[2].lower().split(","):
            path, index = Path(found[0]), int(found[1])
            name = f"{path.name}#{index}:{path.stat().st_size}"
            faces.append(FontFace(path, index, weight, name))
    return tuple(faces)


def _fc_match(pattern: str) -> tuple[str, str, str] | None:
    """Ask fontconfig which file, face index and family serve ``pattern``."""
    try:
        out = subprocess.run(
            ["fc-match", "--format", "%{file}|%{index}|%{family}", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("|")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def plan_fonts(family: str, text: str, folder: Path) -> FontPlan:
    """Plan subset fonts of ``family`` holding every character of ``text``."""
    faces = find_faces(family)
    chars = "".join(sorted(set(text) | BASE_CHARS))
    digest = hashlib.sha256(chars.encode("utf-8", "surrogatepass"))
    for face in faces:
        digest.update(face.name.encode())  # not the path: names end up in the PDF
    name = "kp-" + digest.hexdigest()[:16]
    files = tuple((face, folder / f"{name}-{face.weight}.otf") for face in faces)
    return FontPlan(name, family, chars, files)


def write_subsets(plan: FontPlan) -> None:
    """Write the plan's subset files that do not exist yet."""
    for face, out in plan.files:
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        data = subset_face(face.path, face.index, plan.chars)
        tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, out)  # atomic: a parallel worker may write the same file


def subset_face(path: Path, index: int, chars: str) -> bytes:
    """Cut face ``index`` of font file ``path`` down to ``chars`` with HarfBuzz."""
    ffi, hb, hbs = _harfbuzz()
    blob = ffi.gc(hb.hb_blob_create_from_file_or_fail(os.fsencode(path)), hb.hb_blob_destroy)
    if blob == ffi.NULL:
        raise OSError(f"cannot read font {path}")
    face = ffi.gc(hb.hb_face_create(blob, index), hb.hb_face_destroy)
    request = ffi.gc(hbs.hb_subset_input_create_or_fail(), hbs.hb_subset_input_destroy)
    unicodes = hbs.hb_subset_input_unicode_set(request)
    for char in chars:
        hb.hb_set_add(unicodes, ord(char))
    hbs.hb_subset_input_set_flags(request, _NO_HINTING)
    dropped = hbs.hb_subset_input_set(request, _DROP_TABLE_TAG)
    for tag in _DROPPED_TABLES:
        hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, 4))
    result = hbs.hb_subset_or_fail(face, request)
    if result == ffi.NULL:
        raise OSError(f"HarfBuzz cannot subset {path}")
    result = ffi.gc(result, hb.hb_face_destroy)
    data = ffi.gc(hb.hb_face_reference_blob(result), hb.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    pointer = hb.hb_blob_get_data(data, length)
    return bytes(ffi.buffer(pointer, length[0]))


@lru_cache(maxsize=1)
def _harfbuzz() -> tuple[Any, Any, Any]:
    """Open libharfbuzz and libharfbuzz-subset (Debian's libharfbuzz-subset0) once."""
    import cffi  # WeasyPrint's own dependency: no extra package

    ffi = cffi.FFI()
    ffi.cdef(_HB_CDEF)
    return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")


def font_problems(settings: Settings) -> list[Problem]:
    """Warn when the poster font named in mkdocs.yml is not installed here."""
    if find_faces(settings.font_family):
        return []
    return [problem(settings.mark("font_family"), "K404", family=settings.font_family)]
