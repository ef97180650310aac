"""Fact 1 of issue 15: get_database with the [hosts] configuration, and the 1.x errors."""

import getpass
import sys

import pymongo
import pytest

from signac_core import errors
from signac_core.config import get_config
from signac_core.db import get_database
from signac_core.host import get_credentials, get_default_host, get_host_config
from signac_core.warnings import DeprecatedWarning

REMOVED = "will be removed in 2.0"


def write_signacrc(home, text):
    (home / ".signacrc").write_text(text)


def test_errors_of_signac_common_errors():
    assert issubclass(errors.ConfigError, errors.Error)
    assert issubclass(errors.ConfigError, RuntimeError)
    assert issubclass(errors.FetchError, FileNotFoundError)
    assert issubclass(errors.ExportError, errors.Error)
    assert issubclass(errors.ExportError, RuntimeError)
    assert issubclass(errors.AuthenticationError, RuntimeError)
    assert str(errors.AuthenticationError("db")) == "Failed to authenticate with host 'db'."


def test_deprecated_warning_is_a_deprecation_warning():
    assert issubclass(DeprecatedWarning, DeprecationWarning)


def test_get_database_of_the_only_host_in_signacrc(mongo_server, _isolated_home):
    write_signacrc(_isolated_home, f"[hosts]\n[[testing]]\nurl = {mongo_server.uri}\n")
    with pytest.warns(DeprecatedWarning, match=REMOVED):
        db = get_database("signac_issue15_only")
    assert isinstance(db, pymongo.database.Database)
    assert db.name == "signac_issue15_only"
    db.items.insert_one({"_id": 1, "a": 2})
    with pymongo.MongoClient(mongo_server.uri, serverSelectionTimeoutMS=20000) as other:
        assert other["signac_issue15_only"]["items"].find_one({"_id": 1}) == {"_id": 1, "a": 2}


def test_default_host_of_the_general_section(mongo_server, _isolated_home):
    write_signacrc(
        _isolated_home,
        "[General]\ndefault_host = second\n"
        "[hosts]\n[[first]]\nurl = mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=100\n"
        f"[[second]]\nurl = {mongo_server.uri}\n",
    )
    assert get_default_host() == "second"
    with pytest.warns(DeprecatedWarning):
        db = get_database("signac_issue15_default")
    db.c.insert_one({"x": 1})
    assert db.c.count_documents({"x": 1}) == 1


def test_hostname_and_config_arguments(mongo_server):
    config = get_config(
        ["[hosts]", "[[a]]", "url = mongodb://127.0.0.1:9", "[[b]]", f"url = {mongo_server.uri}"]
    )
    assert get_default_host(config) == "a"
    assert get_host_config("b", config)["url"] == mongo_server.uri
    with pytest.warns(DeprecatedWarning):
        db = get_database("signac_issue15_args", hostname="b", config=config)
    db.c.insert_one({"y": 2})
    assert db.c.find_one({"y": 2})["y"] == 2


def test_unknown_host_is_a_config_error(_isolated_home):
    write_signacrc(_isolated_home, "[hosts]\n[[known]]\nurl = mongodb://127.0.0.1:9\n")
    with pytest.warns(DeprecatedWarning), pytest.raises(errors.ConfigError) as info:
        get_database("db", hostname="x")
    assert str(info.value) == "Host 'x' not configured."
    assert isinstance(info.value, RuntimeError)


def test_no_host_at_all_is_a_config_error():
    with pytest.warns(DeprecatedWarning), pytest.raises(errors.ConfigError, match="No hosts"):
        get_database("db")


def test_without_pymongo_import_error_names_the_extra(monkeypatch, _isolated_home):
    write_signacrc(_isolated_home, "[hosts]\n[[a]]\nurl = mongodb://127.0.0.1:9\n")
    monkeypatch.setitem(sys.modules, "pymongo", None)  # as if pymongo were not installed
    with pytest.warns(DeprecatedWarning), pytest.raises(ImportError) as info:
        get_database("db")
    assert "signac[mongodb]" in str(info.value)
    assert "signac-core[mongodb]" in str(info.value)


def test_scram_credentials_reach_the_server(mongo_server):
    # mongoeco knows no users: the server's rejection shows the credentials were sent.
    config = get_config(
        [
            "[hosts]",
            "[[secure]]",
            f"url = {mongo_server.uri}&serverSelectionTimeoutMS=20000",
            "auth_mechanism = SCRAM-SHA-1",
            "username = alice",
            "password = wrong",
        ]
    )
    with pytest.warns(DeprecatedWarning), pytest.raises(errors.AuthenticationError) as info:
        get_database("db", config=config)
    assert str(info.value) == "Failed to authenticate with host 'secure'."


@pytest.mark.parametrize(
    ("lines", "match"),
    [
        (["auth_mechanism = SCRAM-SHA-1", "password = p"], "requires a username"),
        (["auth_mechanism = SSL-x509"], "Unsupported authentication mechanism 'SSL-x509'"),
        (
            ["auth_mechanism = SCRAM-SHA-1", "username = u", "[[[password_config]]]", "salt = s"],
            "password_config",
        ),
    ],
)
def test_invalid_authentication_settings_are_config_errors(lines, match):
    config = get_config(["[hosts]", "[[h]]", "url = mongodb://127.0.0.1:9", *lines])
    with pytest.warns(DeprecatedWarning), pytest.raises(errors.ConfigError, match=match):
        get_database("db", config=config)


def test_a_missing_password_is_asked_for(monkeypatch):
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "typed")
    hostcfg = {"url": "mongodb://h", "username": "u", "auth_mechanism": "SCRAM-SHA-1"}
    assert get_credentials(hostcfg) == "typed"
    assert asked == ["Password for u@mongodb://h: "]
    assert get_credentials(hostcfg, ask=False) is None
    assert get_credentials({**hostcfg, "password": "stored"}) == "stored"
