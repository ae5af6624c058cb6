"""The plan file on disk: finding it, reading and decoding it, locking it, and writing it atomically.

The only module that opens plan.yaml. Everything that reads the working copy (every command, `plan
changes` too) goes through `read_text`; everything that writes goes through `locked` and
`write_atomically`. What the text means is the schema layer's business (`store.py`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from baeredygtig_cli.errors import ConflictError, PlanFileError, os_error_text

PLAN_FILENAME = "plan.yaml"
BOM = "\ufeff"


def find_plan_file(explicit: Path | None, cwd: Path) -> Path:
    """`--fil` or `$PLAN_FILE` if given, else plan.yaml here or in the nearest parent folder.

    Anything named plan.yaml counts, not only a regular file: a FIFO or a folder of that name is
    then refused by the reader in so many words, rather than passed over in silence."""
    if explicit is not None:
        return explicit
    for folder in (cwd, *cwd.parents):
        candidate = folder / PLAN_FILENAME
        if os.path.lexists(candidate):
            return candidate
    raise PlanFileError(
        f"fandt ingen {PLAN_FILENAME} i {cwd} eller mapperne over; brug --fil eller $PLAN_FILE"
    )


# O_BINARY: on Windows a descriptor from os.open is in text mode (CRLF read as LF, ^Z as the end), and
# the plan's bytes must be read as they are.
_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a Danish one-line error for anything that goes wrong.

    Opened without blocking and checked to be a regular file before a byte is read: a FIFO named
    plan.yaml would otherwise hang every command until some other process wrote to it."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise PlanFileError(_read_error(error), path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PlanFileError("er en mappe, ikke en fil", path)
        if not stat.S_ISREG(info.st_mode):
            raise PlanFileError("er ikke en almindelig fil (fx en FIFO eller en enhed); intet er læst", path)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise PlanFileError(_read_error(error), path) from None
    finally:
        os.close(fd)


def _read_error(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "ingen adgang til at læse filen"
    if isinstance(error, (FileNotFoundError, IsADirectoryError)):
        return os_error_text(error)
    return f"kan ikke læses ({os_error_text(error)})"


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text without the BOM an editor may have added."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlanFileError(
            f"er ikke gyldig UTF-8 (byte {error.start}); gem filen som UTF-8", path, line
        ) from None


def read_text(path: Path) -> str:
    """The one reader of a plan file: every command that reads the working copy comes here."""
    return decode(read_bytes(path), path)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


@contextlib.contextmanager
def locked(path: Path) -> Iterator[bool]:
    """An exclusive lock on the plan, held from read to write, so two edits (two windows, two laptops
    on a shared drive) cannot interleave; yields whether the lock is held.

    Where there is `fcntl` (Linux, macOS): an advisory flock on the plan's folder, waited for in the
    kernel as long as another edit holds it; locking the folder itself leaves no lock file for the
    user's git to see. Elsewhere (Windows): `_lock_file_held`."""
    fcntl = _flock_module()
    if fcntl is None:
        with _lock_file_held(path) as held:
            yield held
        return
    folder = path.resolve().parent
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield False  # a folder we cannot open: the read or write below will say why in Danish
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield True
    finally:
        os.close(fd)


def _flock_module() -> Any:
    """`fcntl`, where the system has it; None on Windows."""
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl


LOCK_FILE_WAIT = 120  # seconds an edit waits for another to let go of the lock file (no fcntl)


@contextlib.contextmanager
def _lock_file_held(path: Path) -> Iterator[bool]:
    """The lock where there is no `fcntl` (Windows): `.plan.yaml.lock` beside the plan, held with the
    `filelock` package, a well-kept cross-platform lock (tox, virtualenv and pip's own tooling lean on
    it): on Windows it is msvcrt's lock on the file, which the file server also holds between two
    laptops on one shared drive, and the file is removed when let go. Waited for at most
    `LOCK_FILE_WAIT` seconds (a folder the lock file cannot be made in reads as held by another on
    Windows, and must not hang an edit for ever), then refused in one Danish line."""
    from filelock import FileLock, Timeout

    target = path.resolve()
    lock = FileLock(target.parent / f".{target.name}.lock", timeout=LOCK_FILE_WAIT)
    try:
        lock.acquire()
    except Timeout:
        raise ConflictError(
            f"{display_path(path)} er låst af en anden ændring (.{target.name}.lock) i over "
            f"{LOCK_FILE_WAIT} sekunder; intet er ændret – prøv igen"
        ) from None
    except OSError:
        yield False  # the lock file cannot be made: the write below will say why in Danish
        return
    try:
        yield True
    finally:
        lock.release()


def _temp_pattern(target: Path) -> re.Pattern[str]:
    """The names `write_atomically` gives its temp files (tempfile's eight random characters)."""
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")


def reap_stale_temp_files(path: Path) -> list[Path]:
    """Remove temp files an edit killed before its `os.replace` left behind.

    Call only while holding the folder lock: every writer holds it while its temp file exists,
    so any such file found then belongs to a writer that is gone. Only names we give, only
    regular files."""
    target = path.resolve()
    pattern = _temp_pattern(target)
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomically(
    path: Path, expected: bytes, data: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Temp file in the same folder, fsync, `os.replace`; keeps permissions; follows a symlink.

    Refuses if the file on disk is no longer `expected`, the bytes the edit was made from (another
    editor, a `git pull`). Call it holding `locked(path)`."""
    target = path.resolve()
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except PermissionError:
        raise PlanFileError("ingen adgang til at skrive i mappen", path) from None
    except OSError as error:
        raise PlanFileError(f"kan ikke skrives ({os_error_text(error)})", path) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if target.read_bytes() != expected:
            raise ConflictError(
                f"{display_path(path)} er ændret af en anden, mens plan arbejdede; "
                "intet er skrevet – prøv igen"
            )
        if before_replace is not None:
            before_replace()
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise PlanFileError(f"kan ikke skrives ({os_error_text(error)}); intet er ændret", path) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def replace_file(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """`path` holding `data`, all at once: a temp file in the same folder, (with `durable`) flushed to
    disk, then moved into place. A reader sees the old file or the new one, never a part; on any
    failure the old file stays as it was and the temp file is gone. `mode`: the new file's
    permissions (else those of the file it replaces, else the usual ones for a new file)."""
    target = path.resolve()
    if mode is None:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(target.parent)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def git_folders(start: Path) -> tuple[Path, Path] | None:
    """The git folders of the work tree `start` is in, found without running git: its own (a
    worktree's own, which its `.git` file names) and the repository's common one (which a worktree
    names in `commondir`; the same folder outside worktrees). None outside a repository."""
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git, dot_git
        if dot_git.is_file():
            try:
                named = dot_git.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not named.startswith("gitdir:"):
                return None
            own = (folder / named[len("gitdir:") :].strip()).resolve()
            if not own.is_dir():
                return None
            try:
                common = (own / (own / "commondir").read_text(encoding="utf-8").strip()).resolve()
            except (OSError, UnicodeDecodeError):
                common = own
            return own, common
    return None


def create_exclusively(path: Path, data: bytes) -> None:
    """A new file holding `data`, refused if anything has the name already (`plan init` and an import
    into a new plan never overwrite). Written to a temp file beside it and linked into place, so no
    one ever sees half a plan; where the file system has no links, created with O_EXCL instead."""
    target = path.absolute()
    if os.path.lexists(target):
        raise PlanFileError("findes allerede; intet er skrevet", path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except PermissionError:
        raise PlanFileError("ingen adgang til at skrive i mappen", path) from None
    except OSError as error:
        raise PlanFileError(f"kan ikke skrives ({os_error_text(error)})", path) from None
    temp = Path(temp_name)
    umask = os.umask(0)
    os.umask(umask)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 is for secrets; a plan is shared
        try:
            os.link(temp, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (some network shares): create it whole, or not at all
            _create_with_excl(target, data, 0o666 & ~umask)
    except FileExistsError:
        raise PlanFileError("findes allerede; intet er skrevet", path) from None
    except OSError as error:
        raise PlanFileError(f"kan ikke skrives ({os_error_text(error)}); intet er skrevet", path) from None
    finally:
        temp.unlink(missing_ok=True)
    _fsync_folder(target.parent)


def _create_with_excl(target: Path, data: bytes, mode: int) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
