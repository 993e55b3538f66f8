"""The reproducible zip writer: same inputs, same bytes; safe names; a cache that keeps."""

import datetime as dt
import io
import os
import subprocess
import zipfile
import zlib

import pytest

from kitpress.publish import archive
from kitpress.publish.archive import (
    Entry,
    UnsafeName,
    cached_zip,
    content_key,
    file_sha256,
    place,
    safe_name,
    zip_bytes,
    zip_reusing,
)

WHEN = dt.datetime(2020, 3, 1, 8, 30, 15, tzinfo=dt.UTC)
ENTRIES = [
    Entry("pack/README.md", "# 说明\n".encode()),
    Entry("pack/assets/photo.png", b"\x89PNG fake"),
    Entry("pack/cards/01-a.md", b"card " * 100),
]


def test_same_entries_give_same_bytes_in_any_order():
    first = zip_bytes(ENTRIES, WHEN)
    assert zip_bytes(list(reversed(ENTRIES)), WHEN) == first
    assert zip_bytes(ENTRIES, WHEN + dt.timedelta(days=1)) != first


def test_entries_are_sorted_stamped_and_fixed():
    with zipfile.ZipFile(io.BytesIO(zip_bytes(ENTRIES, WHEN))) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert [i.filename for i in infos] == sorted(e.name for e in ENTRIES)
    for info in infos:
        assert info.date_time == (2020, 3, 1, 8, 30, 14)  # zip time has a 2-second grain
        assert info.external_attr >> 16 == 0o100644
        assert info.create_system == 3
        assert info.extra == b""
    kinds = {i.filename: i.compress_type for i in infos}
    assert kinds["pack/assets/photo.png"] == zipfile.ZIP_STORED
    assert kinds["pack/cards/01-a.md"] == zipfile.ZIP_DEFLATED


def test_a_local_time_is_stored_as_utc_and_old_dates_are_clamped():
    beijing = WHEN.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert zip_bytes(ENTRIES, beijing) == zip_bytes(ENTRIES, WHEN)
    old = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    with zipfile.ZipFile(io.BytesIO(zip_bytes(ENTRIES, old))) as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize(
    "name",
    ["", "../evil", "/etc/passwd", "a/../../b", "C:/windows", "a\\b", "..", ".", "a/\0b"],
)
def test_unsafe_names_are_refused(name):
    with pytest.raises(UnsafeName):
        safe_name(name)


def test_names_are_normalised():
    assert safe_name("a/./b//c") == "a/b/c"
    assert safe_name("a/x/../b") == "a/b"


def test_zip_refuses_unnormalised_or_duplicate_names():
    with pytest.raises(UnsafeName):
        zip_bytes([Entry("a/../../b", b"")], WHEN)
    with pytest.raises(ValueError, match="duplicate"):
        zip_bytes([Entry("a", b"1"), Entry("a", b"2")], WHEN)


def test_unzip_accepts_the_archive(tmp_path):
    path = tmp_path / "t.zip"
    path.write_bytes(zip_bytes(ENTRIES, WHEN))
    result = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    listing = subprocess.run(["unzip", "-Z1", str(path)], capture_output=True, text=True)
    assert listing.stdout.splitlines() == sorted(e.name for e in ENTRIES)


def test_cache_keeps_the_zip_until_its_inputs_change(tmp_path):
    folder = tmp_path / "cache"
    first = cached_zip(ENTRIES, WHEN, folder)
    before = first.stat()
    again = cached_zip(list(reversed(ENTRIES)), WHEN, folder)
    assert again == first
    assert (again.stat().st_ino, again.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    changed = cached_zip([*ENTRIES, Entry("pack/new.md", b"new")], WHEN, folder)
    assert changed != first
    assert sorted(folder.iterdir()) == [changed]  # the stale zip is removed
    assert changed.read_bytes() == zip_bytes([*ENTRIES, Entry("pack/new.md", b"new")], WHEN)


def test_content_key_follows_names_contents_and_time():
    key = content_key(ENTRIES, WHEN)
    assert content_key(ENTRIES[::-1], WHEN) == key
    assert content_key([Entry("pack/README.md", b"other"), *ENTRIES[1:]], WHEN) != key
    assert content_key([Entry("pack/README.txt", ENTRIES[0].data), *ENTRIES[1:]], WHEN) != key
    assert content_key(ENTRIES, WHEN + dt.timedelta(seconds=2)) != key


def test_place_links_or_copies(tmp_path):
    source = tmp_path / "a.zip"
    source.write_bytes(b"zip bytes")
    target = tmp_path / "docs" / "downloads" / "a.zip"
    place(source, target)
    place(source, target)  # placing again replaces, never appends
    assert target.read_bytes() == b"zip bytes"
    assert os.path.samefile(source, target)
    assert file_sha256(target) == file_sha256(source)


MORE = [
    *ENTRIES,
    Entry("包/说明.txt", "中文名字".encode()),  # a UTF-8 name
    Entry("pack/empty.md", b""),
    Entry("pack/big.bin", bytes(range(256)) * 4000),
]


@pytest.fixture
def deflated(monkeypatch) -> list[int]:
    """Record the size of every member zip_reusing deflates itself."""
    sizes: list[int] = []
    real = zlib.compressobj

    def counting(*args):
        packer = real(*args)

        class Counted:
            def compress(self, data):
                sizes.append(len(data))
                return packer.compress(data)

            def flush(self):
                return packer.flush()

        return Counted()

    monkeypatch.setattr(archive.zlib, "compressobj", counting)
    return sizes


def test_reusing_members_gives_the_bytes_zipfile_writes(tmp_path):
    assert zip_reusing(MORE, WHEN, tmp_path / "m") == zip_bytes(MORE, WHEN)
    assert zip_reusing(MORE[::-1], WHEN, tmp_path / "m") == zip_bytes(MORE, WHEN)
    later = WHEN + dt.timedelta(days=400)
    assert zip_reusing(MORE, later, tmp_path / "m") == zip_bytes(MORE, later)


def test_an_unchanged_member_is_not_deflated_again(tmp_path, deflated):
    zip_reusing(MORE, WHEN, tmp_path / "m")
    assert len(deflated) == len(MORE) - 1  # the PNG is stored as it is
    deflated.clear()
    edited = [*MORE[:-1], Entry("pack/big.bin", b"changed")]
    made = zip_reusing(edited, WHEN, tmp_path / "m")
    assert deflated == [len(b"changed")]
    assert made == zip_bytes(edited, WHEN)
    assert len(list((tmp_path / "m").iterdir())) == len(MORE) - 1  # the old stream is gone


def test_a_zip64_archive_is_left_to_zipfile(tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    made = zip_reusing(MORE, WHEN, tmp_path / "m")
    assert made == zip_bytes(MORE, WHEN)
    with zipfile.ZipFile(io.BytesIO(made)) as opened:
        assert opened.getinfo("pack/big.bin").extra  # the zip64 field
        assert opened.testzip() is None


def test_the_cache_reuses_members_for_a_new_zip(tmp_path, deflated):
    first = cached_zip(MORE, WHEN, tmp_path / "zip", tmp_path / "m")
    deflated.clear()
    second = cached_zip(
        [*MORE, Entry("pack/new.md", b"new")], WHEN, tmp_path / "zip", tmp_path / "m"
    )
    assert second != first and deflated == [3]
    assert second.read_bytes() == zip_bytes([*MORE, Entry("pack/new.md", b"new")], WHEN)


def test_a_damaged_member_is_deflated_anew(tmp_path):
    zip_reusing(MORE, WHEN, tmp_path / "m")
    for kept in (tmp_path / "m").iterdir():
        kept.write_bytes(kept.read_bytes()[: kept.stat().st_size // 2])  # torn
    assert zip_reusing(MORE, WHEN, tmp_path / "m") == zip_bytes(MORE, WHEN)
