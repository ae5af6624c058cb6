"""One exception tree. The CLI catches `PlanError` once and turns it into a line on stderr."""

from __future__ import annotations

import errno
from pathlib import Path

EXIT_BAD_INPUT = 2
EXIT_CHECK_FAILED = 1
EXIT_INTERNAL = 3  # a bug of ours, not the user's input


class PlanError(Exception):
    """Anything the user can fix. `str(error)` is the one Danish line we show."""

    exit_code = EXIT_BAD_INPUT


class TimingError(PlanError, ValueError):
    """A TIDSPUNKT text the grammar cannot read; names the text and, if one is close, a suggestion."""

    def __init__(self, text: str, reason: str = "", suggestion: str | None = None) -> None:
        self.text = text
        self.reason = reason
        self.suggestion = suggestion
        message = f"tidspunkt {text!r} kan ikke læses"
        if suggestion:
            message += f" – mente du {suggestion!r}?"
        elif reason:
            message += f": {reason}"
        super().__init__(message)


class PlanFileError(PlanError):
    """A plan file that cannot be found, read or understood; carries the path and line if known."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(format_location(path, line) + message)


class ConflictError(PlanError):
    """The file changed on disk between our read and our write; we refuse rather than overwrite."""


class ChartTooWide(PlanError):
    """A timeline would have more columns than it can draw; the caller says how to choose fewer."""


class CheckFailed(PlanError):
    """`plan check` found problems (they are already printed); exit 1 like hledger check."""

    exit_code = EXIT_CHECK_FAILED


def format_location(path: Path | str | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "


# The operating system's errors in Danish: its own `strerror` is English (and depends on the locale).
_OS_ERROR_WORDS = {
    "ENOENT": "filen findes ikke",
    "EACCES": "ingen adgang",
    "EPERM": "ingen adgang",
    "EISDIR": "er en mappe, ikke en fil",
    "ENOTDIR": "en del af stien er ikke en mappe",
    "ELOOP": "for mange symbolske links i stien",
    "ENAMETOOLONG": "stien er for lang",
    "EIO": "ind-/uddatafejl på disken",
    "ENOSPC": "der er ikke mere plads på disken",
    "EDQUOT": "diskkvoten er brugt op",
    "ENOMEM": "der er ikke nok hukommelse",
    "EBADF": "outputtet er lukket",
    "EROFS": "filsystemet er skrivebeskyttet",
    "EMFILE": "for mange åbne filer",
    "ENFILE": "for mange åbne filer",
    "EFBIG": "filen er for stor",
    "ENXIO": "enheden findes ikke",
    "ENODEV": "enheden findes ikke",
    "ETXTBSY": "filen er i brug",
    "EBUSY": "filen er i brug",
    "EAGAIN": "ressourcen er midlertidigt optaget",
    "EINVAL": "ugyldig handling for denne fil",
    "EPIPE": "modtageren er lukket",
}
# By number; a name this platform lacks (EDQUOT on Windows) is skipped.
_OS_ERRORS = {getattr(errno, name): words for name, words in _OS_ERROR_WORDS.items() if hasattr(errno, name)}


def os_error_text(error: OSError) -> str:
    """A Danish phrase for an OS error; the symbolic errno name when we have no words for it."""
    if error.errno in _OS_ERRORS:
        return _OS_ERRORS[error.errno]
    name = errno.errorcode.get(error.errno or 0)
    return f"systemfejl {name}" if name else "systemfejl"
