"""Progress bars of data movements: shown on a terminal, silent when piped."""

import io
import subprocess
import sys
import textwrap

from signac_core import _progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_on_a_terminal(monkeypatch, project, tmp_path):
    for i in range(5):
        project.open_job({"a": i}).init()
    monkeypatch.setattr(_progress, "DELAY", 0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    project.export_to(str(tmp_path / "out"))
    project.create_linked_view(str(tmp_path / "view"))
    text = terminal.getvalue()
    assert "Export:" in text and "View:" in text and "/5" in text


def test_silent_when_piped(project, tmp_path):
    for i in range(5):
        project.open_job({"a": i}).init()
    script = textwrap.dedent(
        f"""
        import signac_core
        from signac_core import _progress
        _progress.DELAY = 0
        project = signac_core.get_project({project.root_directory()!r})
        project.export_to({str(tmp_path / "out")!r})
        other = signac_core.init_project("o", root={str(tmp_path / "other")!r})
        other.import_from({str(tmp_path / "out")!r})
        other.sync(project, check_schema=False)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""


def test_without_tqdm_items_pass_through(monkeypatch):
    # tqdm is the optional ``progress`` extra: without it there is no bar, and
    # every item still passes through in order.
    monkeypatch.setitem(sys.modules, "tqdm", None)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(_progress.progress(iter(range(4)), total=4, desc="Export")) == [0, 1, 2, 3]
    assert terminal.getvalue() == ""
