import pytest

from signac_core._hashing import calc_id

from .conftest import SPEC_IDS


@pytest.mark.parametrize(("statepoint", "job_id"), SPEC_IDS)
def test_job_ids_match_signac(statepoint, job_id):
    assert calc_id(statepoint) == job_id


def test_key_order_does_not_change_the_id():
    assert calc_id({"b": 1, "a": 2}) == calc_id({"a": 2, "b": 1})
