"""Type checkers see the namespace: mypy on a user script written for signac 1.7."""

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy", reason="mypy is in the test extra: pip install 'signac[test]'")

SCRIPT = textwrap.dedent(
    """
    import signac
    import signac.contrib.project
    from signac.contrib.project import Project
    from signac.contrib.job import Job
    from signac.errors import DestinationExistsError
    from signac.synced_collections.backends.collection_json import JSONDict


    def count(project: Project) -> int:
        return len(project.find_jobs({"a": 1}))


    class FlowProject(signac.contrib.Project):
        pass


    project = signac.get_project()
    also: signac.contrib.project.Project = signac.init_project("name")
    job: Job = project.open_job({"a": 1})
    job.doc["b"] = 2
    for other in project.find_jobs({"a": {"$gt": 0}}):
        print(other.id, other.sp, count(project))
    try:
        job.sp.a = 2
    except DestinationExistsError as error:
        print(error)
    print(JSONDict(filename="x.json"))
    reveal_type(signac.get_project)
    reveal_type(project.find_jobs)
    """
)


def _mypy(tmp_path, source: str) -> subprocess.CompletedProcess:
    script = tmp_path / "user_script.py"
    script.write_text(source)
    return subprocess.run(
        [
            sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
            "--python-executable", sys.executable, "--no-error-summary", str(script),
        ],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip


def test_mypy_sees_the_17_names(tmp_path):
    result = _mypy(tmp_path, SCRIPT)
    lines = [line for line in result.stdout.splitlines() if "error" in line]
    assert lines == [], result.stdout
    revealed = [line for line in result.stdout.splitlines() if "Revealed type" in line]
    assert len(revealed) == 2, result.stdout
    assert "-> signac_core._project.Project" in revealed[0], revealed[0]
    assert "JobsCursor" in revealed[1], revealed[1]


def test_mypy_reports_a_name_signac_lacks(tmp_path):
    """Not everything passes: a misspelt name is an error, so mypy really looks."""
    result = _mypy(tmp_path, "import signac\nsignac.get_projekt()\nsignac.Project.no_such_method\n")
    assert 'has no attribute "get_projekt"' in result.stdout, result.stdout
    assert 'has no attribute "no_such_method"' in result.stdout, result.stdout
