"""The articles folder, listed and read without ever leaving it.

The index reads one folder, and only its inside: whatever is indexed can be quoted to every
staff member. A symbolic link that leads out of the folder (to /etc/passwd, to the service's
env file with the bot token) is therefore never followed, whether it names a file, a folder
or a sidecar, absolutely or with "../". A link whose target stays inside is followed when it
names a file (read under the link's name; the same text under two names is reported as a
duplicate) and skipped when it names a folder (that folder's files are read where they are,
and a folder link is how loops are made). Reading opens one path component at a time
relative to the folder with O_NOFOLLOW, so a link swapped in between the check and the read
fails the read instead of leaving the folder.

Nothing is dropped in silence: every entry that is not read as an article is returned with
its reason (hidden files and folders, link loops, broken links, pipes and devices, names
holding line breaks, sidecars without their article), and an entry that exists but cannot
be read now is marked ``unreadable`` so that a refresh keeps what it indexed from it.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import ConfigError, IngestError
from rag.models import Skipped
from rag.oneline import has_unsafe

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
OUTSIDE = "link to a path outside the articles folder; not read"
LOOP = "symbolic link loop; not read"
BROKEN = "broken symbolic link (its target does not exist); not read"
FOLDER_LINK = "link to a folder inside the articles folder; its files are read where they are"
HIDDEN_FILE = "hidden file (the name starts with a dot); not read"
HIDDEN_FOLDER = "hidden folder (the name starts with a dot); not read"
BAD_NAME = "the name holds a line break or control character; rename it"
SPECIAL = "not a regular file (a pipe, socket or device); not read"
_WITH_ITS_ARTICLE = Skipped("", "sidecar")
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a pipe must not block


class NotFollowed(IngestError):
    """A link that is not followed: it leads out of the folder, loops, or leads nowhere."""


@dataclass
class Listing:
    files: list[str] = field(default_factory=list)  # relative POSIX paths; links last
    skipped: list[Skipped] = field(default_factory=list)  # every other entry, with its reason


def unreadable(name: str, why: OSError) -> Skipped:
    """An entry that exists but cannot be read now (permissions, I/O): a refresh keeps what
    it indexed from it. ``name`` ends with "/" for a folder."""
    cause = (why.strerror or type(why).__name__).lower()
    what = "folder cannot" if name.endswith("/") else "cannot"
    return Skipped(name, f"{what} be read ({cause})", unreadable=True)


class ArticlesFolder:
    def __init__(self, root: Path) -> None:
        try:
            self.root = root.resolve(strict=True)
        except OSError as exc:
            raise ConfigError(
                f"articles folder {root} does not exist (set ACCORD_SEEDS_DIR)"
            ) from exc
        if not self.root.is_dir():
            raise ConfigError(f"articles folder {root} is not a folder (set ACCORD_SEEDS_DIR)")

    # --- listing --------------------------------------------------------------------

    def listing(self) -> Listing:
        """Every article file under the folder, and every other entry with its reason."""
        found = Listing()
        try:
            entries = self._entries(self.root)
        except OSError as exc:
            raise ConfigError(
                f"articles folder {self.root} cannot be read ({(exc.strerror or '').lower()}); "
                "nothing was changed"
            ) from exc
        pending = [("", entries)]
        linked: list[str] = []
        while pending:
            prefix, entries = pending.pop()
            names = {entry.name for entry in entries}
            for entry in entries:
                relative = prefix + entry.name
                reason = self._reason(entry, relative, names)
                if reason is not None:
                    if reason is not _WITH_ITS_ARTICLE:
                        found.skipped.append(reason)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    try:
                        pending.append((relative + "/", self._entries(Path(entry.path))))
                    except OSError as exc:
                        found.skipped.append(unreadable(relative + "/", exc))
                else:
                    (linked if entry.is_symlink() else found.files).append(relative)
        # Files first, then links: where a link inside names a file, the link is the duplicate.
        found.files = sorted(found.files) + sorted(linked)
        found.skipped.sort(key=lambda s: s.source_file)
        return found

    @staticmethod
    def _entries(path: Path) -> list[os.DirEntry[str]]:
        with os.scandir(path) as scan:
            return sorted(scan, key=lambda entry: entry.name)

    def _reason(self, entry: os.DirEntry[str], relative: str, names: set[str]) -> Skipped | None:
        """None: a folder to enter or a file to read; else why not (``_WITH_ITS_ARTICLE``: a
        sidecar, read with its article, not reported)."""
        is_dir = entry.is_dir(follow_symlinks=False)
        if has_unsafe(entry.name):
            return Skipped(relative + ("/" if is_dir else ""), BAD_NAME)
        if entry.name.startswith("."):
            return (
                Skipped(relative + "/", HIDDEN_FOLDER) if is_dir else Skipped(relative, HIDDEN_FILE)
            )
        if entry.is_symlink():
            try:
                target = self.resolve(relative)
            except NotFollowed as exc:
                return Skipped(relative, exc.message)
            except OSError as exc:
                return unreadable(relative, exc)
            if target.is_dir():
                return Skipped(relative, FOLDER_LINK)
            is_file = target.is_file()
        else:
            is_file = entry.is_file(follow_symlinks=False)
        if is_dir:
            return None
        if not is_file:
            return Skipped(relative, SPECIAL)
        if entry.name.endswith(SIDECAR_SUFFIXES):
            article = next(entry.name.removesuffix(s) for s in SIDECAR_SUFFIXES
                           if entry.name.endswith(s))  # fmt: skip
            if article in names:
                return _WITH_ITS_ARTICLE
            return Skipped(relative, f"sidecar without its article {article}; not read")
        return None

    # --- reading --------------------------------------------------------------------

    def resolve(self, relative: str) -> Path:
        """Where ``relative`` leads once every link is followed; ``NotFollowed`` if that is
        outside the folder, a loop or nowhere."""
        try:
            real = Path(os.path.realpath(self.root / relative, strict=True))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise NotFollowed(LOOP) from exc
            if exc.errno == errno.ENOENT and os.path.islink(self.root / relative):
                raise NotFollowed(BROKEN) from exc
            raise
        if not real.is_relative_to(self.root):
            raise NotFollowed(OUTSIDE)
        return real

    def read(self, relative: str, max_bytes: int | None = None) -> bytes:
        """The bytes of the file at ``relative``, read without leaving the folder; a file
        over ``max_bytes`` is refused before it is read."""
        parts = self.resolve(relative).relative_to(self.root).parts
        if not parts:
            raise IngestError("not a file")
        fd = os.open(self.root, _DIR)
        try:
            for part in parts[:-1]:
                inner = os.open(part, _DIR | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = inner
            if not stat.S_ISREG(os.stat(parts[-1], dir_fd=fd, follow_symlinks=False).st_mode):
                raise NotFollowed(SPECIAL)  # never opened: opening a device can act on it
            handle = os.open(parts[-1], _FILE, dir_fd=fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # a link swapped in since resolve()
                raise NotFollowed(OUTSIDE) from exc
            raise
        finally:
            os.close(fd)
        with os.fdopen(handle, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise IngestError(SPECIAL)
            if max_bytes is not None and info.st_size > max_bytes:
                raise IngestError(f"file too large ({info.st_size:,} bytes > cap {max_bytes:,})")
            return file.read()

    def sidecar(self, relative: str) -> tuple[str, bytes] | None:
        """The name and bytes of the article's sidecar, if it has one."""
        for suffix in SIDECAR_SUFFIXES:
            name = relative + suffix
            if os.path.lexists(self.root / name):
                try:
                    return name, self.read(name)
                except IngestError as exc:
                    raise IngestError(f"sidecar {Path(name).name}: {exc.message}") from exc
        return None
