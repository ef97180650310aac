"""Fact 14: ``signac shell`` — namespace, -c, scripts, stdin and a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time


def test_outside_a_project(signac):
    result = signac.ok("shell")
    assert result.stdout == "signac 1.7.0\nNo project within this directory.\n"


def test_command_namespace(project):
    a, b, c = project.ids
    out = project.ok("shell", "-c", "print(project, pr is project, job)").stdout
    assert out == "test True None\n"
    jobs = project.ok("shell", "-c", "print(sorted(j.id for j in jobs))", "-f", "b", "x")
    assert jobs.stdout == f"{sorted([a, b])}\n"
    assert jobs.stderr == 'Interpreted filter arguments as \'{"b": "x"}\'.\n'
    one = project.ok("shell", "-c", "print(job.id, job.sp.a)", "-j", c[:8])
    assert one.stdout == f"{c} 2\n"
    many = project.ok("shell", "-c", "print(job)", "-f", "b", "x")
    assert many.stdout == "None\n"
    module = project.ok("shell", "-c", "print(signac.Project is type(project))")
    assert module.stdout == "True\n"


def test_job_of_the_working_directory(project):
    a = project.ids[0]
    out = project.ok("shell", "-c", "print(job.id)", cwd=project.cwd / "workspace" / a)
    assert out.stdout == f"{a}\n"


def test_script_file_has_no_prompt(project, tmp_path):
    script = tmp_path / "script.py"
    script.write_text("n = len(project)\nprint('jobs:', n)\n")
    result = project.ok("shell", str(script))
    assert result.stdout == "jobs: 3\n"
    both = project("shell", str(script), "-c", "pass")
    assert both.exit == 1
    assert both.stderr.startswith("Error: Cannot provide file and -c/--command")


def test_errors_in_the_command_exit_1(project):
    result = project("shell", "-c", "1/0")
    assert (result.exit, result.stderr) == (1, "Error: division by zero\n")


def test_interactive_through_stdin(project):
    result = project.ok("shell", stdin="x = 6 * 7\nprint(x)\nprint(project)\n")
    assert result.stdout == ">>> >>> 42\n>>> test\n>>> "
    assert "Project:\ttest" in result.stderr
    assert "signac 1.7.0" in result.stderr
    assert "Size:\t\t3" in result.stderr


def test_interactive_on_a_pseudo_terminal_keeps_history(project):
    signac_exe = shutil.which("signac", path=os.path.dirname(sys.executable))
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [signac_exe, "shell"],
        cwd=project.cwd,
        env={**project.env, "TERM": "dumb"},
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
    )
    os.close(terminal)
    output = b""

    def read_until(marker: bytes, timeout: float = 30) -> None:
        nonlocal output
        deadline = time.monotonic() + timeout
        while marker not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                try:
                    output += os.read(controller, 4096)
                except OSError:
                    return

    read_until(b">>> ")
    os.write(controller, b"print('answer', len(project) * 14)\n")
    read_until(b"answer 42")
    os.write(controller, b"exit()\n")
    proc.wait(timeout=30)
    read_until(b"\0", timeout=1)
    os.close(controller)
    assert proc.returncode == 0
    assert b"answer 42" in output
    assert b"Project:\ttest" in output
    history = project.cwd / ".signac_shell_history"
    assert history.is_file()
    assert "print('answer', len(project) * 14)" in history.read_text()
