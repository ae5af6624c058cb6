"""Click, as Typer vendors it, speaking Danish: help pages, usage errors, the process boundary (errors
caught once, a reader that goes away, a full disk) and shell completion.

Typer 0.29 vendors Click as the private package `typer._click`, and Danish help and errors have to reach
into it. Everything this module relies on there is named in `RELIED_ON`; tests/test_cli_layer.py checks
each entry, so a Typer upgrade that moves one fails a test that names it, instead of quietly bringing
English (or a traceback) back to the user. Messages are built from the exceptions' fields (the option, the
parameter), never by parsing Click's English sentences.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import errno
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from typing import Any, ClassVar, NoReturn, cast

from typer import Abort, Exit
from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer._click.shell_completion import (
    CompletionItem,
    ShellComplete,
    split_arg_string,
)
from typer.core import TyperCommand, TyperGroup

from baeredygtig_cli.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, PlanError, os_error_text

__all__ = [
    "SHELLS",
    "Command",
    "Completer",
    "CompletionContext",
    "CompletionItem",
    "Context",
    "DanishCommand",
    "DanishGroup",
    "DanishUsageError",
    "HelpFormatter",
    "complete_values_with",
    "completion_script",
    "find_option",
    "finish_output",
    "option_name",
    "prepare_output",
]

# What this module needs from Typer and its vendored Click, as (module, name or Class.attribute). The
# methods named on Typer's classes are the ones we override (Typer must still call them) or call.
# tests/test_cli_layer.py imports every entry, checks the instance attributes below on real objects,
# and checks by behaviour that Typer still calls our overrides and that the exceptions still carry the
# fields the messages are built from (option_name, possibilities, param, ctx): the catalogue of bad usage
# there has an exact Danish line for each exception type.
RELIED_ON: tuple[tuple[str, str], ...] = (
    ("typer._click.core", "Context.command_path"),
    ("typer._click.core", "Context.find_root"),
    ("typer._click.core", "Command.get_params"),
    ("typer._click.core", "Command.get_short_help_str"),
    ("typer._click.core", "Command.format_help_text"),
    ("typer._click.exceptions", "UsageError.format_message"),
    ("typer._click.exceptions", "NoSuchOption"),
    ("typer._click.exceptions", "BadOptionUsage"),
    ("typer._click.exceptions", "BadParameter"),
    ("typer._click.exceptions", "MissingParameter"),
    ("typer._click.exceptions", "NoArgsIsHelpError"),
    ("typer._click.formatting", "HelpFormatter.write_usage"),
    ("typer._click.formatting", "HelpFormatter.section"),
    ("typer._click.formatting", "HelpFormatter.write_dl"),
    ("typer._click.formatting", "HelpFormatter.write"),
    ("typer._click.formatting", "HelpFormatter.write_paragraph"),
    ("typer._click.shell_completion", "CompletionItem"),
    ("typer._click.shell_completion", "ShellComplete.complete"),
    ("typer._click.core", "Command.shell_complete"),
    ("typer._click.core", "Parameter.shell_complete"),
    ("typer._click.shell_completion", "split_arg_string"),
    ("typer.core", "TyperCommand.get_help_option"),
    ("typer.core", "TyperCommand.format_usage"),
    ("typer.core", "TyperCommand.format_options"),
    ("typer.core", "TyperCommand.format_epilog"),
    ("typer.core", "TyperCommand.parse_args"),
    ("typer.core", "TyperGroup.format_commands"),
    ("typer.core", "TyperGroup.make_context"),
    ("typer.core", "TyperGroup.invoke"),
    ("typer.core", "TyperGroup.parse_args"),
    ("typer.core", "TyperGroup.resolve_command"),
    ("typer.core", "TyperGroup.list_commands"),
    ("typer.core", "TyperGroup._main_shell_completion"),
)
CONTEXT_ATTRIBUTES = ("allow_extra_args", "resilient_parsing", "_protected_args", "command", "params", "meta")
PARAMETER_ATTRIBUTES = (
    "name", "opts", "secondary_opts", "metavar", "nargs", "required", "envvar", "default", "help",
    "hidden", "param_type_name", "show_default", "type_descriptor",
)  # fmt: skip

# --- help ----------------------------------------------------------------------------------------------

OPTIONS_METAVAR = "[TILVALG]"
COMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."


class _DanishHelp:
    """Plain (not Rich) help in Danish: Typer's Rich help costs a Rich import on every `--help`, and its
    English headings and Python types (`<str>`) would stand between Danish texts."""

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Vis denne hjælp og afslut."
        return option

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        command = cast(TyperCommand, self)
        pieces = [OPTIONS_METAVAR]
        pieces += [_usage_piece(p) for p in command.get_params(ctx) if p.param_type_name == "argument"]
        if isinstance(self, TyperGroup):
            pieces.append(COMMAND_METAVAR)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Brug: ")

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        command = cast(TyperCommand, self)
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in command.get_params(ctx):
            record = help_record(param)
            if record is not None:
                (arguments if param.param_type_name == "argument" else options).append(record)
        for title, rows in (("Argumenter", arguments), ("Tilvalg", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        if isinstance(self, TyperGroup):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        """A command with two names (`names`, the Danish first) says the other one below its help."""
        names: tuple[str, ...] = getattr(self, "names", ())
        if len(names) == 2:
            typed_english = ctx.info_name == names[1]
            line = f"Dansk navn: plan {names[0]}" if typed_english else f"Engelsk navn: plan {names[1]}"
            formatter.write_paragraph()
            formatter.write_text(line)
        super().format_epilog(ctx, formatter)  # type: ignore[misc]

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        group = cast(TyperGroup, self)
        names = [n for n in group.list_commands(ctx) if not group.commands[n].hidden]
        if names:
            limit = formatter.width - 6 - max(map(len, names))
            with formatter.section("Kommandoer"):
                formatter.write_dl([(n, group.commands[n].get_short_help_str(limit)) for n in names])


def _argument_name(param: Parameter) -> str:
    name = param.metavar or param.name.upper()
    return name + "..." if param.nargs != 1 and "..." not in name else name


def _usage_piece(param: Parameter) -> str:
    """`ID`, `ID... STATUS`, `[FIL]...`: Click's own usage style, without Typer's braces."""
    name = param.metavar or param.name.upper()
    if not param.required and not name.startswith("["):  # `[VORES|DERES]` says it already
        name = f"[{name}]"
    return name + "..." if param.nargs != 1 and "..." not in name else name


def _option_names(param: Parameter) -> str:
    """`-a, --ansvarlig`: short forms first, as Click does."""
    return ", ".join(sorted(param.opts, key=lambda opt: len(opt) - len(opt.lstrip("-"))))


TYPED_OPTIONS = "plan.typed_options"  # ctx.meta key: parameter name -> the long option name typed


def option_name(param: Parameter, ctx: Context | None = None) -> str:
    """The name a message uses for an option: the long name the user typed (`--month` or `--måned`),
    else its first long name (the Danish one), else its first."""
    typed = ctx.meta.get(TYPED_OPTIONS, {}).get(param.name) if ctx is not None else None
    return typed or next((o for o in param.opts if o.startswith("--")), param.opts[0] if param.opts else "")


def _long_names(ctx: Context) -> dict[str, str]:
    """Every long option name of the command -> its parameter's name."""
    return {
        opt: param.name
        for param in ctx.command.get_params(ctx)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--") and param.name
    }


def _remember_typed_options(ctx: Context, args: list[str]) -> None:
    """Which long name of each option the command line used, so that a message about `--month` says
    `--month` to the user who typed that, `--måned` to the one who typed that, and `--maaned` to the
    one who typed that (`_ascii_spellings`)."""
    by_name = _long_names(ctx)
    typed = ctx.meta.setdefault(TYPED_OPTIONS, {})
    for arg in args:
        if arg == "--":
            break
        name = arg.split("=", 1)[0]
        if name in by_name:
            typed[by_name[name]] = name
        elif name.startswith("--") and (spelled := _spelled(name, by_name)) is not None:
            typed[by_name[spelled]] = name


def _spelled(typed: str, names: Mapping[str, str]) -> str | None:
    """The option name `typed` spells without æ, ø, å (`--maaned` for `--måned`, `--soeg` for
    `--søg`), folded as the filters fold text; None if it spells none."""
    from baeredygtig_cli.domain.folding import fold_to_ascii

    folded = fold_to_ascii(typed)
    return next((name for name in names if fold_to_ascii(name) == folded), None)


def _ascii_spellings(ctx: Context, args: list[str]) -> list[str]:
    """The command line with every long option spelled without æ, ø, å (or in capitals) replaced by
    its name: a keyboard without Danish letters reaches every option, and help lists each name once."""
    by_name: dict[str, str] | None = None
    spelled = list(args)
    for index, arg in enumerate(args):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if not name.startswith("--") or not name[2:]:
            continue
        by_name = by_name if by_name is not None else _long_names(ctx)
        if name not in by_name and (known := _spelled(name, by_name)) is not None:
            spelled[index] = known + equals + value
    return spelled


def help_record(param: Parameter) -> tuple[str, str] | None:
    """One row of the help page: the names with a Danish metavar, the help and Danish notes."""
    if getattr(param, "hidden", False):
        return None
    is_flag = bool(getattr(param, "is_flag", False) or getattr(param, "count", False))
    if param.param_type_name == "argument":
        names = _argument_name(param)
    else:
        names = _option_names(param)
        if not is_flag:
            names += f" {param.metavar or param.name.upper()}"
    notes = []
    if param.envvar and getattr(param, "show_envvar", False):
        envvar = param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)
        notes.append(f"miljøvariabel: {envvar}")
    show_default = getattr(param, "show_default", False)
    if isinstance(show_default, str):
        notes.append(f"standard: {show_default}")
    elif show_default and not is_flag and param.default not in (None, (), []) and not callable(param.default):
        notes.append(f"standard: {getattr(param.default, 'value', param.default)}")
    if param.required:
        notes.append("skal angives")
    help_text = getattr(param, "help", None) or ""
    if notes:
        help_text = f"{help_text}  [{'; '.join(notes)}]".strip()
    return names, help_text


# --- usage errors --------------------------------------------------------------------------------------


class DanishUsageError(UsageError):
    """A usage error whose message is already Danish (our own refusals at the boundary)."""


_TYPE_NOUNS: Mapping[type, str] = {int: "et heltal", float: "et tal"}


def usage_message(error: UsageError) -> str:
    """Click's usage error in Danish, from the exception's fields."""
    if isinstance(error, DanishUsageError):
        return error.message
    if isinstance(error, NoSuchOption):
        message = f"ukendt tilvalg {_printable(error.option_name)}"
        if error.possibilities:
            # An option cut short ("--stat") means the one it begins, not every near spelling.
            typed = error.option_name or ""
            begun = [p for p in error.possibilities if typed and p.startswith(typed)]
            message += f" – mente du {' eller '.join(begun or error.possibilities)}?"
        return message
    if isinstance(error, MissingParameter):
        param = error.param
        if param is None:
            return "der mangler et argument eller tilvalg"
        if param.param_type_name == "argument":
            return f"mangler argumentet {_argument_name(param)}"
        return f"mangler tilvalget {option_name(param, error.ctx)}"
    if isinstance(error, BadParameter):
        param = error.param
        if param is None:
            return "ugyldig værdi på kommandolinjen"
        name = option_name(param, error.ctx) if param.param_type_name == "option" else _argument_name(param)
        annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        noun = _TYPE_NOUNS.get(annotation) if isinstance(annotation, type) else None
        return f"{name} skal være {noun}" if noun else f"ugyldig værdi for {name}"
    if isinstance(error, BadOptionUsage):
        name = _printable(error.option_name)
        option = find_option(error.ctx, error.option_name)
        if option is not None and (getattr(option, "is_flag", False) or getattr(option, "count", False)):
            return f"tilvalget {name} tager ingen værdi; skriv bare {name}"
        return f"tilvalget {name} skal have en værdi"
    # Any other usage error Click or Typer may raise one day: never its English, but the debug
    # switch shows it, so that a new case can be added here.
    detail = f" ({error.format_message()})" if os.environ.get("PLAN_DEBUG") else ""
    return f"kommandolinjen kan ikke forstås{detail}"


def find_option(ctx: Context | None, name: str) -> Parameter | None:
    """The command's option (or argument) with `name` among its names (`--month`) or, as a parameter,
    its name (`month`)."""
    if ctx is None:
        return None
    params = ctx.command.get_params(ctx)
    return next((p for p in params if name in (*p.opts, *p.secondary_opts) or name == p.name), None)


def _printable(text: str) -> str:
    """Text from the command line, safe to show: bytes that are not UTF-8 and control characters are
    shown escaped (`M\\xf8de`, `\\x1b`)."""
    if not _is_utf8(text):
        text = _show_bytes(text)
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show_bytes(text: str) -> str:
    """An argument with bytes that are not UTF-8, as the user can recognise it: `M\\xf8de`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def fail_usage(error: UsageError) -> NoReturn:
    command = error.ctx.command_path if error.ctx else "plan"
    print(f"plan: {usage_message(error)} (se '{command} --help')", file=sys.stderr)
    raise Exit(EXIT_BAD_INPUT)


def _parse_args(parse: Callable[[Context, list[str]], list[str]], ctx: Context, args: list[str]) -> list[str]:
    """Click's parsing, with the context attached to its errors (the parser raises some without one)
    and extra arguments refused in Danish."""
    allow_extra = ctx.allow_extra_args
    ctx.allow_extra_args = True
    _remember_typed_options(ctx, args)
    args = _ascii_spellings(ctx, args)
    try:
        rest = parse(ctx, args)
    except UsageError as error:
        if error.ctx is None:
            error.ctx = ctx
        raise
    finally:
        ctx.allow_extra_args = allow_extra
    if rest and not allow_extra and not ctx.resilient_parsing:
        shown = " ".join(_printable(arg) for arg in rest)
        noun = "argument" if len(rest) == 1 else "argumenter"
        raise DanishUsageError(f"uventet ekstra {noun}: {shown}", ctx)
    return rest


# --- the process boundary ------------------------------------------------------------------------------


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests), or stdout is gone
        pass


# A reader that goes away early (`plan list | head -2`): no message, and the status a Unix tool killed
# by SIGPIPE reports in the shell (128 + 13). Not 0: `plan check | head -1` must not pass a pipeline
# under `set -o pipefail` with problems it could not finish reporting; not 1, which means "check found
# problems".
EXIT_CLOSED_PIPE = 141

_WRITE_ERRORS = frozenset(getattr(errno, n, -1) for n in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF"))


def _os_error_exit(error: OSError) -> NoReturn:
    """The OS refused something, most often writing the output: the user's environment, not a bug."""
    if isinstance(error, BrokenPipeError):  # `plan list | head`: the reader has all it wanted
        quiet_stdout()
        raise Exit(EXIT_CLOSED_PIPE)
    if error.filename:
        where = f"{_printable(str(error.filename))}: "
    else:
        where = "kan ikke skrive output: " if error.errno in _WRITE_ERRORS else ""
    print(f"plan: {where}{os_error_text(error)}", file=sys.stderr)
    quiet_stdout()
    raise Exit(EXIT_BAD_INPUT)


def _unshowable_exit(error: UnicodeEncodeError) -> NoReturn:
    """The output's encoding cannot carry the plan's letters: the environment's to change."""
    print(
        f"plan: udskriften bruger tegnsættet {error.encoding}, som ikke kan vise "
        f"{error.object[error.start]!r}; sæt PYTHONIOENCODING=utf-8 (eller brug en terminal med UTF-8)",
        file=sys.stderr,
    )
    quiet_stdout()
    raise Exit(EXIT_BAD_INPUT)


def _output_cannot_show(error: UnicodeEncodeError) -> bool:
    """Is this the output's encoding (PYTHONIOENCODING=ascii, a Latin-1 terminal) failing on the plan's
    text? That is the environment, not a bug of ours."""
    import codecs

    try:
        failing = codecs.lookup(error.encoding).name
        output = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    except LookupError:
        return False
    return failing == output and output != "utf-8"


@contextmanager
def boundary() -> Iterator[None]:
    """Everything that can go wrong, said once: one Danish line on stderr and the right exit code.
    What a write could not keep (a file's owner or group) is said at the end, whatever happened."""
    try:
        with _notices_said():
            yield
    except (NoArgsIsHelpError, Exit, Abort):
        raise
    except UsageError as error:
        fail_usage(error)
    except PlanError as error:
        if str(error):  # a file name or a value from the user may hold a line break or an escape code
            print(f"plan: {_printable(str(error))}", file=sys.stderr)
        raise Exit(error.exit_code) from None
    except OSError as error:  # most often the output: a closed pipe, a full disk
        _os_error_exit(error)
    except MemoryError:  # the machine's limit, not a bug: every write is whole or not at all
        print("plan: der er ikke nok hukommelse til at gøre det færdigt; intet er ændret", file=sys.stderr)
        raise Exit(EXIT_BAD_INPUT) from None
    except Exception as error:  # a bug of ours: still one line, the details on request
        if isinstance(error, UnicodeEncodeError) and _output_cannot_show(error):
            _unshowable_exit(error)
        if os.environ.get("PLAN_DEBUG"):
            raise
        print(
            f"plan: uventet fejl ({type(error).__name__}: {_printable(str(error))}); "
            "kør igen med PLAN_DEBUG=1 for detaljer, og meld fejlen",
            file=sys.stderr,
        )
        raise Exit(EXIT_INTERNAL) from None


@contextmanager
def _notices_said() -> Iterator[None]:
    try:
        yield
    finally:
        disk = sys.modules.get("baeredygtig_cli.planfile.disk")  # not imported: nothing was written
        for notice in disk.take_notices() if disk is not None else ():
            print(f"plan: {_printable(notice)}", file=sys.stderr)


def refuse_non_utf8(args: list[str]) -> None:
    """Bytes that are not UTF-8 reach us as surrogate escapes; they would match nothing, or end as a
    crash when written. Say which argument, as the user typed it."""
    for arg in args:
        if not _is_utf8(arg):
            raise PlanError(
                f"argumentet '{_show_bytes(arg)}' er ikke gyldig UTF-8; "
                "tjek terminalens tegnsæt (fx LANG=da_DK.UTF-8)"
            )


class _ClosedOutput(io.TextIOBase):
    """Stands in for a stdout that was closed before we started (`plan list >&-`, where Python leaves
    `sys.stdout` as None): writing to it fails like writing to a closed descriptor."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def prepare_output() -> None:
    """Before anything is written: a closed stdout becomes one that says so when written to, and an
    output whose encoding is not Unicode (a Latin-1 terminal, PYTHONIOENCODING=latin-1) writes the
    typographic characters plan itself adds (–, …, →, box lines) as ASCII (`ASCII_FALLBACK`)."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    for stream, handler in ((sys.stdout, _FALLBACK), (sys.stderr, _FALLBACK_OR_ESCAPE)):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=handler)


# The characters plan's own words and drawings use beyond Latin-1, as ASCII: a Latin-1 (or other
# 8-bit) terminal shows the Danish letters and these instead of refusing the output. A character of
# the plan's own text that the output cannot show is still said (`_unshowable_exit`), on stdout.
ASCII_FALLBACK = {
    **dict.fromkeys("–—‒‐‑−─━┄┈╌", "-"),
    **dict.fromkeys("│┃┆┊╎", "|"),
    **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╯╰", "+"),
    **dict.fromkeys("‘’‚′", "'"),
    **dict.fromkeys("“”„″", '"'),
    **dict.fromkeys("•●◆■▪∙◦", "*"),
    **dict.fromkeys("█▓", "#"),
    "…": "...", "→": "->", "←": "<-", "⇒": "=>", "≥": ">=", "≤": "<=", "≠": "!=", "›": ">", "‹": "<",
    "▼": "v", "▲": "^", "▒": "+", "░": ".", "✓": "v", "✗": "x", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}  # fmt: skip
_FALLBACK = "plan-ascii-fallback"
_FALLBACK_OR_ESCAPE = "plan-ascii-fallback-or-escape"


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the characters of `ASCII_FALLBACK` as ASCII; any other, the error."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if all(ch in ASCII_FALLBACK for ch in chunk):
        return "".join(ASCII_FALLBACK[ch] for ch in chunk), error.end
    raise error


def _ascii_fallback_or_escape(error: UnicodeError) -> tuple[str, int]:
    """For stderr, which must never fail: `ASCII_FALLBACK`, else a backslash escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(
        ASCII_FALLBACK.get(ch) or ch.encode("ascii", "backslashreplace").decode() for ch in chunk
    ), error.end


codecs.register_error(_FALLBACK, _ascii_fallback)
codecs.register_error(_FALLBACK_OR_ESCAPE, _ascii_fallback_or_escape)


def finish_output() -> None:
    """The last flush of stdout, at exit, with the same rules as every other write."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except OSError as error:
        try:
            _os_error_exit(error)
        except Exit as exit_:
            raise SystemExit(exit_.exit_code) from None


# --- commands and the group ----------------------------------------------------------------------------

# What a completer is called with: Click's own Context, as completion resolves it (not typer.Context,
# a subclass Typer only uses to know where to pass one in).
CompletionContext = Context
Completer = Callable[[CompletionContext, str], list[CompletionItem]]


class DanishCommand(_DanishHelp, TyperCommand):
    """A command with Danish help and errors. `checks` run once all its options are parsed: what no
    single option's callback can decide (two options that exclude each other, a flag its format does
    not take) is still refused where the command line is read, before the command runs."""

    checks: ClassVar[tuple[Callable[[Context], None], ...]] = ()

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        items = _first_names(ctx, super().shell_complete(ctx, incomplete), incomplete)
        if incomplete.startswith("--") and not items:  # `--maa`: the Danish name it spells in ASCII
            items = _spelled_names(_first_names(ctx, super().shell_complete(ctx, "--"), "--"), incomplete)
        return items

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        rest = _parse_args(super().parse_args, ctx, args)
        if not ctx.resilient_parsing:
            for check in self.checks:
                check(ctx)
        return rest


class DanishGroup(_DanishHelp, TyperGroup):
    """The `plan` group: Danish help and errors, every error caught once, and shell completion.

    `completers` maps a parameter's name to what completes its value (activity ids, statuses, ...)."""

    completers: ClassVar[Mapping[str, Completer]] = {}

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:  # fmt: skip
        with boundary():
            if parent is None and not extra.get("resilient_parsing"):
                refuse_non_utf8(args)
            return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return _parse_args(super().parse_args, ctx, args)

    def command_names(self, ctx: Context) -> list[str]:
        """Every name a command may be typed by (the group's may have aliases)."""
        return self.list_commands(ctx)

    def command_meant(self, name: str) -> str:
        """Which command a name from `command_names` means (a name and its alias mean one)."""
        return name

    def complete_command_names(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        group = cast(TyperGroup, self)
        return [
            CompletionItem(name, help=command.get_short_help_str())
            for name in group.list_commands(ctx)
            if name.startswith(incomplete)
            and (command := group.get_command(ctx, name)) is not None
            and not command.hidden
        ]

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """The commands' names (`complete_command_names`), then the group's options."""
        options = Command.shell_complete(self, ctx, incomplete)
        return [*self.complete_command_names(ctx, incomplete), *_first_names(ctx, options, incomplete)]

    def invoke(self, ctx: Context) -> Any:
        with boundary():
            if not ctx._protected_args and not self.invoke_without_command:
                raise DanishUsageError("mangler en kommando", ctx)
            return super().invoke(ctx)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        if not ctx.resilient_parsing and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = self.close_names(ctx, name)
            suggestion = f" – mente du {' eller '.join(close)}?" if close else ""
            raise DanishUsageError(f"ukendt kommando '{_printable(name)}'{suggestion}", ctx)
        return super().resolve_command(ctx, args)

    def close_names(self, ctx: Context, typed: str) -> list[str]:
        """The names close to a mistyped one, over every name (Danish and English, compared with ae,
        oe, aa for æ, ø, å), best first, one per command."""
        from baeredygtig_cli.domain.folding import fold_to_ascii

        by_folded = {fold_to_ascii(n): n for n in reversed(self.command_names(ctx))}
        close = [by_folded[f] for f in difflib.get_close_matches(fold_to_ascii(typed), by_folded)]
        meant: dict[str, str] = {}
        for name in close:
            meant.setdefault(self.command_meant(name), name)
        return list(meant.values())

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        """Click's completion protocol (`_PLAN_COMPLETE=bash_complete`, `zsh_complete`,
        `fish_complete`, or `..._source` for the script), in place of Typer's own."""
        complete_var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        instruction = os.environ.get(complete_var)
        if instruction:
            complete_values_with(self, self.completers)
            sys.exit(_complete(self, ctx_args, prog_name, complete_var, instruction))


# --- shell completion ----------------------------------------------------------------------------------


class _Complete(ShellComplete):
    """Click's completion in our shells' scripts. Our completers offer parameter values
    (`complete_values_with`); a completion never fails out loud: whatever goes wrong (a broken plan,
    an odd command line) gives no completions (`_complete`)."""

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        current = int(os.environ.get("COMP_CWORD", "0") or 0)
        return words[1:current], words[current] if current < len(words) else ""

    def source_vars(self) -> dict[str, Any]:
        return {
            "complete_func": self.func_name,
            "complete_var": self.complete_var,
            "prog_name": self.prog_name,
        }


def complete_values_with(command: Command, completers: Mapping[str, Completer]) -> None:
    """Let `completers` (by parameter name) offer the values of `command`'s parameters, through
    Click's public `Parameter.shell_complete`, which Click's completion calls for a value. Click
    takes such a function as `shell_complete=` when a parameter is made; Typer no longer passes it
    on, so it is set on the made parameter, with the method's own signature `(ctx, incomplete)`."""
    for param in command.params:
        completer = completers.get(param.name or "")
        if completer is not None:
            param.shell_complete = completer  # type: ignore[assignment]


def _first_names(ctx: Context, items: list[CompletionItem], incomplete: str) -> list[CompletionItem]:
    """Option names offered by their first long name (the Danish one); another name (an English
    alias, `--month`) only where the first does not fit what was typed (`--mo`)."""
    if not incomplete.startswith("-"):
        return items
    offered = {item.value for item in items}
    aliases: set[str] = set()
    for param in ctx.command.get_params(ctx):
        names = [opt for opt in param.opts if opt.startswith("--")]
        if names and names[0] in offered:
            aliases.update(names[1:])
    return [item for item in items if item.value not in aliases]


def _spelled_names(items: list[CompletionItem], incomplete: str) -> list[CompletionItem]:
    """The option names that `incomplete` begins when æ, ø, å are typed as ae, oe, aa."""
    from baeredygtig_cli.domain.folding import fold_to_ascii

    typed = fold_to_ascii(incomplete)
    return [item for item in items if fold_to_ascii(str(item.value)).startswith(typed)]


def _one_line(text: str | None) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text or "").split())


class _Bash(_Complete):
    name = "bash"
    source_template = """\
# Fuldførelse af %(prog_name)s i bash. Læg i ~/.bashrc: eval "$(%(prog_name)s fuldførelse bash)"
%(complete_func)s() {
    local IFS=$'\\n'
    local response type value
    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
        %(complete_var)s=bash_complete $1 2>/dev/null)
    for completion in $response; do
        IFS=',' read -r type value <<< "$completion"
        if [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
        fi
    done
    return 0
}
complete -o nosort -F %(complete_func)s %(prog_name)s
"""

    def format_completion(self, item: CompletionItem) -> str:
        # bash inserts a completion as it stands: escape what the shell would split or expand. Inside
        # a quote the user opened (`plan liste -s "I g`), readline keeps the quote and closes it: the
        # value goes in as the quote reads it (`"I gang"`), not with backslashes the quote would keep.
        quote = _open_quote(os.environ.get("COMP_WORDS", ""))
        value = _one_line(str(item.value))
        if quote == '"':
            value = re.sub(r'["\\$`]', lambda m: "\\" + m.group(0), value)
        elif quote is None:
            value = re.sub(r"[^\w@%+=:,./-]", lambda m: "\\" + m.group(0), value)
        return f"{item.type},{value}"


def _open_quote(words: str) -> str | None:
    """The quote (`"` or `'`) the command line so far leaves open, read as the shell reads quotes (a
    backslash escapes outside single quotes); None when none is."""
    quote: str | None = None
    escaped = False
    for char in words:
        if escaped:
            escaped = False
        elif quote == "'":
            quote = None if char == "'" else quote
        elif char == "\\":
            escaped = True
        elif quote == '"':
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
    return quote


class _Zsh(_Complete):
    name = "zsh"
    source_template = """\
#compdef %(prog_name)s
# Fuldførelse af %(prog_name)s i zsh. Læg i ~/.zshrc (efter compinit): eval "$(%(prog_name)s fuldførelse zsh)"
%(complete_func)s() {
    local -a completions completions_with_descriptions response
    (( ! $+commands[%(prog_name)s] )) && return 1
    response=("${(@f)$(env COMP_WORDS="${words[*]}" COMP_CWORD=$((CURRENT-1)) \\
        %(complete_var)s=zsh_complete %(prog_name)s 2>/dev/null)}")
    for type key descr in ${response}; do
        if [[ "$type" == "plain" ]]; then
            if [[ "$descr" == "_" ]]; then
                completions+=("$key")
            else
                completions_with_descriptions+=("$key":"$descr")
            fi
        elif [[ "$type" == "file" ]]; then
            _path_files -f
        fi
    done
    if [ -n "$completions_with_descriptions" ]; then
        _describe -V unsorted completions_with_descriptions -U
    fi
    if [ -n "$completions" ]; then
        compadd -U -V unsorted -a completions
    fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    %(complete_func)s "$@"
else
    compdef %(complete_func)s %(prog_name)s
fi
"""

    def format_completion(self, item: CompletionItem) -> str:
        value, help_text = _one_line(str(item.value)), _one_line(item.help)
        if help_text:
            value = value.replace(":", r"\:")
        return f"{item.type}\n{value}\n{help_text or '_'}"


class _Fish(_Complete):
    name = "fish"
    source_template = """\
# Fuldførelse af %(prog_name)s i fish. Gem i ~/.config/fish/completions/%(prog_name)s.fish:
#   %(prog_name)s fuldførelse fish > ~/.config/fish/completions/%(prog_name)s.fish
function %(complete_func)s
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \\
        COMP_CWORD=(commandline -t) %(prog_name)s 2>/dev/null)
    for completion in $response
        set -l metadata (string split -m 1 "," -- $completion)
        if test $metadata[1] = "file"
            __fish_complete_path $metadata[2]
        else if test $metadata[1] = "plain"
            echo $metadata[2]
        end
    end
end
complete --no-files --command %(prog_name)s --arguments "(%(complete_func)s)"
"""

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ.get("COMP_WORDS", ""))
        incomplete = os.environ.get("COMP_CWORD", "")
        args = words[1:]
        if incomplete and args and args[-1] == incomplete:
            args.pop()
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        help_text = _one_line(item.help)
        return f"{item.type},{_one_line(str(item.value))}" + (f"\t{help_text}" if help_text else "")


SHELLS: Mapping[str, type[_Complete]] = {cls.name: cls for cls in (_Bash, _Zsh, _Fish)}


def completion_script(shell: str, prog_name: str = "plan") -> str:
    """The script that makes `shell` complete `prog_name` (what `plan completion SHELL` prints)."""
    complete_var = f"_{prog_name}_COMPLETE".replace("-", "_").upper()
    return SHELLS[shell](cast(Any, None), {}, prog_name, complete_var).source()


def _complete(
    cli: DanishGroup, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str, instruction: str
) -> int:
    shell, _, action = instruction.partition("_")
    if shell not in SHELLS or action not in ("complete", "source"):
        print(f"plan: ukendt fuldførelse {instruction!r} (kendte: bash, zsh og fish)", file=sys.stderr)
        return EXIT_BAD_INPUT
    completer = SHELLS[shell](cli, ctx_args, prog_name, complete_var)
    try:
        out = completer.source() if action == "source" else completer.complete()
    except Exception:  # a broken plan, a command line we cannot follow: no completions, no noise
        if os.environ.get("PLAN_DEBUG"):
            raise
        out = ""
    try:
        if out:
            sys.stdout.write(out if out.endswith("\n") else out + "\n")
        sys.stdout.flush()
    except OSError:  # the shell stopped listening
        quiet_stdout()
    return 0
