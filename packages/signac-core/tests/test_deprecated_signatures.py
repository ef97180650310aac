"""The documented signatures of the deprecated APIs of issue 15 (section 1.3 of the spec)."""

import inspect

import pytest

from signac_core import Project, db, indexing

DOCUMENTED = [
    (Project.index, "self, formats=None, depth=0, skip_errors=False, include_job_document=True"),
    (Project.create_access_module, "self, filename=None, main=True, master=None"),
    (db.get_database, "name, hostname=None, config=None"),
    (
        indexing.fetch,
        "doc_or_id, mode='r', mirrors=None, num_tries=3, timeout=60, ignore_local=False",
    ),
    (indexing.export_one, "doc, index, mirrors=None, num_tries=3, timeout=60"),
    (indexing.export, "docs, index, mirrors=None, update=False, num_tries=3, timeout=60, **kwargs"),
    (indexing.export_to_mirror, "doc, mirror, num_tries=3, timeout=60"),
    (
        indexing.export_pymongo,
        "docs, index, mirrors=None, update=False, num_tries=3, timeout=60, chunksize=100",
    ),
    (indexing.index_files, "root='.', formats=None, depth=0"),
    (indexing.index, "root='.', tags=None, depth=0, **kwargs"),
    (indexing.MainCrawler, "root, raise_on_error=False"),
    (indexing.RegexFileCrawler, "root"),
]


def _documented(text):
    return [part.strip() for part in text.split(",")]


def _actual(function):
    out = []
    for parameter in inspect.signature(function).parameters.values():
        text = parameter.name
        if parameter.kind is parameter.VAR_KEYWORD:
            text = "**" + text
        elif parameter.default is not parameter.empty:
            text += "=" + repr(parameter.default)
        out.append(text)
    return out


@pytest.mark.parametrize(
    ("function", "documented"), DOCUMENTED, ids=lambda x: getattr(x, "__name__", "")
)
def test_documented_signature(function, documented):
    assert _actual(function) == _documented(documented)
