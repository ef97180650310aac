"""Facts 4, 9 (move), 10 and 16: init, project, job, move, rm, update-cache."""

from __future__ import annotations

import json
import os


# -- fact 4: init, project, job ----------------------------------------------------------
def test_init_with_workspace_and_again(signac):
    result = signac.ok("init", "p1", "-w", "data")
    assert result.stderr == "Initialized project 'p1'.\n"
    assert signac.ok("project").stdout == "p1\n"
    assert signac.ok("project", "-w").stdout == f"{signac.cwd / 'data'}\n"
    assert signac.ok("init", "p1", "-w", "data").stderr == "Initialized project 'p1'.\n"


def test_init_writes_the_default_workspace(signac):
    # 1.7's -w defaults to "workspace" and is written (golden cli.json, cli-181/182:
    # `config show` lists project, workspace_dir, schema_version in that order).
    signac.ok("init", "p1")
    assert (signac.cwd / "signac.rc").read_text() == (
        "project = p1\nworkspace_dir = workspace\nschema_version = 1\n"
    )
    assert signac.ok("config", "-l", "show").stdout.startswith(
        "project = p1\nworkspace_dir = workspace\nschema_version = 1\n"
    )


def test_reinit_with_another_project_exits_1(signac):
    signac.ok("init", "p1")
    before = (signac.cwd / "signac.rc").read_text()
    result = signac("init", "p2")
    assert result.exit == 1
    assert result.stderr.startswith("Error: ")
    assert (signac.cwd / "signac.rc").read_text() == before


def test_job_prints_id_without_creating(project):
    result = project.ok("job", '{"new": 1}')
    job_id = result.stdout.strip()
    assert len(job_id) == 32
    assert not (project.cwd / "workspace" / job_id).exists()
    assert project.ok("job", "-w", '{"new": 1}').stdout == (
        f"{project.cwd / 'workspace' / job_id}\n"
    )
    assert not (project.cwd / "workspace" / job_id).exists()
    assert project.ok("job", "-c", '{"new": 1}').stdout == f"{job_id}\n"
    assert (project.cwd / "workspace" / job_id / "signac_statepoint.json").is_file()


def test_job_reads_one_stdin_line(project):
    direct = project.ok("job", '{"new": 2}').stdout
    assert project.ok("job", stdin='{"new": 2}\n{"other": 1}\n').stdout == direct
    assert project.ok("job", "-c", stdin='{"new": 2}').stdout == direct
    assert project.ok("find", '{"new": 2}').stdout == direct


def test_job_errors(project):
    empty = project("job")
    assert (empty.exit, empty.stderr) == (1, "Error: EOF when reading a line\n")
    bad = project("job", "{bad")
    assert bad.exit == 1
    assert bad.stderr.startswith("Error while reading statepoint: '{bad'\nError: ")


# -- fact 9: move (clone lives in test_cli_transfer) -------------------------------------
def test_move_and_destination_exists(project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    project.ok("init", "other", cwd=other)
    job_id = project.ids[0]
    result = project.ok("move", str(other), job_id[:8])
    assert result.stderr == f"Moved '{job_id}' to 'other'.\n"
    assert project.ok("find", cwd=other).stdout == f"{job_id}\n"
    assert job_id not in project.ok("find").stdout
    gone = project("move", str(other), job_id)
    assert gone.exit == 1
    assert gone.stderr == f"Error: \"Did not find job corresponding to id '{job_id}'.\"\n"
    # The same state point again here: its destination exists, still exit 0.
    project.ok("job", "-c", json.dumps({"a": 0, "b": "x"}))
    exists = project.ok("move", str(other), job_id)
    assert exists.stderr == f"Destination already exists: '{job_id}' in 'other'.\n"
    assert job_id in project.ok("find").stdout


def test_clone_unknown_id_exits_1(project, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    project.ok("init", "other", cwd=other)
    result = project("clone", str(other), "0123456789abcdef0123456789abcdef")
    assert result.exit == 1
    assert "Did not find job corresponding to id" in result.stderr


# -- fact 10: rm ---------------------------------------------------------------------------
def test_rm_clear_and_verbose(project):
    first, second, _ = project.ids
    workspace = project.cwd / "workspace"
    (workspace / first / "data.txt").write_text("x")
    result = project.ok("rm", "-c", first)
    assert (result.stdout, result.stderr) == ("", "")
    assert sorted(os.listdir(workspace / first)) == [
        "signac_job_document.json",
        "signac_statepoint.json",
    ]
    assert (workspace / first / "signac_job_document.json").read_text() == "{}"
    verbose = project.ok("rm", "-v", second[:10])
    assert verbose.stdout == f"{second[:10]}\n"
    assert not (workspace / second).exists()


def test_global_verbosity_before_rm_is_not_rm_verbose(project):
    result = project.ok("-v", "rm", project.ids[0])
    assert result.stdout == ""
    assert not (project.cwd / "workspace" / project.ids[0]).exists()


def test_rm_interactive_asks_on_stdout_and_ignores_global_yes(project):
    job_id = project.ids[0]
    question = f"Are you sure you want to remove job with id '{job_id}'? [y/N] "
    no = project.ok("-y", "rm", "-i", job_id, stdin="n\n")
    assert no.stdout == question
    assert (project.cwd / "workspace" / job_id).exists()
    default = project.ok("rm", "-i", job_id, stdin="\n")
    assert default.stdout == question
    assert (project.cwd / "workspace" / job_id).exists()
    yes = project.ok("rm", "-i", "-c", job_id, stdin="y\n")
    assert yes.stdout == question.replace("remove", "clear")
    yes = project.ok("rm", "-i", job_id, stdin="yes\n")
    assert not (project.cwd / "workspace" / job_id).exists()


def test_rm_missing_job_exits_1(project):
    result = project("rm", "0123456789abcdef0123456789abcdef")
    assert result.exit == 1
    assert result.stderr == (
        "Error: \"Did not find job corresponding to id '0123456789abcdef0123456789abcdef'.\"\n"
    )


# -- fact 16: update-cache -----------------------------------------------------------------
def test_update_cache(project, jobs):
    first = project.ok("update-cache")
    assert (first.stdout, first.stderr) == ("", "Updating cache...\nUpdated cache (size=3).\n")
    assert (project.cwd / ".signac_sp_cache.json.gz").is_file()
    again = project.ok("update-cache")
    assert again.stderr == "Updating cache...\nCache is up to date.\n"
    jobs(project.cwd, [{"a": 9}])
    assert project.ok("update-cache").stderr == "Updating cache...\nUpdated cache (size=4).\n"
