"""Facts 2-5 of issue 15: crawlers, index_files and main indexes of access modules."""

import hashlib
import json
import logging
import os

import pytest

import signac_core
from signac_core.errors import FetchError
from signac_core.indexing import (
    BaseCrawler,
    JSONCrawler,
    MainCrawler,
    MasterCrawler,
    RegexFileCrawler,
    SignacProjectCrawler,
    index,
    index_files,
)
from signac_core.warnings import DeprecatedWarning

REMOVED = "will be removed in 2.0"


def quiet(function, *args, **kwargs):
    with pytest.warns(DeprecatedWarning, match=REMOVED):
        return function(*args, **kwargs)


def md5(data):
    return hashlib.md5(data).hexdigest()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# -- fact 2: BaseCrawler -------------------------------------------------------------------
def test_base_crawler_of_an_empty_directory_yields_nothing(tmp_path):
    crawler = quiet(BaseCrawler, str(tmp_path))
    assert list(crawler.crawl()) == []
    assert crawler.root == str(tmp_path)


def test_base_crawler_does_not_implement_docs_from_file(tmp_path):
    write(tmp_path / "a.txt", "a")
    crawler = quiet(BaseCrawler, str(tmp_path))
    with pytest.raises(NotImplementedError):
        list(crawler.crawl())


def test_base_crawler_fetch_raises_and_process_returns_the_doc(tmp_path):
    crawler = quiet(BaseCrawler, str(tmp_path))
    with pytest.raises(FetchError):
        crawler.fetch({"a": 1})
    doc = {"a": 1}
    assert crawler.process(doc, str(tmp_path), "a.txt") is doc


def test_every_crawled_doc_gets_format_and_an_md5_id(tmp_path):
    write(tmp_path / "sub" / "b.txt", "b")

    class Crawler(BaseCrawler):
        def docs_from_file(self, dirpath, fn):
            yield {"fn": fn}
            yield {"fn": fn, "format": "mine", "_id": "given"}

    docs = list(quiet(Crawler, str(tmp_path)).crawl())
    dirpath = str(tmp_path / "sub")
    expected = md5(
        (dirpath + "b.txt" + json.dumps({"fn": "b.txt", "format": None}, sort_keys=True)).encode()
    )
    assert docs == [
        {"fn": "b.txt", "format": None, "_id": expected},
        {"fn": "b.txt", "format": "mine", "_id": "given"},
    ]


# -- fact 3: RegexFileCrawler, JSONCrawler, SignacProjectCrawler, MainCrawler --------------
def test_define_replaces_the_definitions_of_that_class_only():
    class A(RegexFileCrawler):
        pass

    class B(RegexFileCrawler):
        pass

    class C(A):
        pass

    A.define(r".*\.txt", "Text")
    assert RegexFileCrawler.definitions == {}
    assert B.definitions == {}
    assert [p.pattern for p in A.definitions] == [r".*\.txt"]
    assert C.definitions is A.definitions  # inherited until C defines its own
    C.define(r".*\.dat")
    assert [p.pattern for p in C.definitions] == [r".*\.txt", r".*\.dat"]
    assert [p.pattern for p in A.definitions] == [r".*\.txt"]


def test_regex_file_crawler_documents(tmp_path):
    write(tmp_path / "a_1.txt", "one")
    write(tmp_path / "d" / "a_2.5.txt", "two and a half")
    write(tmp_path / "a_x.txt", "x")
    write(tmp_path / "other.dat", "no match")

    class Crawler(RegexFileCrawler):
        pass

    Crawler.define(r".*/a_(?P<value>[^/]+)\.txt", "TextFile")
    crawler = quiet(Crawler, str(tmp_path))
    docs = {doc["filename"]: doc for doc in crawler.crawl()}
    assert set(docs) == {"a_1.txt", "a_x.txt", os.path.join("d", "a_2.5.txt")}
    assert docs["a_1.txt"]["value"] == 1 and type(docs["a_1.txt"]["value"]) is int
    assert docs[os.path.join("d", "a_2.5.txt")]["value"] == 2.5
    assert docs["a_x.txt"]["value"] == "x"
    one = docs["a_1.txt"]
    assert one["root"] == str(tmp_path) and os.path.isabs(one["root"])
    assert one["format"] == "TextFile"
    assert one["md5"] == one["file_id"] == md5(b"one")
    assert len({doc["_id"] for doc in docs.values()}) == 3
    with crawler.fetch(one) as file:
        assert file.read() == "one"
    with pytest.raises(FetchError):
        crawler.fetch({"root": str(tmp_path)})
    with pytest.raises(FetchError):
        crawler.fetch({"filename": "other.dat"})


def test_regex_matches_the_whole_path_and_format_is_a_string(tmp_path):
    write(tmp_path / "a_1.txt", "one")

    class Anchored(RegexFileCrawler):
        pass

    Anchored.define(r"a_\d\.txt")  # re.match from the start of root/...: no match
    assert list(quiet(Anchored, str(tmp_path)).crawl()) == []

    class Unformatted(RegexFileCrawler):
        pass

    Unformatted.define(r".*\.txt")
    (doc,) = quiet(Unformatted, str(tmp_path)).crawl()
    assert doc["format"] == "None"


def test_json_crawler_yields_the_content_of_json_files(tmp_path):
    write(tmp_path / "x.json", json.dumps({"a": 1, "b": [1, 2]}))
    write(tmp_path / "y.txt", "{}")
    docs = list(quiet(JSONCrawler, str(tmp_path)).crawl())
    assert len(docs) == 1
    assert docs[0]["a"] == 1 and docs[0]["b"] == [1, 2]
    assert docs[0]["format"] is None
    assert len(docs[0]["_id"]) == 32


def test_signac_project_crawler_indexes_jobs_and_defined_files(tmp_path):
    project = signac_core.init_project("p", root=str(tmp_path / "p"))
    job = project.open_job({"a": 1})
    job.init()
    job.doc["b"] = 2
    write(tmp_path / "p" / "workspace" / job.id / "out.txt", "data")

    plain = quiet(SignacProjectCrawler, str(tmp_path / "p"))
    assert plain.root == project.workspace()
    (doc,) = plain.crawl()
    assert doc["signac_id"] == doc["_id"] == job.id
    assert doc["statepoint"] == {"a": 1} and doc["b"] == 2
    assert doc["root"] == project.workspace()

    class Crawler(SignacProjectCrawler):
        pass

    Crawler.define(r".*\.txt", "Text")
    docs = list(quiet(Crawler, str(tmp_path / "p")).crawl())
    files = [d for d in docs if "filename" in d]
    assert len(docs) == 2 and len(files) == 1
    assert files[0]["filename"] == os.path.join(job.id, "out.txt")
    assert files[0]["signac_id"] == job.id and files[0]["statepoint"] == {"a": 1}
    assert files[0]["file_id"] == md5(b"data")


def test_main_and_master_crawler_warn(tmp_path):
    with pytest.warns(DeprecatedWarning, match="MainCrawler is deprecated"):
        MainCrawler(str(tmp_path))
    with pytest.warns(DeprecatedWarning, match="MasterCrawler is deprecated.*Use MainCrawler"):
        master = MasterCrawler(str(tmp_path), raise_on_error=True)
    assert isinstance(master, MainCrawler) and master.raise_on_error


# -- fact 4: index_files ---------------------------------------------------------------------
@pytest.fixture
def files(tmp_path):
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.zip", "b")
    write(tmp_path / "deep" / "c.txt", "c")
    return tmp_path


def _by_name(docs):
    return {doc["filename"]: doc["format"] for doc in docs}


def test_index_files_without_formats_indexes_every_file(files):
    docs = quiet(index_files, str(files))
    assert _by_name(docs) == {
        "a.txt": "File",
        "b.zip": "File",
        os.path.join("deep", "c.txt"): "File",
    }


def test_index_files_with_a_pattern(files):
    docs = quiet(index_files, str(files), r".*\.txt")
    assert _by_name(docs) == {"a.txt": "File", os.path.join("deep", "c.txt"): "File"}


def test_index_files_with_a_dict_of_formats_and_a_depth(files):
    formats = {r".*\.txt": "TextFile", r".*\.zip": "ZipFile"}
    assert _by_name(quiet(index_files, str(files), formats)) == {
        "a.txt": "TextFile",
        "b.zip": "ZipFile",
        os.path.join("deep", "c.txt"): "TextFile",
    }
    assert _by_name(quiet(index_files, str(files), formats, depth=1)) == {
        "a.txt": "TextFile",
        "b.zip": "ZipFile",
    }


def test_index_files_defaults_to_the_current_directory(files, monkeypatch):
    monkeypatch.chdir(files)
    assert "a.txt" in _by_name(quiet(index_files))


# -- fact 5: main indexes of signac_access.py modules --------------------------------------
ACCESS_TXT = """
from signac_core.indexing import index_files

def get_indexes(root):
    yield index_files(root, r'.*\\.txt')
"""
ACCESS_TAGGED = """
from signac_core.indexing import index_files

def get_indexes(root):
    yield [{'_id': 'tagged-b', 'root': root}]

get_indexes.tags = {'b'}
"""
ACCESS_CRAWLER = """
from signac_core.indexing import JSONCrawler

def get_crawlers(root):
    crawler = JSONCrawler(root)
    crawler.tags = ('c', 'z')
    yield crawler
"""
ACCESS_BROKEN = """
def get_indexes(root):
    raise RuntimeError('broken access module')
"""


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    write(root / "a" / "signac_access.py", ACCESS_TXT)
    write(root / "a" / "notes.txt", "notes")
    write(root / "b" / "signac_access.py", ACCESS_TAGGED)
    write(root / "c" / "signac_access.py", ACCESS_CRAWLER)
    write(root / "c" / "data.json", json.dumps({"_id": "json-c", "x": 1}))
    project = signac_core.init_project("d", root=str(root / "d"))
    project.open_job({"i": 0}).init()
    write(root / "d" / "signac_access.py", "")
    write(root / "e" / "signac_access.py", ACCESS_BROKEN)
    return root, project


def test_main_index_without_tags(tree, caplog):
    root, project = tree
    with caplog.at_level(logging.ERROR):
        docs = quiet(lambda: list(index(str(root))))
    ids = {doc["_id"] for doc in docs}
    (job,) = project
    assert job.id in ids  # the blank access module indexes its project
    assert [d["filename"] for d in docs if "filename" in d] == ["notes.txt"]
    assert "tagged-b" not in ids and "json-c" not in ids
    assert "broken access module" in caplog.text  # logged and skipped
    project_doc = next(doc for doc in docs if doc["_id"] == job.id)
    assert project_doc["sp"] == {"i": 0} and project_doc["root"] == project.workspace()


def test_main_index_with_tags(tree):
    root, _project = tree
    assert {d["_id"] for d in quiet(lambda: list(index(str(root), tags=["b"])))} == {"tagged-b"}
    (doc,) = quiet(lambda: list(index(str(root), tags={"c"})))
    assert doc["_id"] == "json-c" and doc["x"] == 1
    assert doc["project"] == "c"  # crawler docs carry the access module's directory
    assert quiet(lambda: list(index(str(root), tags=["nothing"]))) == []


def test_main_crawler_raises_on_error_when_asked(tree):
    root, _project = tree
    crawler = quiet(MainCrawler, str(root), raise_on_error=True)
    with pytest.warns(DeprecatedWarning), pytest.raises(RuntimeError, match="broken access"):
        list(crawler.crawl())
    with pytest.warns(DeprecatedWarning), pytest.raises(RuntimeError, match="broken access"):
        list(index(str(root), raise_on_error=True))


def test_nan_and_inf_strings_stay_strings(tmp_path):
    for name in ("nan", "inf", "-inf", "1e3"):
        write(tmp_path / f"v_{name}.txt", name)

    class Crawler(RegexFileCrawler):
        pass

    Crawler.define(r".*/v_(?P<v>[^/]+)\.txt")
    values = sorted(str(doc["v"]) for doc in quiet(Crawler, str(tmp_path)).crawl())
    assert values == ["-inf", "1000", "inf", "nan"]


def test_the_warning_names_the_crawler_and_points_at_the_caller(tmp_path):
    class Mine(JSONCrawler):
        pass

    with pytest.warns(DeprecatedWarning) as caught:
        Mine(str(tmp_path))
    (warning,) = caught
    assert str(warning.message) == (
        "JSONCrawler is deprecated as of 1.3 and will be removed in 2.0. "
        "The indexing module is deprecated."
    )
    assert warning.filename == __file__
    with pytest.warns(DeprecatedWarning) as caught:
        index_files(str(tmp_path))  # warns at the call, before iteration
    assert [w.filename for w in caught] == [__file__]
