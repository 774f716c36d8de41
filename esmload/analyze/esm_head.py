"""A module's requests when they all sit at its head, read without regular expressions.

Most modules begin with their import declarations (and a barrel with its `export … from`
ones), written plainly: names, braces, commas, `*`, `as`, `from` and a specifier without
escapes. When every one of the engine's requests is found in such declarations before any
other statement, and the module has no `import(` or `import.meta` candidate, that is the
whole scan (esm_lexer.py `scan`): a process that writes a few records (a command-line run with
a few misses) then never compiles the scanner's patterns, which costs more than scanning.

Anything else at the head ends the reading: a statement, a comment inside a declaration,
a string name, an escape, import attributes (`with`, `assert`), a name beyond ASCII. If the
requests are not all found by then, the caller scans the module with the full scanner. The
engine compiled the module, so its text is valid JavaScript: at the head, a declaration that
reads as one of the forms below is one.
"""

from __future__ import annotations

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
_PUNCTUATION = frozenset("{},*")
_LINE_ENDS = ("\n", "\r", "\u2028", "\u2029")


def head_requests(src: str, wanted: int) -> list[tuple[str, dict[str, str], int]] | None:
    """(specifier, {}, offset of its opening quote) of each static request in the plain
    declarations at the head of `src`, up to the `wanted`-th distinct specifier; None if
    the head ends before that."""
    found: list[tuple[str, dict[str, str], int]] = []
    specifiers: set[str] = set()
    pos = 0
    if src.startswith("#!"):
        pos = _line_end(src, 2)
    while len(specifiers) < wanted:
        pos = _skip_blank(src, pos)
        if pos < 0:
            return None
        if src.startswith("import", pos):
            exports = False
        elif src.startswith("export", pos):
            exports = True
        else:
            return None
        tokens, quote = _clause(src, pos + 6)
        if tokens is None or not (_export_clause(tokens) if exports else _import_clause(tokens)):
            return None
        end = src.find(src[quote], quote + 1)
        specifier = src[quote + 1 : end]
        if end < 0 or "\\" in specifier or any(ch in specifier for ch in _LINE_ENDS):
            return None
        after = _skip_blank(src, end + 1)
        if after < 0 or src.startswith(("with", "assert"), after):
            return None  # (attributes, or a statement that starts with those letters)
        found.append((specifier, {}, quote))
        specifiers.add(specifier)
        pos = after + 1 if src.startswith(";", after) else after
    return found


def _skip_blank(src: str, pos: int) -> int:
    """The offset past white space and comments from `pos`; -1 at an unclosed comment."""
    end = len(src)
    while pos < end:
        ch = src[pos]
        if ch.isspace() or ch == "\ufeff":
            pos += 1
        elif src.startswith("//", pos):
            pos = _line_end(src, pos + 2)
        elif src.startswith("/*", pos):
            close = src.find("*/", pos + 2)
            if close < 0:
                return -1
            pos = close + 2
        else:
            break
    return pos


def _line_end(src: str, pos: int) -> int:
    ends = [found for found in (src.find(ch, pos) for ch in _LINE_ENDS) if found >= 0]
    return min(ends) if ends else len(src)


def _clause(src: str, pos: int) -> tuple[list[str] | None, int]:
    """The names and punctuation from `pos` (just past the keyword) up to the specifier's
    quote, and where that quote is; (None, -1) if anything else comes first."""
    end = len(src)
    if pos < end and (src[pos] in _NAME_CHARS or src[pos] == "\\" or not src[pos].isascii()):
        return None, -1  # a longer name (`imports`), or one with an escape or beyond ASCII
    tokens: list[str] = []
    while pos < end:
        ch = src[pos]
        if ch in _NAME_CHARS:
            start = pos
            while pos < end and src[pos] in _NAME_CHARS:
                pos += 1
            if pos < end and (src[pos] == "\\" or not src[pos].isascii()):
                return None, -1
            tokens.append(src[start:pos])
        elif ch in _PUNCTUATION:
            tokens.append(ch)
            pos += 1
        elif ch == "'" or ch == '"':
            return tokens, pos
        elif ch.isspace():
            pos += 1
        else:
            return None, -1
    return None, -1


def _import_clause(tokens: list[str]) -> bool:
    """`import 'm'`, `import d from`, `import d, {…} from`, `import d, * as ns from`,
    `import {…} from`, `import * as ns from`."""
    if not tokens:
        return True
    if tokens[-1] != "from":
        return False
    body = tokens[:-1]
    if body and _is_name(body[0]):
        if len(body) == 1:
            return True
        if body[1] != ",":
            return False
        body = body[2:]
    return _namespace(body) or _named(body)


def _export_clause(tokens: list[str]) -> bool:
    """`export * from`, `export * as ns from`, `export {…} from`."""
    if len(tokens) < 2 or tokens[-1] != "from":
        return False
    body = tokens[:-1]
    return body == ["*"] or _namespace(body) or _named(body)


def _namespace(body: list[str]) -> bool:
    return len(body) == 3 and body[0] == "*" and body[1] == "as" and _is_name(body[2])


def _named(body: list[str]) -> bool:
    """`{ a, b as c, }`: names, each perhaps renamed, a trailing comma allowed."""
    if len(body) < 2 or body[0] != "{" or body[-1] != "}":
        return False
    items = body[1:-1]
    index = 0
    while index < len(items):
        if not _is_name(items[index]):
            return False
        index += 1
        if index < len(items) and items[index] == "as":
            if index + 1 >= len(items) or not _is_name(items[index + 1]):
                return False
            index += 2
        if index < len(items):
            if items[index] != ",":
                return False
            index += 1
    return True


def _is_name(token: str) -> bool:
    return token[0] in _NAME_CHARS and not token[0].isdigit()
