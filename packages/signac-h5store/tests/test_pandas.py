"""pandas DataFrame and Series, through PyTables (the optional [pandas] extra)."""

import sys

import numpy as np
import pytest

from signac_h5store import H5Store, H5StoreAlreadyOpenError, H5StoreReadOnlyError

pd = pytest.importorskip("pandas")
pytest.importorskip("tables")


@pytest.fixture
def frame():
    return pd.DataFrame(
        {"a": [1, 2, 3], "b": [0.5, 1.5, np.nan], "c": ["x", "y", "z"]},
        index=pd.Index([10, 20, 30], name="idx"),
    )


def test_dataframe_and_series_round_trip_closed(h5s, frame):
    series = pd.Series([1.0, 2.0], index=["p", "q"], name="s")
    h5s["df"] = frame
    h5s.series = series
    pd.testing.assert_frame_equal(h5s["df"], frame)
    pd.testing.assert_series_equal(h5s.series, series)
    assert set(h5s) == {"df", "series"}


def test_pandas_in_an_open_store_keeps_it_usable(h5s, frame):
    with h5s:
        h5s["arr"] = np.arange(3)
        h5s["df"] = frame
        pd.testing.assert_frame_equal(h5s["df"], frame)
        # the store is open again after the PyTables I/O
        np.testing.assert_array_equal(h5s["arr"][()], [0, 1, 2])
        h5s["after"] = np.ones(2)
        assert h5s.file.mode == "r+"
    with h5s.open(mode="r"):
        pd.testing.assert_frame_equal(h5s.df, frame)
        assert h5s.after.shape == (2,)
        assert h5s.file.mode == "r"


def test_pandas_nested_overwritten_and_compared(h5s, frame):
    h5s["g"] = {"df": frame, "n": 1}
    pd.testing.assert_frame_equal(h5s.g.df, frame)
    assert h5s.g == {"df": frame, "n": 1}
    h5s["g/df"] = frame.iloc[:1]  # replace a DataFrame by another one
    pd.testing.assert_frame_equal(h5s.g.df, frame.iloc[:1])
    h5s["g"]["df"] = 5  # and by a scalar
    assert h5s.g.df == 5
    h5s["x"] = 1
    h5s["x"] = frame  # a scalar replaced by a DataFrame
    pd.testing.assert_frame_equal(h5s.x, frame)
    popped = h5s.pop("x")
    pd.testing.assert_frame_equal(popped, frame)
    assert "x" not in h5s


def test_key_that_is_not_an_identifier(h5s, frame):
    h5s["my frame-1"] = frame
    pd.testing.assert_frame_equal(h5s["my frame-1"], frame)


def test_read_only(h5s, frame, file_bytes):
    h5s["df"] = frame
    before = file_bytes(h5s.filename)
    with h5s.open(mode="r"):
        with pytest.raises(H5StoreReadOnlyError):
            h5s["df2"] = frame
    assert file_bytes(h5s.filename) == before


def test_other_open_handle_in_the_process_is_a_clear_error(h5s, frame):
    other = H5Store(h5s.filename)
    with other:
        other["a"] = 1
        with pytest.raises(H5StoreAlreadyOpenError, match="held open by another handle"):
            h5s["df"] = frame
    assert "df" not in h5s and h5s["a"] == 1


def test_missing_pytables_says_what_to_install(h5s, frame, monkeypatch, file_bytes):
    h5s["a"] = 1
    h5s["df"] = frame
    before = file_bytes(h5s.filename)
    monkeypatch.setitem(sys.modules, "tables", None)  # import tables -> ImportError
    with pytest.raises(ImportError, match=r"signac-h5store\[pandas\]"):
        h5s["df2"] = frame
    with pytest.raises(ImportError, match=r"pip install"):
        h5s["df"]
    assert h5s["a"] == 1
    assert file_bytes(h5s.filename) == before


def test_pandas_is_not_imported_by_the_package():
    import subprocess

    code = (
        "import sys, signac_h5store\n"
        "s = signac_h5store.H5Store(sys.argv[1])\ns['a'] = 1\nassert s['a'] == 1\n"
        "print(sorted(m for m in ('pandas', 'tables') if m in sys.modules))"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code, tmp + "/s.h5"], capture_output=True, text=True, check=True
        )
    assert out.stdout.strip() == "[]"
