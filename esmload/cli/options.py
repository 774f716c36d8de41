"""The command line's global options, as one table, and what the commands share.

Both parsers are built from `OPTIONS`: `quick_parse`, the fast path for the common
`[options] FILE [args...]`, and `add_options`, which puts the same options on the argparse
parser that handles everything else (help, version, commands, mistakes). A warm run must not
import argparse (it costs start-up time), so nothing here imports it or anything heavy.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from argparse import ArgumentParser

    from esmload.cache.store import CacheStore
    from esmload.host.permissions import Permissions

FLAG = "flag"  # --name: True when given
VALUE = "value"  # --name VALUE or --name=VALUE: the last one given
REPEATED = "repeated"  # --name VALUE, repeatable: a list in the order given
GRANT = "grant"  # --name (everything: "*") or --name=VALUE, repeatable: a list; never takes
# the next argument as its value (`--allow-net main.mjs` runs main.mjs)


class Option:
    """One global option: its `name` on the command line, its `dest` in the parsed options."""

    __slots__ = ("name", "dest", "kind", "metavar", "help", "short")

    def __init__(
        self,
        name: str,
        dest: str,
        kind: str,
        metavar: str | None,
        help: str,
        short: str | None = None,
    ) -> None:
        self.name = name
        self.dest = dest
        self.kind = kind
        self.metavar = metavar
        self.help = help
        self.short = short  # a one-letter alias, like node's -r

    def default(self) -> object:
        return [] if self.kind in (REPEATED, GRANT) else False if self.kind == FLAG else None


# In the order `--help` lists them (after -h and --version, which argparse provides).
OPTIONS = (
    Option(
        "--require",
        "requires",
        REPEATED,
        "MODULE",
        "require() MODULE before the program, resolved from the current directory "
        "(repeatable, like node --require)",
        short="-r",
    ),
    Option(
        "--import",
        "preload",
        REPEATED,
        "MODULE",
        "evaluate MODULE before the program (repeatable, like node --import)",
    ),
    Option(
        "--hook",
        "hooks",
        REPEATED,
        "NAME_OR_PATH",
        "add a loader hook: 'text', 'python', or a Python file defining `hook` (repeatable)",
    ),
    Option("--cache-dir", "cache_dir", VALUE, "DIR", "cache directory"),
    Option("--no-cache", "no_cache", FLAG, None, "do not read or write the cache"),
    Option(
        "--cache-stats",
        "cache_stats",
        FLAG,
        None,
        "print one line of cache counters to stderr at exit",
    ),
    Option(
        "--permission",
        "permission",
        FLAG,
        None,
        "restrict what the program may reach to what the allow options below grant",
    ),
    Option("--experimental-permission", "permission", FLAG, None, "the same as --permission"),
    Option(
        "--allow-fs-read",
        "allow_fs_read",
        REPEATED,
        "PATH",
        "with --permission: allow reading PATH and below ('*': everything; repeatable, or "
        "comma-separated)",
    ),
    Option(
        "--allow-fs-write",
        "allow_fs_write",
        REPEATED,
        "PATH",
        "with --permission: allow writing PATH and below (as --allow-fs-read)",
    ),
    Option(
        "--allow-net",
        "allow_net",
        GRANT,
        "HOSTS",
        "with --permission: allow network access (=HOST[:PORT],...: to those hosts only)",
    ),
    Option(
        "--allow-env",
        "allow_env",
        GRANT,
        "NAMES",
        "with --permission: let process.env hold the environment (=NAME,...: those "
        "variables only)",
    ),
    Option(
        "--allow-child-process",
        "allow_child_process",
        FLAG,
        None,
        "with --permission: allow starting subprocesses",
    ),
)

_BY_NAME = {option.name: option for option in OPTIONS} | {
    option.short: option for option in OPTIONS if option.short
}

# Commands given instead of FILE (cli/commands.py runs them); a file of the same name that
# exists is run as a program instead.
SUBCOMMANDS = ("graph", "cache", "compile")


def quick_parse(args: list[str]) -> SimpleNamespace | None:
    """The common `[options] FILE [args...]` without argparse, which costs start-up time;
    None for anything else (help, version, commands, mistakes), which argparse handles."""
    options = SimpleNamespace(**{option.dest: option.default() for option in OPTIONS})
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        option = _BY_NAME.get(name)
        if option is None:
            if arg.startswith("-") or arg in SUBCOMMANDS:
                return None
            options.target = arg
            options.args = args[i + 1 :]
            return options
        if option.kind == FLAG:
            if eq:
                return None  # `--no-cache=1`: argparse reports it
            setattr(options, option.dest, True)
        elif option.kind == GRANT:
            getattr(options, option.dest).append(value if eq else "*")
        else:
            if not eq:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            if option.kind == REPEATED:
                getattr(options, option.dest).append(value)
            else:
                setattr(options, option.dest, value)
        i += 1
    return None


def add_options(parser: ArgumentParser) -> None:
    """Put the global options on an argparse parser, with the same results as `quick_parse`
    (for the arguments `for_argparse` returns)."""
    for option in OPTIONS:
        if option.kind == FLAG:
            parser.add_argument(
                option.name, dest=option.dest, action="store_true", help=option.help
            )
        elif option.kind == GRANT:
            parser.add_argument(
                option.name,
                dest=option.dest,
                action="append",
                nargs="?",
                const="*",
                default=[],
                metavar=option.metavar,
                help=option.help,
            )
        else:
            names = [option.short, option.name] if option.short else [option.name]
            parser.add_argument(
                *names,
                dest=option.dest,
                action="append" if option.kind == REPEATED else "store",
                default=option.default(),
                metavar=option.metavar,
                help=option.help,
            )


def for_argparse(args: list[str]) -> list[str]:
    """`args` with each bare grant option before the program written `--name=*`: argparse
    would take the argument after it as its value."""
    result = list(args)
    i = 0
    while i < len(result):
        arg = result[i]
        option = _BY_NAME.get(arg.partition("=")[0])
        if option is None:
            if not arg.startswith("-"):
                break  # the program (or a command) and its arguments
        elif option.kind == GRANT and arg == option.name:
            result[i] = f"{arg}=*"
        elif option.kind in (VALUE, REPEATED) and "=" not in arg:
            i += 1  # its value
        i += 1
    return result


def permissions(options: SimpleNamespace) -> Permissions | None:
    """The permission model from --permission and --allow-*; None without --permission
    (everything allowed)."""
    if not options.permission:
        return None
    from esmload.host.permissions import Permissions

    def grant(values: list[str]) -> bool | list[str]:
        items = [item for value in values for item in value.split(",") if item]
        return True if "*" in items else items

    return Permissions(
        enabled=True,
        fs_read=grant(options.allow_fs_read),
        fs_write=grant(options.allow_fs_write),
        net=grant(options.allow_net),
        env=grant(options.allow_env),
        child_process=options.allow_child_process,
    )


def cache_settings(options: SimpleNamespace) -> tuple[bool, str | None]:
    """Whether to use the cache (--no-cache, ESMLOAD_NO_CACHE) and the --cache-dir given."""
    use_cache = not options.no_cache and os.environ.get("ESMLOAD_NO_CACHE", "") in ("", "0")
    return use_cache, options.cache_dir


def cache_store(cache_dir: str | None) -> CacheStore:
    """The cache store (not yet opened) in `cache_dir`, or else where ESMLOAD_CACHE_DIR or
    the platform's user cache directory puts it."""
    from esmload.cache.store import CacheStore, default_cache_dir

    return CacheStore(cache_dir or default_cache_dir(), one_run=True)
