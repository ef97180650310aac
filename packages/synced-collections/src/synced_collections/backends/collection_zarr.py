"""Implements a Zarr :class:`~.SyncedCollection` backend.

Requires ``zarr`` and ``numcodecs`` (extra ``[zarr]``), imported when a
collection is created.

Storage layout
--------------
zarr 2
    As in signac 1.7: a 1-element object array named ``name`` in the group,
    encoded with ``codec`` (an object codec such as ``numcodecs.JSON()``).
zarr 3
    zarr 3 cannot create object arrays. The codec-encoded bytes of the same
    1-element object array are stored as a 1-d ``uint8`` array, and the
    codec's configuration in the array attribute
    ``"synced_collections_codec"``.

Both zarr majors read both layouts (zarr 3 reads the signac 1.7 layout of
zarr format 2 groups directly from the store), so data written with either
version reads with the other as long as the group uses zarr format 2.
"""

from __future__ import annotations

import json
from typing import Any

from ..data_types.synced_collection import SyncedCollection
from ..data_types.synced_dict import SyncedDict
from ..data_types.synced_list import SyncedList
from ..validators import json_format_validator

#: Array attribute holding the codec configuration of the zarr 3 layout.
CODEC_ATTRIBUTE = "synced_collections_codec"


def _zarr_major() -> int:
    import zarr

    return int(zarr.__version__.split(".")[0])


def _object_array(data: Any) -> Any:
    import numpy

    array = numpy.empty(1, dtype=object)
    array[0] = data
    return array


def _read_store(group: Any, key: str) -> bytes | None:
    """Read raw bytes from the store of a zarr 3 group (None if missing)."""
    from zarr.core.buffer import default_buffer_prototype
    from zarr.core.sync import sync

    store_path = group.store_path
    full_key = f"{store_path.path}/{key}" if store_path.path else key
    buffer = sync(store_path.store.get(full_key, prototype=default_buffer_prototype()))
    return None if buffer is None else buffer.to_bytes()


def _read_legacy_with_zarr3(group: Any, name: str) -> Any:
    """Decode a signac 1.7 object array (zarr format 2) without zarr's array API."""
    import numcodecs
    import numpy

    metadata_blob = _read_store(group, f"{name}/.zarray")
    if metadata_blob is None:
        return None
    metadata = json.loads(metadata_blob)
    separator = metadata.get("dimension_separator") or "."
    chunk = _read_store(group, f"{name}/" + separator.join(["0"] * len(metadata["shape"])))
    if chunk is None:
        return None
    if metadata.get("compressor"):
        chunk = numcodecs.get_codec(metadata["compressor"]).decode(chunk)
    decoded: Any = chunk
    for config in reversed(metadata.get("filters") or []):
        decoded = numcodecs.get_codec(config).decode(decoded)
    return numpy.asarray(decoded, dtype=object).reshape(-1)[0]


class ZarrCollection(SyncedCollection):
    """A :class:`~.SyncedCollection` that synchronizes with a Zarr group.

    The collection is stored as a 1-element object array (zarr 2) or as the
    encoded bytes of one (zarr 3) under ``name`` in ``group``; see the module
    documentation for the layouts.

    **Thread safety.** The ``ZarrCollection`` is not thread-safe.

    Parameters
    ----------
    group : zarr.hierarchy.Group or zarr.Group
        The Zarr group in which to store data.
    name : str
        The name under which this collection is stored in the Zarr group.
    codec : numcodecs.abc.Codec, optional
        The encoding mechanism for the data. If not provided, defaults to
        JSON encoding (``numcodecs.JSON()``) (Default value = None).
    *args
        Positional arguments forwarded to parent constructors.
    **kwargs
        Keyword arguments forwarded to parent constructors.
    """

    _backend = __name__
    _validators = (json_format_validator,)

    def __init__(
        self, group: Any = None, name: str | None = None, codec: Any = None, *args, **kwargs
    ):
        self._group = group
        self._name: Any = name
        if codec is None and group is not None:
            import numcodecs

            codec = numcodecs.JSON()
        self._object_codec = codec
        super().__init__(*args, **kwargs)
        if self._parent is None and (group is None or name is None):
            raise ValueError(f"{type(self).__name__} requires a group and a name, or a parent.")

    @property
    def codec(self) -> Any:
        """numcodecs.abc.Codec: The encoding method used for the data."""
        return self._top._object_codec

    @property
    def group(self) -> Any:
        """zarr.Group: The Zarr group storing the data."""
        return self._top._group

    @property
    def name(self) -> str:
        """str: The name of this data in the Zarr group."""
        return self._top._name

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        if state.get("_object_codec") is not None:  # codecs may hold unpicklable parsers
            state["_object_codec"] = state["_object_codec"].get_config()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("_object_codec"), dict):
            import numcodecs

            state["_object_codec"] = numcodecs.get_codec(state["_object_codec"])
        super().__setstate__(state)

    def _load_from_resource(self) -> Any:
        try:
            array = self._group[self._name]
        except KeyError:
            return None
        except ValueError:
            if _zarr_major() >= 3:  # an object array, which zarr 3 cannot open
                return _read_legacy_with_zarr3(self._group, self._name)
            raise
        if array.dtype == object:
            return array[0]
        import numcodecs

        config = array.attrs.get(CODEC_ATTRIBUTE)
        codec = numcodecs.get_codec(dict(config)) if config else self._object_codec
        blob = bytes(array[:].tobytes())
        return codec.decode(blob)[0]

    def _save_to_resource(self) -> None:
        data = _object_array(self._to_base())
        if _zarr_major() < 3:
            existing = self._group.get(self._name)
            create = (
                self._group.require_dataset
                if existing is not None and existing.dtype == object
                else self._group.create_dataset  # new, or the zarr 3 layout: replace it
            )
            dataset = create(
                self._name, overwrite=True, shape=1, dtype="object", object_codec=self._object_codec
            )
            dataset[...] = data
            return
        import numpy

        blob = numpy.frombuffer(bytes(self._object_codec.encode(data)), dtype=numpy.uint8)
        array = self._group.create_array(
            self._name,
            shape=blob.shape,
            chunks=blob.shape,
            dtype="uint8",
            compressors=None,
            overwrite=True,
            attributes={CODEC_ATTRIBUTE: self._object_codec.get_config()},
        )
        array[...] = blob


class ZarrDict(ZarrCollection, SyncedDict):
    r"""A dict-like data structure that synchronizes with a Zarr group.

    Examples
    --------
    >>> doc = ZarrDict(zarr.group(), 'data')
    >>> doc['foo'] = "bar"
    >>> assert doc['foo'] == "bar"
    >>> doc['foo'] = dict(bar=True)
    >>> doc
    {'foo': {'bar': True}}

    Parameters
    ----------
    group : zarr.Group, optional
        The group in which to store data (Default value = None).
    name : str, optional
        The name of the collection (Default value = None).
    data : collections.abc.Mapping, optional
        The initial data. If None, defaults to ``{}`` (Default value = None).
    parent : ZarrCollection, optional
        A parent instance of ZarrCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors (e.g. ``codec``).

    Warnings
    --------
    Copies of a ``ZarrDict`` modify the same array. Call the object (``doc()``)
    for a plain ``dict`` copy.
    """

    def __init__(self, group=None, name=None, data=None, parent=None, *args, **kwargs):
        super().__init__(group, name, *args, data=data, parent=parent, **kwargs)


class ZarrList(ZarrCollection, SyncedList):
    r"""A list-like data structure that synchronizes with a Zarr group.

    Only non-string sequences are supported by this class.

    Examples
    --------
    >>> synced_list = ZarrList(zarr.group(), 'data')
    >>> synced_list.append("bar")
    >>> assert synced_list[0] == "bar"

    Parameters
    ----------
    group : zarr.Group, optional
        The group in which to store data (Default value = None).
    name : str, optional
        The name of the collection (Default value = None).
    data : non-str collections.abc.Sequence, optional
        The initial data. If None, defaults to ``[]`` (Default value = None).
    parent : ZarrCollection, optional
        A parent instance of ZarrCollection or None (Default value = None).
    \*args
        Positional arguments forwarded to parent constructors.
    \*\*kwargs
        Keyword arguments forwarded to parent constructors (e.g. ``codec``).
    """

    def __init__(self, group=None, name=None, data=None, parent=None, *args, **kwargs):
        super().__init__(group, name, *args, data=data, parent=parent, **kwargs)


__all__ = ["ZarrCollection", "ZarrDict", "ZarrList"]
