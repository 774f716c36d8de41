"""Node's built-in modules: which names are built-in, and which of them esmload provides.

Like Node, a built-in name wins over a package of the same name in node_modules, with or
without the `node:` prefix. esmload provides a built-in when its source `NAME.js` exists in
`esmload/host/js/` (one file per built-in); the others fail at import with an error naming
them.
"""

from __future__ import annotations

import os

from esmload.errors import ResolveError

NODE_BUILTINS = frozenset(
    (
        "_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing",
        "_http_server", "_stream_duplex", "_stream_passthrough", "_stream_readable",
        "_stream_transform", "_stream_wrap", "_stream_writable", "_tls_common", "_tls_wrap",
        "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console",
        "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain",
        "events", "fs", "fs/promises", "http", "http2", "https", "inspector", "inspector/promises",
        "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks", "process",
        "punycode", "querystring", "readline", "readline/promises", "repl", "stream",
        "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
        "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm",
        "wasi", "worker_threads", "zlib",
    )
)
# Built-ins that exist only with the prefix.
PREFIX_ONLY = frozenset(("test", "test/reporters", "sea", "sqlite"))

SOURCE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "host", "js")
_provided: dict[str, bool] = {}


def source_file(module_id: str, source_dir: str = SOURCE_DIR) -> str:
    """Where the code of built-in or internal module `module_id` is (`events` → js/events.js)."""
    return os.path.join(source_dir, *module_id.split("/")) + ".js"


def provided(name: str) -> bool:
    """True if esmload has built-in module `name` (without `node:`)."""
    found = _provided.get(name)
    if found is None:
        found = _provided[name] = name in NODE_BUILTINS and os.path.isfile(source_file(name))
    return found


def provided_builtins() -> list[str]:
    """The names of the built-in modules esmload provides, sorted."""
    return sorted(name for name in NODE_BUILTINS if provided(name))


def builtin_name(specifier: str, referrer: str | None) -> str:
    """`node:NAME` for a built-in module specifier, or the error Node's loader would give."""
    name = specifier[5:] if specifier.startswith("node:") else specifier
    if provided(name):
        return "node:" + name
    where = f" imported from {referrer}" if referrer else ""
    if name in NODE_BUILTINS or name in PREFIX_ONLY:
        raise ResolveError(
            "ERR_UNSUPPORTED_BUILTIN",
            f"'{specifier}' is a Node.js built-in module, which esmload does not provide{where}",
            specifier,
            referrer,
        )
    raise ResolveError(
        "ERR_UNKNOWN_BUILTIN_MODULE", f"No such built-in module: {specifier}", specifier, referrer
    )
