"""Facts 8, 9 (clone) and 13: view, clone, export and import through signac-core."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from signac_core import Project

needs = pytest.mark.skipif


@pytest.fixture
def other(project, tmp_path):
    root = tmp_path / "other"
    root.mkdir()
    project.ok("init", "other", cwd=root)
    return root


# -- fact 8: view ------------------------------------------------------------------------
@needs(not hasattr(Project, "create_linked_view"), reason="needs Project.create_linked_view")
def test_view_links_selected_jobs(project, tmp_path):
    a, b, c = project.ids
    result = project.ok("view", str(tmp_path / "v"), "a_{a}", "-f", "b", "x")
    assert result.stdout == ""
    assert os.path.realpath(tmp_path / "v" / "a_0" / "job") == str(project.cwd / "workspace" / a)
    assert os.path.realpath(tmp_path / "v" / "a_1" / "job") == str(project.cwd / "workspace" / b)
    assert not (tmp_path / "v" / "a_2").exists()
    project.ok("view")
    assert (project.cwd / "view").is_dir()


# -- fact 9: clone -----------------------------------------------------------------------
@needs(not hasattr(Project, "clone"), reason="needs Project.clone")
def test_clone_and_destination_exists(project, other):
    a = project.ids[0]
    result = project.ok("clone", str(other), a)
    assert result.stderr == f"Cloned '{a}' to 'other'.\n"
    assert project.ok("find", cwd=other).stdout == f"{a}\n"
    assert a in project.ok("find").stdout
    again = project.ok("clone", str(other), a)
    assert again.stderr == f"Destination already exists: '{a}' in 'other'.\n"


# -- fact 13: export and import ----------------------------------------------------------
export = needs(
    not __import__("importlib").util.find_spec("signac_core.import_export"),
    reason="needs signac_core.import_export",
)
import_ = needs(not hasattr(Project, "import_from"), reason="needs Project.import_from")


@export
def test_export_counts_jobs(project, tmp_path):
    result = project.ok("export", str(tmp_path / "out"), "-f", "b", "x")
    assert result.stderr.endswith("Exported 2 job(s).\n")
    empty = project.ok("export", str(tmp_path / "none"), "-f", "a", "99")
    assert empty.stderr.endswith("No jobs to export.\n")
    zipped = project.ok("export", str(tmp_path / "out.zip"), "-j", project.ids[0])
    assert zipped.stderr.endswith("Exported 1 job(s).\n")
    refused = project("export", str(tmp_path / "moved.zip"), "--move")
    assert refused.exit == 1
    assert not (tmp_path / "moved.zip").exists()


@export
@import_
def test_import_and_its_messages(project, other, tmp_path):
    project.ok("export", str(tmp_path / "out"), "{a}")
    first = project.ok("import", str(tmp_path / "out"), cwd=other)
    assert first.stderr.startswith("Prepare data space for import...\n")
    assert first.stderr.endswith("Imported 3 job(s).\n")
    again = project.ok("import", str(tmp_path / "out"), cwd=other)
    assert "already exists.\nConsider using '--sync' or '--sync-interactive'!\n" in again.stderr
    assert again.stderr.endswith("Import failed.\n")
    (tmp_path / "empty").mkdir()
    nothing = project.ok("import", str(tmp_path / "empty"), cwd=other)
    assert nothing.stderr.endswith("Nothing to import.\n")
    missing = project("import", str(tmp_path / "nope"), cwd=other)
    assert missing.exit == 1


def test_import_move_with_sync_or_archive_exits_1(project, tmp_path):
    both = project("import", str(tmp_path), "--move", "--sync")
    assert both.exit == 1
    assert "Cannot use '--move' in combination with '--sync'" in both.stderr
    archive = tmp_path / "data.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    refused = project("import", str(archive), "--move")
    assert refused.exit == 1
    assert "directory" in refused.stderr


@export
@import_
def test_import_sync_interactive_namespace(project, other, tmp_path):
    project.ok("export", str(tmp_path / "out"), "{a}")
    result = project.ok(
        "import",
        str(tmp_path / "out"),
        "--sync-interactive",
        cwd=other,
        stdin="print(project, pr is project, len(tmp_project), signac.__name__)\n",
    )
    assert "other True 3 signac" in result.stdout


# -- progress bars: on a terminal only -----------------------------------------------------
def _stderr_on_a_terminal(argv: list[str], cwd, env) -> tuple[int, bytes]:
    """Run ``argv`` with stderr on a pseudo-terminal; return (exit code, what it showed)."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    controller, terminal = pty.openpty()
    # A terminal of 24 x 100 characters (a new pseudo-terminal has 0 columns: no room for a bar).
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(controller)
    return proc.wait(timeout=60), shown


#: The command with the bars' delay (0.5 s: short operations print nothing) set to 0.
NO_DELAY = (
    "import sys; from signac_core import _progress; _progress.DELAY = 0; "
    "from signac_cli._main import main; sys.exit(main(sys.argv[1:]))"
)


def test_progress_bars_only_on_a_terminal(project, other, tmp_path):
    def on_terminal(*args: str, cwd=project.cwd) -> bytes:
        code, shown = _stderr_on_a_terminal(
            [sys.executable, "-c", NO_DELAY, *args], cwd, project.env
        )
        assert code == 0, shown
        return shown

    shown = on_terminal("export", str(tmp_path / "out"))
    assert (
        b"Export:   0%|" in shown and b"0/3" in shown and shown.endswith(b"Exported 3 job(s).\r\n")
    )
    assert b"Import:" in on_terminal("import", str(tmp_path / "out"), cwd=other)
    assert b"View:" in on_terminal("view", str(tmp_path / "view"))
    assert b"Sync:" in on_terminal("sync", str(other))
    piped = subprocess.run(
        [sys.executable, "-c", NO_DELAY, "export", str(tmp_path / "piped")],
        cwd=project.cwd,
        env=project.env,
        capture_output=True,
        text=True,
    )
    assert (piped.returncode, piped.stderr) == (0, "Exported 3 job(s).\n")
