"""Safe reading of zip and tar archives for :func:`~signac_core.import_export.import_into_project`.

Every member is checked before anything is written (:meth:`Archive.check`):
absolute names, ``..`` components, links that point outside the archive (or,
for an imported job, outside the job's directory), device files and FIFOs,
and a total size beyond a limit are refused with a ``ValueError``. Extraction
never calls ``extractall``: each member is written by this module under the
destination it was checked against, links last, so no write goes through a
link.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FILE, DIR, SYMLINK, HARDLINK = "file", "dir", "symlink", "hardlink"


@dataclass
class Member:
    """One checked archive member: a normalized relative name with ``/``."""

    name: str
    kind: str
    size: int
    link: str  # the (normalized) target of a link, else ""
    info: Any  # the TarInfo / ZipInfo


def _refuse(archive: str, name: str, why: str) -> ValueError:
    return ValueError(f"Refusing to import from '{archive}': member {name!r} {why}.")


def _normalize(archive: str, raw: str) -> str:
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise _refuse(archive, raw, "has an absolute path")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise _refuse(archive, raw, "leaves the archive ('..')")
    return "/".join(parts)


def is_inside(name: str, root: str) -> bool:
    """Return True if the normalized ``name`` is ``root`` or below it ("" is the archive root)."""
    return root == "" or name == root or name.startswith(root + "/")


class Archive:
    """The checked members of a zip or tar archive.

    Parameters
    ----------
    path : str
        The archive file.
    handle : zipfile.ZipFile or tarfile.TarFile
        The open archive.
    """

    def __init__(self, path: str, handle: zipfile.ZipFile | tarfile.TarFile):
        self.path = path
        self._handle = handle
        self.members: dict[str, Member] = {}
        for member in self._read_members():
            self.members[member.name] = member

    def _read_members(self) -> Iterator[Member]:
        if isinstance(self._handle, zipfile.ZipFile):
            yield from self._zip_members(self._handle)
        else:
            yield from self._tar_members(self._handle)

    def _link_target(self, name: str, target: str) -> str:
        if target.startswith("/") or (len(target) > 1 and target[1] == ":"):
            raise _refuse(self.path, name, f"is a link to the absolute path {target!r}")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
        if resolved == ".." or resolved.startswith("../"):
            raise _refuse(self.path, name, f"is a link pointing outside ({target!r})")
        return "" if resolved == "." else resolved

    def _zip_members(self, handle: zipfile.ZipFile) -> Iterator[Member]:
        for info in handle.infolist():
            name = _normalize(self.path, info.filename)
            mode = info.external_attr >> 16
            if info.is_dir() or stat.S_ISDIR(mode):
                yield Member(name, DIR, 0, "", info)
            elif stat.S_ISLNK(mode):
                if info.file_size > 4096:
                    raise _refuse(self.path, info.filename, "is a link with an overlong target")
                target = handle.read(info).decode()
                yield Member(name, SYMLINK, 0, self._link_target(name, target), info)
            elif mode and not stat.S_ISREG(mode):
                raise _refuse(self.path, info.filename, "is a device or special file")
            else:
                yield Member(name, FILE, info.file_size, "", info)

    def _tar_members(self, handle: tarfile.TarFile) -> Iterator[Member]:
        for info in handle.getmembers():
            name = _normalize(self.path, info.name)
            if info.isdir():
                yield Member(name, DIR, 0, "", info)
            elif info.isreg():
                yield Member(name, FILE, info.size, "", info)
            elif info.issym():
                yield Member(name, SYMLINK, 0, self._link_target(name, info.linkname), info)
            elif info.islnk():
                target = _normalize(self.path, info.linkname)
                yield Member(name, HARDLINK, 0, target, info)
            else:
                raise _refuse(self.path, info.name, "is a device or special file")

    def check(self, max_size: int | None) -> None:
        """Refuse hard links to missing files and a total size beyond ``max_size`` bytes."""
        total = 0
        for member in self.members.values():
            if member.kind == HARDLINK:
                target = self.members.get(member.link)
                if target is None or target.kind != FILE:
                    raise _refuse(
                        self.path, member.name, "is a hard link to no file of the archive"
                    )
                total += target.size
            total += member.size
        if max_size is not None and total > max_size:
            raise ValueError(
                f"Refusing to import from '{self.path}': its members hold {total} bytes, "
                f"more than the limit of {max_size} bytes."
            )

    def check_job(self, root: str) -> None:
        """Refuse links of the job directory ``root`` that point outside it."""
        for member in self.below(root):
            if member.kind in (SYMLINK, HARDLINK) and not is_inside(member.link, root):
                raise _refuse(self.path, member.name, "is a link pointing outside its job")

    def directories(self) -> set[str]:
        """All directories of the archive (explicit or implied by a member), "" for the root."""
        dirs = {""}
        for member in self.members.values():
            if member.kind == DIR:
                dirs.add(member.name)
            parent = posixpath.dirname(member.name)
            while parent and parent not in dirs:
                dirs.add(parent)
                parent = posixpath.dirname(parent)
        return dirs

    def read(self, name: str) -> bytes | None:
        """Return the contents of the regular file ``name`` (None if there is none)."""
        member = self.members.get(name)
        if member is None or member.kind != FILE:
            return None
        if isinstance(self._handle, zipfile.ZipFile):
            return self._handle.read(member.info)
        file = self._handle.extractfile(member.info)
        return file.read() if file is not None else None

    def below(self, root: str) -> list[Member]:
        """Return the members inside the directory ``root`` (not ``root`` itself)."""
        return [m for m in self.members.values() if m.name != root and is_inside(m.name, root)]

    def _open(self, member: Member) -> Any:
        if isinstance(self._handle, zipfile.ZipFile):
            return self._handle.open(member.info)
        return self._handle.extractfile(member.info)

    def extract(self, root: str, dest: str) -> None:
        """Write the members below ``root`` into the (existing, empty) directory ``dest``."""
        members = self.below(root)
        offset = len(root) + 1 if root else 0
        links = []
        for member in members:
            out = os.path.join(dest, *member.name[offset:].split("/"))
            if member.kind == DIR:
                os.makedirs(out, exist_ok=True)
            elif member.kind == FILE:
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with self._open(member) as src, open(out, "xb") as dst:
                    shutil.copyfileobj(src, dst)
            else:
                links.append((member, out))
        for member, out in links:  # last: nothing above was written through a link
            os.makedirs(os.path.dirname(out), exist_ok=True)
            if member.kind == SYMLINK:
                os.symlink(
                    posixpath.relpath(member.link or ".", posixpath.dirname(member.name) or "."),
                    out,
                )
            else:
                target = self.members[member.link]
                with self._open(target) as src, open(out, "xb") as dst:
                    shutil.copyfileobj(src, dst)
