"""Buffering protocols and implementations for synced collections."""

from .buffered_collection import BufferedCollection
from .file_buffered_collection import FileBufferedCollection
from .memory_buffered_collection import SharedMemoryFileBufferedCollection
from .serialized_file_buffered_collection import SerializedFileBufferedCollection

__all__ = [
    "BufferedCollection",
    "FileBufferedCollection",
    "SerializedFileBufferedCollection",
    "SharedMemoryFileBufferedCollection",
]
