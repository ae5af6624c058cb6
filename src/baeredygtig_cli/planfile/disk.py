"""The plan file on disk: finding it, reading and decoding it, locking it, and writing it atomically.

The only module that opens plan.yaml. Everything that reads the working copy (every command, `plan
changes` too) goes through `read_text`; every file plan writes goes through one writer here
(`_write_whole`, behind `write_atomically` for the plan, `replace_file` and `create_exclusively`).
What the text means is the schema layer's business (`schema.py`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
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


# O_BINARY: on Windows a descriptor from os.open is in text mode (CRLF read as LF, ^Z as the end; LF
# written as CRLF), and the plan's bytes must be read and written as they are.
_READ_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)
_WRITE_FLAGS = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


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


def real_path(path: Path) -> Path:
    """`path` with its symlinks followed, never raising: a symlink loop (which `Path.resolve` turns
    into a RuntimeError on Python 3.10-3.12) stays as it is, and the open, stat or write that follows
    fails with ELOOP, which every caller says in Danish ("for mange symbolske links i stien")."""
    return Path(os.path.realpath(path))


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
    folder = real_path(path).parent
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

    target = real_path(path)
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


# --- the one writer -------------------------------------------------------------------------------
#
# Every file plan writes (plan.yaml, an export, the council report, a new plan, a cache file, the
# merge driver's .gitattributes) is written by `_write_whole`: a temp file in the target's own folder,
# written and (unless a cache) flushed to disk, given the old file's permissions, owner and group, and
# moved over the target with `os.replace` (or linked into place where nothing may be overwritten).
# A reader sees the old file or the new one, never a part; on any failure (a full disk, a file-size
# limit, an interrupt, SIGTERM or SIGHUP) the old file stays byte for byte and the temp file is gone.

# A temp file older than this, beside a target of its name, belongs to no live writer (a write takes
# milliseconds): the next write of that target removes it. plan.yaml's own are removed at any age by
# the next edit, which holds the plan's lock.
STALE_AFTER = 600.0
_TEMP_SUFFIX = ".tmp"
_TEMP_RANDOM = re.compile(r"[a-z0-9_]{8}")

_live_temps: set[str] = set()  # temp files of writes under way, removed if SIGTERM or SIGHUP comes
_previous_handlers: dict[int, object] = {}  # the handlers ours stand in for while a write is under way


def _temp_pattern(target: Path) -> re.Pattern[str]:
    """The names `_write_whole` gives its temp files: `.NAME.XXXXXXXX.tmp`."""
    return re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}\.tmp")


def reap_stale_temp_files(path: Path) -> list[Path]:
    """Remove the temp files a write killed before its `os.replace` left beside `path`.

    Call only while holding the folder lock: every writer of the plan holds it while its temp file
    exists, so any such file found then belongs to a writer that is gone. Only names we give, only
    regular files."""
    target = real_path(path)
    return _reap(target.parent, _temp_pattern(target), None, None)


_ANY_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def _reap(folder: Path, pattern: re.Pattern[str], now: float | None, own: str | None) -> list[Path]:
    """Our temp files in `folder` whose names fit `pattern`: all of them (`now` None), or those
    not touched for `STALE_AFTER` seconds before `now` (a time the file system gave: our own temp
    file's; plan reads no clock here). Never `own`, the write's own temp file."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.path == own or not (
                pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
            ):
                continue
            with contextlib.suppress(OSError):
                if now is not None and entry.stat(follow_symlinks=False).st_mtime > now - STALE_AFTER:
                    continue
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _on_signal(signum: int, frame: object) -> None:
    """SIGTERM or SIGHUP while a temp file exists: remove it, then end as the signal would have (or
    as the handler we stood in for says)."""
    import signal

    for name in list(_live_temps):
        with contextlib.suppress(OSError):
            os.unlink(name)
    _live_temps.clear()
    previous = _previous_handlers.get(signum, signal.SIG_DFL)
    _restore_handlers()
    if callable(previous):
        previous(signum, frame)
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers() -> None:
    import signal
    import threading

    if _previous_handlers or threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        previous = signal.getsignal(signum)
        if previous in (signal.SIG_IGN, None):  # ignored (nohup): the write goes on
            continue
        _previous_handlers[signum] = previous
        signal.signal(signum, _on_signal)


def _restore_handlers() -> None:
    import signal

    for signum, previous in list(_previous_handlers.items()):
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signum, previous)  # type: ignore[arg-type]
    _previous_handlers.clear()


def _new_temp(folder: Path, target_name: str) -> tuple[int, str]:
    """A new temp file beside the target, 0600, registered for removal on SIGTERM/SIGHUP before it
    exists (so no moment has it on disk and unknown to the handler)."""
    import secrets

    flags = _WRITE_FLAGS | os.O_CREAT | os.O_EXCL
    for _ in range(100):
        name = os.path.join(folder, f".{target_name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
        _live_temps.add(name)
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            _live_temps.discard(name)
        except BaseException:
            _live_temps.discard(name)
            raise
    raise FileExistsError(errno.EEXIST, "no free temp name", str(folder))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


_notices: list[str] = []  # what a write could not keep, for the command line to say (`take_notices`)


def take_notices() -> list[str]:
    """What the writes so far could not keep as it was (one Danish line each), said once: the command
    line prints them on stderr when the command ends."""
    taken = list(_notices)
    _notices.clear()
    return taken


def _keep_owner(fd: int, old: os.stat_result | None, path: Path) -> None:
    """The new file gets the old one's owner and group where the system lets us (root may give any;
    an owner may give a group it is a member of); otherwise they are the writer's own, and a notice
    says so (a colleague in the old group may no longer read the file)."""
    if old is None or not hasattr(os, "fchown"):
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, old.st_gid)
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) != (old.st_uid, old.st_gid):
        before, after = _owner_text(old.st_uid, old.st_gid), _owner_text(now.st_uid, now.st_gid)
        _notices.append(
            f"{display_path(path)} ejes nu af {after} (før {before}): systemet lader kun root give en "
            "fil væk, og kun til en gruppe, man selv er med i; ret det med chown eller chgrp, hvis "
            "andre skal kunne læse filen"
        )


def _owner_text(uid: int, gid: int) -> str:
    """ "anna:klima", by name where the system has one, else by number."""
    user, group = str(uid), str(gid)
    with contextlib.suppress(ImportError, KeyError):
        import pwd

        user = pwd.getpwuid(uid).pw_name
    with contextlib.suppress(ImportError, KeyError):
        import grp

        group = grp.getgrgid(gid).gr_name
    return f"{user}:{group}"


def _write_whole(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    durable: bool = True,
    expected: bytes | None = None,
    before_replace: Callable[[], None] | None = None,
    exclusive: bool = False,
    cache: bool = False,
) -> bool:
    """The one writer (see above). Returns whether a file was there before. `mode`: the new file's
    permissions (else the old file's, else the usual ones for a new file). `expected`: the bytes the
    file must still hold (else `ConflictError`). `exclusive`: never overwrite (`FileExistsError`).
    A target that exists and is not a regular file (a FIFO, /dev/stdout) is written straight into:
    it cannot be replaced, and has no old content to keep. Temp files a killed write left beside the
    target are removed once stale. `cache`: a file in a cache folder of plan's own, where any stale
    temp file of ours is removed, and whatever stands at the path (a FIFO, a symlink) is replaced,
    never written into or followed. Raises OSError."""
    try:
        old: os.stat_result | None = os.lstat(path) if cache else os.stat(path)
    except FileNotFoundError:
        old = None
    if old is not None:
        if exclusive:
            raise FileExistsError(errno.EEXIST, "exists", str(path))
        if stat.S_ISDIR(old.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(old.st_mode) and not cache:  # as named: /dev/stdout's link is to no path
            _write_into(path, data)
            return False
    target = path if cache else real_path(path)
    if mode is None:
        kept = old is not None and stat.S_ISREG(old.st_mode)
        mode = stat.S_IMODE(old.st_mode) if old is not None and kept else 0o666 & ~_umask()
    _install_handlers()
    fd, temp = -1, ""
    try:
        fd, temp = _new_temp(target.parent, target.name)
        pattern = _ANY_TEMP if cache else _temp_pattern(target)
        _reap(target.parent, pattern, os.fstat(fd).st_mtime, temp)
        _write_all(fd, data)
        if durable:
            os.fsync(fd)
        _keep_owner(fd, None if cache else old, path)  # a cache file is the writer's own (its trust rule)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # pragma: no cover - Windows
            os.chmod(temp, mode)
        os.close(fd)
        fd = -1
        if expected is not None and _current_bytes(target) != expected:
            raise ConflictError(
                f"{display_path(path)} er ændret af en anden, mens plan arbejdede; "
                "intet er skrevet – prøv igen"
            )
        if before_replace is not None:
            before_replace()
        if exclusive:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise
            except OSError:  # no hard links here (some network shares): create it whole, or not at all
                _create_with_excl(target, data, mode)
            os.unlink(temp)  # the new file is the link; the temp name goes
        else:
            os.replace(temp, target)
        _live_temps.discard(temp)
    except BaseException:
        if fd != -1:
            with contextlib.suppress(OSError):
                os.close(fd)
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            _live_temps.discard(temp)
        raise
    finally:
        if not _live_temps:
            _restore_handlers()
    if durable:
        _fsync_folder(target.parent)
    return old is not None


def _current_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _write_into(target: Path, data: bytes) -> None:
    fd = os.open(target, _WRITE_FLAGS)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_failed(path: Path, error: OSError, existed: bool | None) -> PlanFileError:
    """One Danish line for a write that failed, saying what stayed as it was."""
    kept = "intet er ændret" if existed else "intet er skrevet"
    if isinstance(error, PermissionError):
        return PlanFileError(f"ingen adgang til at skrive i mappen; {kept}", display_path(path))
    if isinstance(error, FileNotFoundError) and not os.path.isdir(path.parent):
        return PlanFileError(f"kan ikke skrives (mappen {display_path(path.parent)} findes ikke); {kept}",
                             display_path(path))  # fmt: skip
    return PlanFileError(f"kan ikke skrives ({os_error_text(error)}); {kept}", display_path(path))


def write_atomically(
    path: Path, expected: bytes, data: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """plan.yaml edited: refused if the file on disk is no longer `expected`, the bytes the edit was
    made from (another editor, a `git pull`). Keeps permissions, owner and group; follows a symlink.
    Call it holding `locked(path)`."""
    try:
        _write_whole(path, data, expected=expected, before_replace=before_replace)
    except OSError as error:
        raise _write_failed(path, error, True) from None


def same_file(path: Path, other: Path) -> bool:
    """Are `path` and `other` one file on disk (a link, another spelling of the path)? False where
    either cannot be looked at (then there is nothing to overwrite by mistake)."""
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def replace_file(
    path: Path, data: bytes, *, mode: int | None = None, durable: bool = True, cache: bool = False
) -> None:
    """`path` holding `data`, all at once (an export, the report, a cache file): see `_write_whole`.
    A failure is one Danish line naming the file and saying that nothing changed. `cache`: the file
    is in a cache folder of plan's own (see `_write_whole`)."""
    existed = os.path.lexists(path)
    try:
        _write_whole(path, data, mode=mode, durable=durable, cache=cache)
    except OSError as error:
        raise _write_failed(path, error, existed) from None


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
            own = real_path(folder / named[len("gitdir:") :].strip())
            if not own.is_dir():
                return None
            try:
                common = real_path(own / (own / "commondir").read_text(encoding="utf-8").strip())
            except (OSError, UnicodeDecodeError):
                common = own
            return own, common
    return None


def create_exclusively(path: Path, data: bytes) -> None:
    """A new file holding `data`, refused if anything has the name already (`plan init` and an import
    into a new plan never overwrite). Written to a temp file beside it and linked into place, so no
    one ever sees half a plan; where the file system has no links, created with O_EXCL instead."""
    if os.path.lexists(path):
        raise PlanFileError("findes allerede; intet er skrevet", path)
    try:
        _write_whole(path, data, mode=0o666 & ~_umask(), exclusive=True)
    except FileExistsError:
        raise PlanFileError("findes allerede; intet er skrevet", path) from None
    except OSError as error:
        raise _write_failed(path, error, False) from None


def _create_with_excl(target: Path, data: bytes, mode: int) -> None:
    fd = os.open(target, _WRITE_FLAGS | os.O_CREAT | os.O_EXCL, mode)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)
