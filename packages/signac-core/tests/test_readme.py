"""The Python snippets of the README run as shown (in a temporary directory)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_has_snippets():
    assert SNIPPETS


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_readme_snippet_runs(snippet, tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")  # the snippet shows to_dataframe() and job.data
    pytest.importorskip("signac_h5store")
    monkeypatch.chdir(tmp_path)
    exec(compile(snippet, str(README), "exec"), {"__name__": "__readme__"})
    if "detect_schema()" in snippet:  # the output shown in the comment
        assert "'a': 'int([0, 1, 2, ..., 8, 9], 10)'" in capsys.readouterr().out
