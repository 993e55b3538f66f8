"""Mutants of the repository's own packs and pages through the console script's entry point.

Generic, as every test here: whatever packs the repository holds are copied and mutated
(tests/fuzz.py), and each mutant must end in located problems or success, never a traceback.
"""

from fuzz import Plan, fuzz, repository_project

COUNT = 500  # mutants: about 35 s here (2 shared cores); scripts/fuzz --count N for more
SEED = 20


def test_every_mutant_of_the_repository_ends_in_located_problems_or_success(tmp_path):
    project = repository_project(tmp_path / "seed")
    summary = fuzz([project], Plan(COUNT, SEED, posters=2), tmp_path / "work", tmp_path / "saved")
    assert summary.failures == [], "\n".join(summary.failures[:10])
    assert summary.mutants == COUNT
    assert summary.exits[0] > 20 and summary.exits[1] > COUNT // 2, summary.line()
    assert summary.runs["check"] == 2, summary.line()
