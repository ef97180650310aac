import pytest

from signac_core._hashing import calc_id


@pytest.mark.parametrize(
    ("statepoint", "job_id"),
    [
        ({"constant": 42, "diff1": 0, "diff2": 1}, "c4af2b26f1fd256d70799ad3ce3bdad0"),
        ({"constant": 42, "diff1": 1, "diff2": 1}, "b96b21fada698f8934d58359c72755c0"),
        ({"constant": 42, "diff1": 2, "diff2": 2}, "e4289419d2b0e57e4852d44a09f167c0"),
        ({"a": 0, "b": {"c": 0}}, "4e9a45a922eae6bb5d144b36d82526e4"),
        ({"a": 1, "b": {"c": 1}}, "d49c6609da84251ab096654971115d0c"),
    ],
)
def test_job_ids_match_signac(statepoint, job_id):
    assert calc_id(statepoint) == job_id


def test_key_order_does_not_change_the_id():
    assert calc_id({"b": 1, "a": 2}) == calc_id({"a": 2, "b": 1})
