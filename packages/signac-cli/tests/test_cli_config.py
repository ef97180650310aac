"""Fact 15: ``signac config`` show / set / host / verify with -g / -l."""

from __future__ import annotations

from configobj import ConfigObj


def _global(runner):
    return runner.home / ".signacrc"


def test_show_local_global_and_merged(project):
    local = project.ok("config", "-l", "show").stdout.splitlines()
    assert "project = test" in local
    merged = project.ok("config", "show").stdout.splitlines()
    assert "project = test" in merged
    assert f"project_dir = {project.cwd}" in merged
    glob = project.ok("config", "-g", "show")
    assert "project = test" not in glob.stdout
    assert glob.stderr == ""


def test_show_a_key(project):
    assert project.ok("config", "show", "project").stdout == "test\n"


def test_local_show_without_local_file(signac):
    result = signac.ok("config", "--local", "show")
    assert (result.stdout, result.stderr) == ("", "Did not find a local configuration file.\n")
    verify = signac("config", "--local", "verify")
    assert verify.exit == 1
    assert verify.stderr == "Error: Did not find a local configuration file.\n"


def test_local_and_global_together_is_an_error(project):
    result = project("config", "-l", "-g", "show")
    assert result.exit == 1
    assert "either -l/--local or -g/--global" in result.stderr


def test_set_defaults_to_local(project):
    result = project.ok("config", "set", "x.y", "v")
    assert result.stderr == (
        f"Updated value 'x.y'='v'.\nWriting configuration to '{project.cwd / 'signac.rc'}'.\n"
    )
    assert ConfigObj(str(project.cwd / "signac.rc"))["x"]["y"] == "v"
    assert "[x]" in (project.cwd / "signac.rc").read_text()
    assert not _global(project).exists()
    project.ok("config", "set", "top", "1", "2")
    assert ConfigObj(str(project.cwd / "signac.rc"))["top"] == ["1", "2"]


def test_set_global(project):
    project.ok("config", "-g", "set", "general.answer", "42")
    assert ConfigObj(str(_global(project)))["general"]["answer"] == "42"
    assert "answer = 42" in project.ok("config", "-g", "show").stdout


def test_set_password_is_refused(project):
    before = (project.cwd / "signac.rc").read_text()
    result = project("config", "set", "hosts.h.password", "secret")
    assert result.exit == 1
    assert result.stderr == (
        "Error: Passwords need to be set with `signac config host HOSTNAME -p`!\n"
    )
    assert (project.cwd / "signac.rc").read_text() == before
    assert project("config", "set", "nothing").exit == 1


def test_host_stores_credentials_and_hides_the_password(signac):
    result = signac.ok("config", "host", "db", "mongodb://localhost", "-u", "me", "-p", "s3cret")
    assert "s3cret" not in result.stdout + result.stderr
    assert "password = ***" in result.stdout
    host = ConfigObj(str(_global(signac)))["hosts"]["db"]
    assert host == {
        "url": "mongodb://localhost",
        "username": "me",
        "auth_mechanism": "SCRAM-SHA-1",
        "password": "s3cret",
    }
    shown = signac.ok("config", "-g", "show").stdout
    assert "s3cret" not in shown
    assert "password = ***" in shown
    plain = signac.ok("config", "host", "db", "--show-pw")
    assert "password = s3cret" in plain.stdout


def test_host_remove_asks_or_takes_yes(signac):
    signac.ok("config", "host", "db", "mongodb://localhost")
    kept = signac.ok("config", "host", "db", "-r", stdin="n\n")
    assert "Are you sure you want to remove host 'db'? [y/N] " in kept.stdout
    assert "db" in ConfigObj(str(_global(signac)))["hosts"]
    signac.ok("config", "host", "db", "-r", stdin="y\n")
    assert "db" not in ConfigObj(str(_global(signac)))["hosts"]
    signac.ok("config", "host", "db2", "mongodb://other")
    removed = signac.ok("-y", "config", "host", "db2", "-r")
    assert "Are you sure" not in removed.stdout
    assert "db2" not in ConfigObj(str(_global(signac)))["hosts"]
    assert signac.ok("config", "host", "none", "-r").stderr == "Nothing to remove.\n"


def test_verify(project):
    # A complete file (a fresh project's passing too is golden case cli-191).
    rc = project.cwd / "signac.rc"
    rc.write_text(rc.read_text() + "\n[General]\ndefault_host = db\n")
    result = project.ok("config", "-l", "verify")
    assert result.stderr.endswith("Passed.\n")
    rc.write_text(rc.read_text() + "[hosts]\n[[h]]\nusername = u\nauth_mechanism = magic\n")
    bad = project("config", "-l", "verify")
    assert bad.exit == 1
    # One line per invalid entry, named by its dotted path, then the error.
    assert bad.stderr.splitlines()[1].startswith("hosts.")
    assert "Passed." not in bad.stderr
    assert bad.stderr.splitlines()[-1].startswith("Error: The configuration has")
