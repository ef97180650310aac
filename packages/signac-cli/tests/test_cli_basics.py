"""Facts 1-3 of the CLI issue: streams, exit codes, help, option prefixes; start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SUBCOMMANDS = [
    "init", "project", "job", "statepoint", "diff", "document", "rm", "move", "clone",
    "index", "find", "view", "schema", "shell", "sync", "import", "export", "update-cache",
    "config",
]  # fmt: skip


# -- fact 1: stdout carries only data ------------------------------------------------------
def test_find_prints_only_the_id_on_stdout(project):
    job = project.ok("job", '{"a": 0, "b": "x"}').stdout
    result = project.ok("find", '{"a": 0}')
    assert result.stdout == job
    assert result.stderr == ""  # one JSON argument: no note


def test_filter_note_and_status_lines_go_to_stderr(project):
    result = project.ok("find", "a", "0")
    assert result.stderr == "Interpreted filter arguments as '{\"a\": 0}'.\n"
    assert len(result.stdout.splitlines()) == 1
    init = project.ok("init", "test")
    assert (init.stdout, init.stderr) == ("", "Initialized project 'test'.\n")


def test_two_json_arguments_are_interpreted_too(project):
    result = project.ok("find", "a", '{"$gt": 0}')
    assert "Interpreted filter arguments as" in result.stderr
    assert len(result.stdout.splitlines()) == 2


# -- fact 2: exit codes and messages -----------------------------------------------------
def test_unknown_id_is_error_exit_1(project):
    result = project("statepoint", "0123456789abcdef0123456789abcdef")
    assert result.exit == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: \"Did not find job corresponding to id '0123456789abcdef0123456789abcdef'.\"\n"
    )


def test_debug_shows_the_traceback(project):
    result = project("--debug", "statepoint", "0123456789abcdef0123456789abcdef")
    assert result.exit == 1
    assert 'Error: "Did not find job' in result.stderr
    assert "Traceback (most recent call last):" in result.stderr


def test_runtime_warning_raised_as_error_prints_warning_exit_1(project, tmp_path):
    # A sync whose source is the project itself but whose schema differs is not needed:
    # shell -c raises a RuntimeWarning the same way a command would.
    result = project("shell", "-c", "raise RuntimeWarning('careful')")
    assert result.exit == 1
    assert result.stderr == "Warning: careful\n"


def test_usage_errors_exit_2(project):
    result = project("statepoint", "-p", "x")
    assert result.exit == 2
    assert result.stdout == ""
    assert "usage: signac statepoint" in result.stderr
    assert "error: argument -p/--pretty: invalid int value: 'x'" in result.stderr
    unknown = project("frobnicate")
    assert unknown.exit == 2 and "invalid choice: 'frobnicate'" in unknown.stderr


def test_no_subcommand_prints_usage_on_stdout_exit_2(signac):
    result = signac()
    assert result.exit == 2
    assert result.stdout.startswith("usage: signac ")
    assert result.stderr == ""


def test_version(signac):
    result = signac.ok("--version")
    assert (result.stdout, result.stderr) == ("signac 1.7.0\n", "")


def test_outside_a_project_is_an_error(signac):
    result = signac("find")
    assert result.exit == 1
    assert result.stderr == f"Error: Unable to determine project id for path '{signac.cwd}'.\n"


def test_help_headings(signac):
    result = signac.ok("--help")
    assert "positional arguments:" in result.stdout
    assert "optional arguments:" in result.stdout
    assert "\noptions:" not in result.stdout
    for name in SUBCOMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(signac, name):
    result = signac.ok(name, "--help")
    assert result.stdout.startswith(f"usage: signac {name}")
    assert "optional arguments:" in result.stdout
    assert "-h, --help" in result.stdout


def test_broken_pipe_exits_quietly(project, jobs):
    jobs(project.cwd, [{"a": i, "pad": "x" * 200} for i in range(3, 400)])
    script = f"'{sys.executable}' -m signac_cli find --sp | head -n 1; exit ${{PIPESTATUS[0]}}"
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=project.cwd,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr == ""
    assert proc.returncode == 0


# -- fact 3: option prefixes and -1 ------------------------------------------------------
def test_unambiguous_prefixes_are_accepted(project):
    full = project.ok("find", "--one-line", "--sp").stdout
    assert project.ok("find", "--one", "--sp").stdout == full
    assert (
        project.ok("statepoint", "--sor", "--ind", "0").stdout
        == project.ok("statepoint", "--sort", "--indent", "0").stdout
    )


def test_one_line_flag_is_dash_one(project):
    result = project.ok("find", "a", "0", "-1", "--sp")
    job_id = result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[1] == f'{job_id[:6]} sp \t{{"a": 0, "b": "x"}}'


# -- entry points and start-up -----------------------------------------------------------
def test_python_dash_m_signac_cli(signac):
    proc = subprocess.run(
        [sys.executable, "-m", "signac_cli", "--version"],
        capture_output=True,
        text=True,
        env=signac.env,
        check=True,
    )
    assert proc.stdout == "signac 1.7.0\n"


def test_python_dash_m_signac_runs_this_main(signac):
    pytest.importorskip("signac")
    proc = subprocess.run(
        [sys.executable, "-m", "signac", "statepoint", "-p", "x"],
        capture_output=True,
        text=True,
        env=signac.env,
        cwd=signac.cwd,
    )
    assert proc.returncode == 2
    assert "__main__.py statepoint: error: argument -p/--pretty" in proc.stderr


_PROBE = """
import json, sys
from signac_cli import main
code = main(sys.argv[1:])
heavy = ["numpy", "pandas", "h5py", "pymongo", "tables", "zarr", "redis", "signac_core"]
print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)
"""


def _loaded(runner, *args):
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=runner.env,
        cwd=runner.cwd,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_version_imports_nothing_heavy(signac):
    assert _loaded(signac, "--version") == []


def test_find_imports_no_optional_backend(project):
    loaded = set(_loaded(project, "find", "--sp"))
    assert not loaded & {"pandas", "h5py", "pymongo", "tables", "zarr", "redis"}
