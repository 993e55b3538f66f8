"""Pack bundles: contents, manifest, README, license, checksums, limits, safety, caching."""

import dataclasses
import hashlib
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from kitpress.build import load_project
from kitpress.content.settings import load_settings
from kitpress.model import LICENSES, Download
from kitpress.problems import ContentError
from kitpress.publish.archive import UnsafeName
from kitpress.publish.bundles import license_text, make_bundles, write_checksums

FIXTURE = "bundles-project"


def mini_pdf(text: str) -> bytes:
    """Return a small valid one-page A4 PDF whose bytes depend only on ``text``."""
    stream = f"BT /F1 24 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def fake_posters(project, docs_dir: Path) -> tuple[Download, ...]:
    """Stand in for the posters stage: one small real PDF per pack, as it would write them."""
    made = []
    for pack in project.packs:
        path = f"downloads/{pack.slug}/{pack.slug}-poster-a4.pdf"
        data = mini_pdf(pack.slug)
        (docs_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / path).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        title = f"{pack.title} 海报"
        made.append(
            Download(path, "poster", title, len(data), digest, pack.slug, pages=1, paper="A4 竖版")
        )
    return tuple(made)


def printed(docs_dir: Path, downloads) -> dict[str, bytes]:
    """Return the bytes of the posters, as the print stage hands them to the bundles."""
    return {d.path: (docs_dir / d.path).read_bytes() for d in downloads}


def load(root: Path, **changes):
    settings = dataclasses.replace(load_settings(root), **changes)
    return load_project(root, settings)


def run(project, out: Path):
    """Run posters, bundles and SHA256SUMS into ``out``/docs with cache ``out``/cache."""
    docs, cache = out / "docs", out / "cache"
    posters = fake_posters(project, docs)
    downloads = posters + make_bundles(project, posters, printed(docs, posters), docs, cache)
    write_checksums(docs, downloads)
    return docs, cache, downloads


@pytest.fixture
def built(make_project, tmp_path):
    root = make_project(FIXTURE)
    project = load(root)
    docs, cache, downloads = run(project, tmp_path / "out")
    return project, docs, cache, downloads


def bundle(downloads, slug):
    return next(d for d in downloads if d.kind == "bundle" and d.pack == slug)


def extract(docs: Path, download: Download, dest: Path) -> Path:
    with zipfile.ZipFile(docs / download.path) as archive:
        assert archive.testzip() is None
        archive.extractall(dest)
    return dest / download.pack


def test_each_pack_gets_a_zip_at_a_stable_url(built):
    project, docs, _, downloads = built
    bundles = [d for d in downloads if d.kind == "bundle"]
    assert [d.path for d in bundles] == [f"downloads/{p.slug}.zip" for p in project.packs]
    for d in bundles:
        data = (docs / d.path).read_bytes()
        assert (d.size, d.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert d.title.startswith(project.pack(d.pack).title)
        result = subprocess.run(["unzip", "-t", str(docs / d.path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout


def test_bundle_holds_sources_pdfs_license_readme_and_manifest(built, tmp_path):
    _, docs, _, downloads = built
    folder = extract(docs, bundle(downloads, "tea-corner"), tmp_path / "x")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "LICENSE",
        "README.md",
        "manifest.json",
        "pdf/tea-corner-poster-a4.pdf",
        "source/assets/table.png",
        "source/cards/01-ask-first.md",
        "source/cards/02-hot-water.md",
        "source/pack.yml",
    ]
    src = Path(built[0].settings.root) / "packs" / "tea-corner"
    assert (folder / "source/pack.yml").read_bytes() == (src / "pack.yml").read_bytes()
    assert (folder / "pdf/tea-corner-poster-a4.pdf").read_bytes() == mini_pdf("tea-corner")


def test_manifest_lists_every_other_file_with_size_and_checksum(built, tmp_path):
    _, docs, _, downloads = built
    folder = extract(docs, bundle(downloads, "tea-corner"), tmp_path / "x")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "1.2.0"
    assert manifest["build_date"] == "2020-03-01T00:00:00Z"
    assert manifest["license"] == "CC-BY-SA-4.0"
    assert manifest["url"] == "https://example.github.io/kits/tea-corner/"
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(listed) == on_disk - {"manifest.json"}
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_readme_names_every_file_and_says_what_matters(built, tmp_path):
    project, docs, _, downloads = built
    for pack in project.packs:
        folder = extract(docs, bundle(downloads, pack.slug), tmp_path / pack.slug)
        readme = (folder / "README.md").read_text(encoding="utf-8")
        for path in folder.rglob("*"):
            if path.is_file():
                assert f"`{path.relative_to(folder).as_posix()}`" in readme
        assert readme.startswith(f"# {pack.title}\n")
        assert f"https://example.github.io/kits/{pack.slug}/" in readme
        assert LICENSES[pack.license][0] in readme
        assert "打印" in readme
        for author in pack.authors:
            assert author.name in readme


def test_license_file_is_the_full_legal_code(built, tmp_path):
    _, docs, _, downloads = built
    tea = extract(docs, bundle(downloads, "tea-corner"), tmp_path / "a")
    text = (tea / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("Attribution-ShareAlike 4.0 International")
    assert "Section 8 -- Interpretation." in text
    books = extract(docs, bundle(downloads, "book-swap"), tmp_path / "b")
    assert "CC0 1.0 Universal" in (books / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("license_id", "title", "clause"),
    [
        ("CC-BY-4.0", "Attribution 4.0 International", "Section 3 -- License Conditions."),
        ("CC-BY-SA-4.0", "Attribution-ShareAlike 4.0 International", "b. ShareAlike."),
        (
            "CC-BY-NC-SA-4.0",
            "Attribution-NonCommercial-ShareAlike 4.0 International",
            "k. NonCommercial means not primarily intended",
        ),
        ("CC0-1.0", "Creative Commons Legal Code", "Statement of Purpose"),
    ],
)
def test_every_license_has_its_text(license_id, title, clause):
    text = license_text(license_id)
    assert text.startswith(title)
    assert clause in text
    assert len(text) > 7000
    assert "â€" not in text  # no mojibake from a mis-decoded copy
    assert set(LICENSES) == {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0"}


def test_sha256sums_sits_beside_the_files_and_checks(built):
    _, docs, _, downloads = built
    sums = (docs / "downloads" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in sums] == sorted(
        d.path.removeprefix("downloads/") for d in downloads
    )
    result = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=docs / "downloads",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_two_builds_give_the_same_bytes(make_project, tmp_path):
    project = load(make_project(FIXTURE))
    docs_a, _, first = run(project, tmp_path / "a")
    docs_b, _, second = run(project, tmp_path / "b")
    assert first == second
    for d in first:
        assert (docs_a / d.path).read_bytes() == (docs_b / d.path).read_bytes()


def test_a_rebuild_with_no_change_rewrites_no_zip(built, tmp_path):
    project, docs, cache, _ = built
    cached = sorted(cache.rglob("*.zip"))
    before = [(p, p.stat().st_ino, p.stat().st_mtime_ns) for p in cached]
    docs_again = tmp_path / "again" / "docs"
    posters = fake_posters(project, docs_again)
    make_bundles(project, posters, printed(docs_again, posters), docs_again, cache)
    assert [
        (p, p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(cache.rglob("*.zip"))
    ] == before
    assert (docs_again / "downloads/tea-corner.zip").read_bytes() == (
        docs / "downloads/tea-corner.zip"
    ).read_bytes()


def test_a_changed_card_remakes_only_its_pack(built, tmp_path):
    project, _, cache, downloads = built
    card = Path(project.settings.root) / "packs/tea-corner/cards/02-hot-water.md"
    card.write_text(card.read_text(encoding="utf-8") + "\n多备几个杯子。\n", encoding="utf-8")
    books_before = sorted((cache / "bundles" / "book-swap").iterdir())
    _, _, again = run(load(Path(project.settings.root)), tmp_path / "again")
    assert bundle(again, "tea-corner").sha256 != bundle(downloads, "tea-corner").sha256
    assert bundle(again, "book-swap").sha256 == bundle(downloads, "book-swap").sha256
    assert sorted((cache / "bundles" / "book-swap").iterdir()) == books_before
    assert len(list((cache / "bundles" / "tea-corner").iterdir())) == 1


def test_symlinks_and_litter_stay_out(make_project, tmp_path):
    root = make_project(FIXTURE)
    project = load(root)  # loaded before the links exist: the loader would refuse them
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the zip", encoding="utf-8")
    assets = root / "packs/tea-corner/assets"
    os.symlink(secret, assets / "linked.txt")
    os.symlink(tmp_path, assets / "linked-folder", target_is_directory=True)
    (assets / ".DS_Store").write_bytes(b"\0\0")
    (assets / "Thumbs.db").write_bytes(b"\0\0")
    docs, _, downloads = run(project, tmp_path / "out")
    with zipfile.ZipFile(docs / bundle(downloads, "tea-corner").path) as archive:
        names = archive.namelist()
        assert not any("linked" in n or "DS_Store" in n or "Thumbs" in n for n in names)
        assert all(b"not for the zip" not in archive.read(n) for n in names)
        assert all(n.startswith("tea-corner/") and ".." not in n.split("/") for n in names)
        assert all(str(root).encode() not in archive.read(n) for n in names)


def test_a_download_path_leaving_the_docs_is_refused(built, tmp_path):
    project, docs, cache, _ = built
    evil = Download(
        "downloads/tea-corner/../../../etc/hostname", "poster", "x", 1, "0", "tea-corner"
    )
    with pytest.raises(UnsafeName):
        make_bundles(project, (evil,), {evil.path: b"x"}, docs, cache)


def test_a_pack_over_the_size_limit_fails_clearly(make_project, tmp_path):
    project = load(make_project(FIXTURE), bundle_limit_mb=0.001)
    with pytest.raises(ContentError) as caught:
        run(project, tmp_path / "out")
    problems = caught.value.problems
    assert [p.mark.path for p in problems] == [
        "packs/book-swap/pack.yml",
        "packs/tea-corner/pack.yml",
    ]
    for found in problems:
        assert found.code == "K501"
        assert float(dict(found.args)["size"]) > 0.001
        assert "超过上限 0.001 MB" in found.format("zh")
        assert "over the limit of 0.001 MB" in found.format("en")
    assert not (tmp_path / "out/docs/downloads/book-swap.zip").exists()
