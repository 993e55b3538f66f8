"""kitpress build --shard I/N: shares of the posters rendered apart, joined into one build."""

import shutil
from pathlib import Path

import pytest
from conftest import copy_project

from kitpress.cli import main
from kitpress.printing.plan import in_share


def files(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def pdf_keys(cache: Path) -> set[str]:
    """Return the job keys whose PDFs ``cache`` holds."""
    return {p.stem for p in (cache / "pdf").glob("*.pdf")}


def test_two_shards_joined_build_the_same_bytes_as_one_unsharded_build(tmp_path, capsys) -> None:
    # One folder for every run, as a matrix checks out to one path: keys are the same.
    root = copy_project("site", tmp_path / "work")
    build = root / "build"
    assert main(["build", "--root", str(root)]) == 0
    whole, everything = files(build / "site"), pdf_keys(build / "cache")
    assert len(everything) >= 4
    shares = []
    for share in ("1/2", "2/2"):
        shutil.rmtree(build)
        assert main(["build", "--shard", share, "--root", str(root)]) == 0
        assert "build/cache" in capsys.readouterr().err
        assert not (build / "site").exists()  # a shard renders posters only
        shares.append(tmp_path / share.replace("/", "-of-"))
        shutil.copytree(build / "cache", shares[-1])
    first, second = pdf_keys(shares[0]), pdf_keys(shares[1])
    assert first and second and not first & second and first | second == everything
    shutil.rmtree(build)
    for cache in shares:  # the final job: every shard's cache into one
        shutil.copytree(cache, build / "cache", dirs_exist_ok=True)
    assert main(["build", "--root", str(root)]) == 0
    assert f"新生成 0 个，沿用 {len(everything)} 个" in capsys.readouterr().err
    assert files(build / "site") == whole


def test_the_split_is_by_key_and_covers_every_job_once() -> None:
    keys = [f"{n:040x}" for n in range(200)]
    for count in (1, 2, 3, 7):
        owners = [[i for i in range(1, count + 1) if in_share(key, (i, count))] for key in keys]
        assert all(len(found) == 1 for found in owners)
        assert len({found[0] for found in owners}) == count  # no share left empty here


@pytest.mark.parametrize("value", ["0/2", "3/2", "1", "a/b", "1/0", "²/3", "-1/2"])
def test_a_shard_that_is_not_i_of_n_is_a_usage_error(tmp_path, value, capsys) -> None:
    root = copy_project("site", tmp_path)
    assert main(["build", "--lang", "en", f"--shard={value}", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "K690" in err and "--shard" in err and "I/N" in err
