"""What the two lexers share (esm_lexer.py, cjs_lexer.py): the look-behind at the token
before a `/`, `(` or `{` (regular expression or division? block or object?) and the decoding
of string literals, as cjs-module-lexer does them. A module of its own so that scanning an ES
module does not import the CommonJS lexer.
"""

from __future__ import annotations

# What may stand before a keyword (`keywordStart`): white space or a punctuator other than `.`.
_BOUNDARY = frozenset("\t\n\v\f\r \xa0!%&()*+,-/:;<=>?[]^{|}~")
# A `/` after one of these starts a regular expression (unless `++`, `--` or `1.`).
_EXPR_PUNCT = frozenset("!%&(*+,-.:;<=>?[^{|~")


# ------------------------------------------------------------------------- string decoding

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _decode(raw: str) -> str | None:
    """An export name or specifier as the lexer reports it.

    Identifiers stay as written; a quoted literal is unescaped, and is dropped (None) when
    an escape is invalid or its UTF-16 form is not well formed."""
    quote = raw[0]
    if quote != "'" and quote != '"':
        return raw
    if "\\" in raw:
        value = _unescape(raw)
        return None if value is None else _well_formed(value)
    return _well_formed(raw[1:-1])


def _well_formed(value: str) -> str | None:
    """`value` with escaped surrogate pairs joined; None if it has a lone surrogate or, as
    the lexer's range check has it, any BMP character from U+DC00 up (U+E000–U+FFFF too)."""
    if value.isascii():
        return value
    out: list[str] = []
    i = 0
    count = len(value)
    while i < count:
        ch = value[i]
        code = ord(ch)
        if code < 0xD800 or code > 0xFFFF:
            out.append(ch)
        elif code < 0xDC00 and i + 1 < count and 0xDC00 <= ord(value[i + 1]) <= 0xDFFF:
            low = ord(value[i + 1])
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
            i += 1
        else:
            return None
        i += 1
    return "".join(out)


def _unescape(raw: str) -> str | None:
    """The value of a quoted literal with escapes; None where JavaScript rejects an escape."""
    quote = raw[0]
    out: list[str] = []
    i = 1
    end = len(raw)
    while i < end:
        ch = raw[i]
        if ch == quote:
            return "".join(out)
        if ch == "\r" or ch == "\n":
            return None
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= end:
            return None
        ch = raw[i]
        i += 1
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch == "\r":
            if raw[i : i + 1] == "\n":
                i += 1
        elif ch in "\n\u2028\u2029":
            pass  # a line continuation
        elif ch == "x":
            digits = raw[i : i + 2]
            if len(digits) != 2 or not _HEX.issuperset(digits):
                return None
            out.append(chr(int(digits, 16)))
            i += 2
        elif ch == "u":
            if raw[i : i + 1] == "{":
                close = raw.find("}", i + 1)
                digits = raw[i + 1 : close] if close > 0 else ""
                if not digits or not _HEX.issuperset(digits) or int(digits, 16) > 0x10FFFF:
                    return None
                out.append(chr(int(digits, 16)))
                i = close + 1
            else:
                digits = raw[i : i + 4]
                if len(digits) != 4 or not _HEX.issuperset(digits):
                    return None
                out.append(chr(int(digits, 16)))
                i += 4
        elif "0" <= ch <= "7":
            value = ord(ch) - 48
            more = 2 if ch <= "3" else 1
            while more and i < end and "0" <= raw[i] <= "7":
                value = value * 8 + ord(raw[i]) - 48
                i += 1
                more -= 1
            out.append(chr(value))
        else:
            out.append(ch)
    return None


# ----------------------------------------------------------------------- token look-behind


def _keyword_before(src: str, pos: int, word: str) -> bool:
    """`word` ends at `pos` and something other than an identifier character precedes it.

    As in the lexer, a multi-letter keyword at the very start of the file does not count."""
    start = pos - len(word) + 1
    return start >= 1 and src.startswith(word, start) and src[start - 1] in _BOUNDARY


def _letter_before(src: str, pos: int, letter: str) -> bool:
    return pos >= 0 and src[pos] == letter and (pos == 0 or src[pos - 1] in _BOUNDARY)


def _expression_keyword(src: str, pos: int) -> bool:
    """The token ending at `pos` is a keyword after which `/` starts a regular expression."""
    ch = src[pos]
    prev = src[pos - 1] if pos >= 1 else ""
    if ch == "d":
        if prev == "i":
            return _keyword_before(src, pos - 2, "vo")
        return prev == "l" and _keyword_before(src, pos - 2, "yie")
    if ch == "e":
        if prev == "s":
            prev2 = src[pos - 2] if pos >= 2 else ""
            if prev2 == "l":
                return _letter_before(src, pos - 3, "e")
            return prev2 == "a" and _letter_before(src, pos - 3, "c")
        return prev == "t" and _keyword_before(src, pos - 2, "dele")
    if ch == "f":
        if prev != "o" or pos < 2 or src[pos - 2] != "e":
            return False
        prev3 = src[pos - 3] if pos >= 3 else ""
        if prev3 == "c":
            return _keyword_before(src, pos - 4, "instan")
        return prev3 == "p" and _keyword_before(src, pos - 4, "ty")
    if ch == "n":
        return _letter_before(src, pos - 1, "i") or _keyword_before(src, pos - 1, "retur")
    if ch == "o":
        return _letter_before(src, pos - 1, "d")
    if ch == "r":
        return _keyword_before(src, pos - 1, "debugge")
    if ch == "t":
        return _keyword_before(src, pos - 1, "awai")
    if ch == "w":
        if prev == "e":
            return _letter_before(src, pos - 2, "n")
        return prev == "o" and _keyword_before(src, pos - 2, "thr")
    return False


def _paren_keyword(src: str, pos: int | None) -> bool:
    """The token before a `(` was `while`, `for` or `if` (no boundary check, as the lexer)."""
    if pos is None or pos < 0:
        return False
    ch = src[pos]
    if ch == "e":
        return pos >= 4 and src.startswith("whil", pos - 4)
    if ch == "r":
        return pos >= 2 and src.startswith("fo", pos - 2)
    return ch == "f" and pos >= 1 and src[pos - 1] == "i"


def _expression_terminator(src: str, pos: int | None) -> bool:
    """The token before a `{` makes it a block: `=>`, `;`, `)`, `catch`, `finally`, `else`."""
    if pos is None:
        # An unset stack slot reads as offset 0 in the lexer (charCodeAt(undefined)).
        return src[:1] in (";", ")") and src != ""
    if pos < 0:
        return False
    ch = src[pos]
    if ch == ">":
        return pos >= 1 and src[pos - 1] == "="
    if ch == ";" or ch == ")":
        return True
    if ch == "h":
        return pos >= 4 and src.startswith("catc", pos - 4)
    if ch == "y":
        return pos >= 6 and src.startswith("finall", pos - 6)
    return ch == "e" and pos >= 3 and src.startswith("els", pos - 3)
