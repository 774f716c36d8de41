"""package.json parsing without `import json`.

`json.decoder` imports `re`, which costs ~3 ms of start-up, and every program with a bare
import reads a package.json. The decoder's own C scanner (`_json`) does the work without it;
any failure (and any Python without `_json`) goes through `json.loads`, whose error messages
users see.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_WHITESPACE = " \t\n\r"
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}


class _Options:
    # What json.JSONDecoder() passes its scanner, with the same defaults.
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = _CONSTANTS.__getitem__


def _make_scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    try:
        from _json import make_scanner
    except ImportError:
        return None
    return make_scanner(_Options())  # type: ignore[arg-type]  # typeshed wants a JSONDecoder


_scan = _make_scanner()


def loads(data: bytes) -> Any:
    """`json.loads(data)` (UTF-8, optional BOM); ValueError for anything that is not JSON."""
    if _scan is not None:
        try:
            text = data.decode("utf-8-sig")
            value, end = _scan(text, len(text) - len(text.lstrip(_WHITESPACE)))
            if not text[end:].strip(_WHITESPACE):
                return value
        except (StopIteration, ValueError):
            pass  # json.loads below raises with its usual message
    import json

    return json.loads(data)
