"""signac 1.7's ``signac.core.utility.Version`` and ``parse_version`` (issue 13, item 5)."""

import pytest

from signac_core._version_parsing import Version, parse_version


def test_version_is_a_dict_with_defaults():
    version = Version()
    assert isinstance(version, dict)
    assert dict(version) == {
        "major": 0,
        "minor": 0,
        "change": 0,
        "postrelease": "",
        "prerelease": "final",
    }
    assert Version(1, 2, 3, "-a1", "dev1") == Version(
        major=1, minor=2, change=3, postrelease="-a1", prerelease="dev1"
    )


@pytest.mark.parametrize("prerelease", ["final1", "rc1", "g", "z"])
def test_prerelease_after_final_is_refused(prerelease):
    with pytest.raises(ValueError, match="final"):
        Version(prerelease=prerelease)
    with pytest.raises(ValueError):
        parse_version(f"0.1.3{prerelease}")


@pytest.mark.parametrize("prerelease", ["final", "dev1", "a1", "b2", "beta", ""])
def test_prerelease_up_to_final_is_accepted(prerelease):
    assert Version(prerelease=prerelease)["prerelease"] == prerelease


def test_order_and_equality_use_major_minor_change_prerelease_postrelease():
    assert Version(prerelease="dev1") < Version()
    assert Version(prerelease="a1") < Version(prerelease="b1") < Version(prerelease="final")
    assert Version(postrelease="-a1") > Version()  # postrelease is compared last
    assert Version(change=1, postrelease="") > Version(change=0, postrelease="-z")
    chain = ["0.1.2", "0.1-a1.2", "0.1-a1.3dev1", "0.1.3"]
    versions = [parse_version(text) for text in chain]
    for low, high in zip(versions, versions[1:]):
        assert low < high
        assert not high < low
        assert low != high
    assert sorted(reversed(versions)) == versions
    assert Version(major=1) == Version(1, 0, 0, "", "final")
    assert Version(major=1) != Version(major=1, prerelease="dev0")


def test_str():
    assert str(Version(1, 2, 3, "-post", "dev4")) == "1.2-post.3dev4"
    assert str(Version(major=1)) == "1.0.0final"
    assert str(parse_version("0.1-a1.3dev1")) == "0.1-a1.3dev1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.0", Version(major=1)),
        ("0.1", Version(minor=1)),
        ("0.1.2", Version(minor=1, change=2)),
        ("0.1-a1.2", Version(minor=1, change=2, postrelease="-a1")),
        ("0.1-a1.3dev1", Version(minor=1, change=3, postrelease="-a1", prerelease="dev1")),
        ("1.7.0", Version(major=1, minor=7)),
        # One digit of change; the rest of the word is the prerelease.
        ("0.1.10", Version(minor=1, change=1, prerelease="0")),
        ("12.34.5", Version(major=12, minor=34, change=5)),
        ("1.0 trailing text", Version(major=1)),
    ],
)
def test_parse_version(text, expected):
    version = parse_version(text)
    assert type(version) is Version
    assert version == expected
    assert dict(version) == dict(expected)


@pytest.mark.parametrize("text", ["", "1", "a.b", "v1.0"])
def test_parse_version_refuses_non_versions(text):
    with pytest.raises(ValueError, match="version"):
        parse_version(text)
