"""Issue 15 through the signac 1.7 namespace: a script of the 1.x indexing era.

The generated access module imports ``signac`` (the meta-package), so it is
compiled into a main index here, with every package installed.
"""

import io
import os
import subprocess
import sys

import pytest
import signac


def quiet(function, *args, **kwargs):
    with pytest.warns(DeprecationWarning, match="will be removed in 2.0"):
        return function(*args, **kwargs)


def test_the_1_7_paths_expose_the_deprecated_names():
    import signac.common.errors
    import signac.common.host
    import signac.contrib.indexing
    import signac.db
    import signac_core.indexing

    for name in (
        "BaseCrawler",
        "RegexFileCrawler",
        "JSONCrawler",
        "SignacProjectCrawler",
        "MainCrawler",
        "MasterCrawler",
        "index_files",
        "index",
        "fetch",
        "fetched",
        "export_one",
        "export",
        "export_to_mirror",
        "export_pymongo",
    ):
        assert getattr(signac.contrib.indexing, name) is getattr(signac_core.indexing, name)
    for name in ("RegexFileCrawler", "SignacProjectCrawler", "MainCrawler", "MasterCrawler"):
        assert getattr(signac, name) is getattr(signac_core.indexing, name)
    for name in ("fetch", "export_one", "export", "export_to_mirror", "export_pymongo"):
        assert getattr(signac, name) is getattr(signac_core.indexing, name)
    assert signac.index_files is signac_core.indexing.index_files
    assert signac.index is signac_core.indexing.index
    assert signac.get_database is signac.db.get_database
    assert callable(signac.common.host.get_host_config)
    errors = signac.common.errors
    assert issubclass(errors.ConfigError, RuntimeError)
    assert issubclass(errors.FetchError, FileNotFoundError)
    assert errors.ExportError is signac.errors.ExportError
    assert issubclass(errors.AuthenticationError, errors.Error)


def test_generated_access_module_compiles_into_a_main_index(tmp_path, monkeypatch):
    root = tmp_path / "tree"
    project = signac.init_project("indexed", root=str(root / "project"))
    job = project.open_job({"a": 1})
    job.init()
    job.doc["b"] = 2
    minimal = quiet(project.create_access_module, main=False)
    assert minimal == os.path.join(project.root_directory(), "signac_access.py")
    docs = quiet(lambda: list(signac.index(str(root))))
    assert [doc["_id"] for doc in docs] == [job.id]
    assert docs[0]["sp"] == {"a": 1} and docs[0]["doc"] == {"b": 2}
    collection = signac.Collection()
    quiet(signac.export, docs, collection, update=True)
    assert collection[job.id]["signac_id"] == job.id


def test_generated_main_access_module_runs_as_a_script(tmp_path):
    project = signac.init_project("script", root=str(tmp_path / "project"))
    project.open_job({"a": 2}).init()
    path = quiet(project.create_access_module)
    assert os.access(path, os.X_OK)
    subprocess.run([sys.executable, path], cwd=project.root_directory(), check=True)
    with signac.Collection.open(os.path.join(project.root_directory(), "index.txt")) as index:
        assert [doc["sp"] for doc in index.find()] == [{"a": 2}]


def test_cite_prints_the_two_publications_everywhere(capsys, tmp_path):
    dois = ("10.1016/j.commatsci.2018.01.035", "10.25080/Majora-4af1f417-016")
    signac.cite.bibtex()
    out = capsys.readouterr().out
    assert all(doi in out for doi in dois) and out.count("@") == 2
    buffer = io.StringIO()
    signac.cite.reference(buffer)
    text = buffer.getvalue()
    assert all(doi in text for doi in dois)
    assert "Computational Materials Science" in text or "Comput. Mater. Sci." in text
    assert "Proceedings of the 17th Python in Science Conference" in text
    assert signac.__version__ in text
    target = tmp_path / "signac.bib"
    signac.cite.bibtex(str(target))
    assert all(doi in target.read_text() for doi in dois)
