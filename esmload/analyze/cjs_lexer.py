"""Static named-export detection for CommonJS sources, as Node's cjs-module-lexer does it.

When an ES module imports a CommonJS module, Node offers `module.exports` as the default
export and, as named exports, the names that cjs-module-lexer finds in the source without
running it. `scan()` finds exactly the same names and re-export specifiers, so esmload links
CommonJS the way Node does. The reference is cjs-module-lexer 2.2.0, the version Node 20.20.2
bundles, and its JavaScript build (`lexer.js`), which is the one Node calls: the wasm build
differs from it in corner cases (errors on unbalanced braces, keyword boundaries).

This is an independent Python implementation of the lexer's documented behaviour, checked
against the real lexer by tests/test_cjs_lexer.py. Like the original, it is a token scanner,
not a parser: it skips strings, comments, templates and regular expressions (telling regular
expressions from divisions by the preceding token, and for `)` and `}` by the token before
the matching opener), counts brackets, and tries a fixed set of export patterns wherever
their first keyword appears. Most text is skipped by one regular expression that stops only
at brackets, quotes, slashes, backticks and the few keywords that start a pattern, so the
Python loop runs once per such event, not once per character.

`requires` is esmload's own addition: every `require('x')` call with a literal specifier.

Import cost: this file and js_tokens.py at import time; `re` and the patterns load on first
use.
"""

from __future__ import annotations

from esmload.analyze.js_tokens import (
    _BOUNDARY,
    _EXPR_PUNCT,
    _decode,
    _expression_keyword,
    _expression_terminator,
    _paren_keyword,
    _unescape,
    _well_formed,
)

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from re import Pattern
    from typing import NoReturn

__all__ = ["CjsAnalysis", "CjsLexError", "scan"]


class CjsAnalysis:
    """What `scan()` found: export names, re-export specifiers and required specifiers."""

    __slots__ = ("exports", "reexports", "requires")

    exports: tuple[str, ...]
    reexports: tuple[str, ...]
    requires: tuple[str, ...]

    def __init__(
        self,
        exports: tuple[str, ...] = (),
        reexports: tuple[str, ...] = (),
        requires: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "exports", tuple(exports))
        object.__setattr__(self, "reexports", tuple(reexports))
        object.__setattr__(self, "requires", tuple(requires))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"CjsAnalysis is immutable (cannot set {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CjsAnalysis):
            return NotImplemented
        return (self.exports, self.reexports, self.requires) == (
            other.exports,
            other.reexports,
            other.requires,
        )

    def __hash__(self) -> int:
        return hash((self.exports, self.reexports, self.requires))

    def __repr__(self) -> str:
        return (
            f"CjsAnalysis(exports={self.exports!r}, reexports={self.reexports!r}, "
            f"requires={self.requires!r})"
        )


class CjsLexError(ValueError):
    """The source is not lexable where cjs-module-lexer would throw (Node then finds no names).

    `reason` is the lexer's message, `line` the 1-based line and `offset` the code-point
    offset where it stopped."""

    def __init__(self, reason: str, line: int, offset: int) -> None:
        super().__init__(f"{reason} (line {line})")
        self.reason = reason
        self.line = line
        self.offset = offset


def scan(source: str) -> CjsAnalysis:
    """The exports, re-exports and requires that cjs-module-lexer 2.2.0 would detect.

    Raises CjsLexError (a ValueError, with a short reason and a line number) where the lexer
    throws: an unterminated string, template or regular expression, unbalanced brackets, or
    an `import`/`export` statement at the top level."""
    if _P is None:
        _compile()
    return _Lexer(source).run()


# ---------------------------------------------------------------------------------- patterns

# Character classes of the lexer. The main loop skips only these as white space; everything
# else, U+00A0 included, counts as a token for the regex-or-division decision.
_WS = " \t\n\v\f\r"
_PUNCT = frozenset("!%&()*+,-./:;<=>?[]^{|}~")
# Before our own `require(`: anything that would make it part of another name or a member.
_NOT_BEFORE_REQUIRE = frozenset("$_.#\\")

_B = r"\t\n\v\f\r \xa0!%&()*+,\-/:;<=>?\[\]^{|}~"  # _BOUNDARY as a regex class body
_SQ_BODY = r"'[^'\\\n\r]*(?:\\(?:\r\n|[\s\S])[^'\\\n\r]*)*'"
_DQ_BODY = r'"[^"\\\n\r]*(?:\\(?:\r\n|[\s\S])[^"\\\n\r]*)*"'
_BLOCK = r"/\*(?:[^*]*\*+(?:[^/*][^*]*\*+)*/|[\s\S]*)"  # an unterminated one runs to the end
# Events of the main loop. Each alternative starts with a literal character so that `re`
# can skip ahead by the pattern's first-character set; keyword boundaries are lookbehinds
# placed after that first character for the same reason.
_EVENTS_ANY = (
    r"[(){}`]"
    f"|{_SQ_BODY}|'|{_DQ_BODY}|\""  # a lone quote is an unterminated string
    rf"|//[^\n\r]*|{_BLOCK}|/"
    rf"|e(?<![^{_B}]e)xport|m(?<![^{_B}]m)odule|O(?<![^{_B}]O)bject"
    rf"|c(?<![^{_B}]c)lass[\t\n\v\f\r \xa0]"
)
# At the top level the lexer also tries `require(` after any `r` (no boundary), `import`,
# and the Babel/TypeScript helpers; below it, `require` interests only our `requires`.
_EVENTS_TOP = (
    _EVENTS_ANY
    + rf"|require|i(?<![^{_B}]i)mport|_(?<![^{_B}.]_)(?:_export|interopRequireWildcard)"
)
_EVENTS_NESTED = _EVENTS_ANY + r"|r(?<![A-Za-z0-9_$.#\\]r)equire"


class _Patterns:
    __slots__ = ("top", "nested", "ws", "sq", "dq", "regex", "template", "ident", "newline")

    def __init__(self) -> None:
        import re

        self.top: Pattern[str] = re.compile(_EVENTS_TOP)
        self.nested: Pattern[str] = re.compile(_EVENTS_NESTED)
        # White space and comments between tokens inside a pattern (`commentWhitespace`).
        self.ws: Pattern[str] = re.compile(rf"(?:[\t\n\v\f\r \xa0]+|//[^\n\r]*|{_BLOCK})*")
        self.sq: Pattern[str] = re.compile(_SQ_BODY)
        self.dq: Pattern[str] = re.compile(_DQ_BODY)
        self.regex: Pattern[str] = re.compile(
            r"/[^/\\\[\n\r]*(?:(?:\\[\s\S]|\[[^\]\\\n\r]*(?:\\[\s\S][^\]\\\n\r]*)*\])"
            r"[^/\\\[\n\r]*)*/"
        )
        # The rest of a template up to its closing backtick or its next `${`.
        self.template: Pattern[str] = re.compile(
            r"[^`\\$]*(?:(?:\\[\s\S]|\$(?!\{))[^`\\$]*)*(?:`|\$\{)"
        )
        # Candidates only: non-ASCII characters are checked one by one (see _Lexer.ident).
        # Written as negated ASCII classes: a class with a range up to U+10FFFF costs `re`
        # about 10 ms to compile.
        self.ident: Pattern[str] = re.compile(
            r"[^\x00-\x23\x25-\x40\x5b-\x5e\x60\x7b-\x7f]"
            r"[^\x00-\x23\x25-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]*"
        )
        self.newline: Pattern[str] = re.compile(r"[\n\r]")


_P: _Patterns | None = None


def _compile() -> None:
    global _P
    _P = _Patterns()


# ----------------------------------------------------------------------------- characters


def _id_start(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalpha() or ch == "$" or ch == "_"
    return ch.isidentifier()  # Unicode XID_Start; the lexer uses acorn's ID_Start tables


def _id_char(ch: str) -> bool:
    if ch < "\x80":
        return ch.isalnum() or ch == "$" or ch == "_"
    return ("a" + ch).isidentifier() or ch == "\u200c" or ch == "\u200d"


# ------------------------------------------------------------------------------- the lexer

_IMPORT = 0  # kinds of `require('x')`: a binding that a later Object.keys() may re-export,
_EXPORT_ASSIGN = 1  # `module.exports = require('x')` or `...require('x')`,
_EXPORT_STAR = 2  # `__exportStar(require('x'))`
_VALUE = -2  # _descriptor(): a `value:` property


class _Lexer:
    __slots__ = (
        "src",
        "n",
        "ws",
        "exports",
        "unsafe",
        "reexports",
        "requires",
        "star_map",
        "last_star",
    )

    def __init__(self, source: str) -> None:
        assert _P is not None
        self.src = source
        self.n = len(source)
        match_ws = _P.ws.match
        self.ws: Callable[[int], int] = lambda pos: match_ws(source, pos).end()  # type: ignore[union-attr]
        self.exports: dict[str, None] = {}
        self.unsafe: set[str | None] = set()
        self.reexports: dict[str, None] = {}
        self.requires: dict[str, None] = {}
        self.star_map: dict[str, str | None] = {}
        self.last_star: str | None = None

    # ----------------------------------------------------------------------- main loop

    def run(self) -> CjsAnalysis:
        assert _P is not None
        src = self.src
        n = self.n
        depth = 0  # open brackets of any kind, plus open template substitutions
        template_depth = -1  # the depth at which the innermost `${` closes
        template_stack: list[int] = []
        # Per depth: the token before the bracket opened there (the lexer never clears a
        # slot, so a `/` after `)` or `}` reads what the last closed bracket left).
        openers: list[int | None] = [None] * 64
        classes: list[bool] = [False] * 64  # whether that bracket was a class body
        next_brace_is_class = False
        slash_was_division = False
        last_token = -1  # the lexer's lastTokenPos: -1 before any token
        consumed = -1  # everything up to here belongs to an event already handled
        pos = 0
        if src.startswith("#!"):
            newline = _P.newline.search(src, 2)
            pos = newline.start() if newline else n
            consumed = pos
        search_top = _P.top.search
        search_nested = _P.nested.search
        regex_match = _P.regex.match
        template_match = _P.template.match

        while True:
            match = (search_nested if depth else search_top)(src, pos)
            if match is None:
                break
            start = match.start()
            ch = src[start]
            end = start  # where the event leaves the lexer's position

            if ch == "(" or ch == "{":
                i = start - 1
                while i > consumed and src[i] in _WS:
                    i -= 1
                if depth >= len(openers):
                    self._grow(openers, classes, depth)
                openers[depth] = i if i > consumed else last_token
                if ch == "{":
                    classes[depth] = next_brace_is_class
                    next_brace_is_class = False
                depth += 1
            elif ch == ")":
                if not depth:
                    self._fail("Unexpected closing bracket.", start)
                depth -= 1
            elif ch == "}":
                if not depth:
                    self._fail("Unexpected closing brace.", start)
                depth -= 1
                if depth + 1 == template_depth:
                    template_depth = template_stack.pop()
                    rest = template_match(src, start + 1)
                    if rest is None:
                        self._fail("Unterminated template.", n)
                    end = rest.end() - 1
                    if src[end] == "{":
                        template_stack.append(template_depth)
                        depth += 1
                        template_depth = depth
                elif template_depth != -1 and depth < template_depth:
                    self._fail("Unexpected closing brace.", start)
            elif ch == "'" or ch == '"':
                end = match.end() - 1
                if end == start:
                    self._string_error(start)
            elif ch == "/":
                end = match.end() - 1
                if end > start:  # a comment: no token, so lastTokenPos stays
                    i = start - 1
                    while i > consumed and src[i] in _WS:
                        i -= 1
                    if i > consumed:
                        last_token = i
                    consumed = end
                    pos = end + 1
                    continue
                i = start - 1
                while i > consumed and src[i] in _WS:
                    i -= 1
                before = i if i > consumed else last_token
                slot = depth if depth < len(openers) else None
                if self._regex_follows(
                    before,
                    openers[slot] if slot is not None else None,
                    classes[slot] if slot is not None else False,
                    slash_was_division,
                ):
                    literal = regex_match(src, start)
                    if literal is None:
                        self._regex_error(start)
                    end = literal.end() - 1
                    slash_was_division = False
                else:
                    slash_was_division = True
            elif ch == "`":
                rest = template_match(src, start + 1)
                if rest is None:
                    self._fail("Unterminated template.", n)
                end = rest.end() - 1
                if src[end] == "{":
                    template_stack.append(template_depth)
                    depth += 1
                    template_depth = depth
            elif ch == "e":
                if src.startswith("s", start + 6):
                    end = self.exports_assign(start, False)
                elif not depth:
                    end = self.ws(start + 6)
                    if end != start + 6 or src[end : end + 1] in _PUNCT:
                        self._fail("Unexpected export statement in CJS module.", end)
            elif ch == "m":
                end = self.module_assign(start)
            elif ch == "O":
                end = self.object_call(start, not depth)
            elif ch == "c":
                next_brace_is_class = True
            elif ch == "r":
                if depth:
                    self.own_require(start)
                else:
                    after = self.require(start, _IMPORT)
                    if after >= 0:
                        if start == 0 or src[start - 1] in _BOUNDARY:
                            self.bind_star(start - 1)
                        end = after
                    else:
                        self.own_require(start)
            elif ch == "i":  # `import` at the top level
                end = self.ws(start + 6)
                next_char = src[end : end + 1]
                if next_char == "(":
                    if depth >= len(openers):
                        self._grow(openers, classes, depth)
                    openers[depth] = start
                    depth += 1
                elif next_char == ".":
                    self._fail("Unexpected import.meta in CJS module.", end)
                elif end != start + 6 or next_char in ("'", '"', "{", "*"):
                    self._fail("Unexpected import statement in CJS module.", end)
            else:  # `__export`, `__exportStar` or `_interopRequireWildcard` at the top level
                i = start - 1
                while i > consumed and src[i] in _WS:
                    i -= 1
                before = i if i > consumed else last_token
                if src.startswith("_interopRequireWildcard", start):
                    end = start + 23
                    if src.startswith("(", end):
                        end += 1
                        if depth >= len(openers):
                            self._grow(openers, classes, depth)
                        openers[depth] = before
                        depth += 1
                        after = self.require(end, _IMPORT)
                        if after >= 0:
                            end = after
                            if start == 0 or src[start - 1] in _BOUNDARY:
                                self.bind_star(start - 1)
                else:
                    end = start + 8
                    if src.startswith("Star", end):
                        end += 4
                    if src.startswith("(", end):
                        if depth >= len(openers):
                            self._grow(openers, classes, depth)
                        openers[depth] = before
                        depth += 1
                        if src.startswith("r", end + 1):
                            end += 1
                            after = self.require(end, _EXPORT_STAR)
                            if after >= 0:
                                end = after
            # The event's last position is the lexer's lastTokenPos (even on white space).
            last_token = consumed = end
            pos = end + 1

        if template_depth != -1:
            self._fail("Unterminated template.", n)
        if depth:
            self._fail("Unterminated braces.", n)
        unsafe = self.unsafe
        return CjsAnalysis(
            tuple(name for name in self.exports if name not in unsafe),
            tuple(self.reexports),
            tuple(self.requires),
        )

    @staticmethod
    def _grow(openers: list[int | None], classes: list[bool], depth: int) -> None:
        while depth >= len(openers):
            openers.extend([None] * len(openers))
            classes.extend([False] * len(classes))

    def _regex_follows(
        self, before: int, opener: int | None, was_class: bool, slash_was_division: bool
    ) -> bool:
        """Whether a `/` after the token ending at `before` starts a regular expression."""
        src = self.src
        if before < 0:
            return True
        ch = src[before]
        if ch in _EXPR_PUNCT and not (
            before >= 1
            and (
                (ch == "." and "0" <= src[before - 1] <= "9")
                or ((ch == "+" or ch == "-") and src[before - 1] == ch)
            )
        ):
            return True
        if ch == ")" and _paren_keyword(src, opener):
            return True
        if ch == "}" and (_expression_terminator(src, opener) or was_class):
            return True
        if ch == "/" and slash_was_division:
            return True
        return _expression_keyword(src, before) or ch == "\x00"

    # ---------------------------------------------------------------------------- errors

    def _fail(self, reason: str, offset: int) -> NoReturn:
        offset = min(offset, self.n)
        raise CjsLexError(reason, self.src.count("\n", 0, offset) + 1, offset)

    def _string_error(self, start: int) -> NoReturn:
        src = self.src
        quote = src[start]
        i = start + 1
        while i < self.n:
            ch = src[i]
            if ch == quote:  # unreachable: the pattern would have matched
                break
            if ch == "\\":
                i += 1
                if src[i : i + 2] == "\r\n":
                    i += 1
            elif ch == "\n" or ch == "\r":
                break
            i += 1
        self._fail("Unterminated string.", i)

    def _regex_error(self, start: int) -> NoReturn:
        src = self.src
        i = start + 1
        while i < self.n:
            ch = src[i]
            if ch == "[":
                i += 1
                while i < self.n:
                    ch = src[i]
                    if ch == "]":
                        break
                    if ch == "\\":
                        i += 1
                    elif ch == "\n" or ch == "\r":
                        self._fail("Syntax error reading regular expression class.", i)
                    i += 1
                else:
                    self._fail("Syntax error reading regular expression class.", i)
            elif ch == "\\":
                i += 1
            elif ch == "\n" or ch == "\r":
                break
            i += 1
        self._fail("Syntax error reading regular expression.", i)

    # --------------------------------------------------------------------- small pieces

    def string_end(self, pos: int) -> int:
        """The offset of the closing quote of the literal at `pos`; raises if unterminated."""
        assert _P is not None
        literal = (_P.sq if self.src[pos] == "'" else _P.dq).match(self.src, pos)
        if literal is None:
            self._string_error(pos)
        return literal.end() - 1

    def ident(self, pos: int) -> int:
        """The end of the identifier starting at `pos`, or -1 (no `\\` escapes, as the lexer)."""
        assert _P is not None
        found = _P.ident.match(self.src, pos)
        if found is None:
            return -1
        end = found.end()
        text = found.group()
        if text.isascii():
            return end
        if not _id_start(text[0]):
            return -1
        for offset in range(1, len(text)):
            if not _id_char(text[offset]):
                return pos + offset
        return end

    def add_export(self, raw: str) -> None:
        name = _decode(raw)
        if name is not None:
            self.exports[name] = None

    def exports_ref(self, pos: int) -> int:
        """After `exports` or `module.exports` at `pos`, or -1."""
        src = self.src
        if src.startswith("module", pos):
            dot = self.ws(pos + 6)
            if not src.startswith(".", dot):
                return -1
            pos = self.ws(dot + 1)
        return pos + 7 if src.startswith("exports", pos) else -1

    # ------------------------------------------------------------------------- require

    def require(self, pos: int, kind: int) -> int:
        """`require('x')` from `pos` (only `equire` is checked after it): the offset of `)`."""
        src = self.src
        if not src.startswith("equire", pos + 1):
            return -1
        paren = self.ws(pos + 7)
        if not src.startswith("(", paren):
            return -1
        quote = self.ws(paren + 1)
        if not (src.startswith("'", quote) or src.startswith('"', quote)):
            return -1
        close = self.string_end(quote)
        end = self.ws(close + 1)
        if not src.startswith(")", end):
            return -1
        specifier = _decode(src[quote : close + 1])
        if kind == _IMPORT:
            self.last_star = specifier
        elif specifier is not None:
            self.reexports[specifier] = None
        if specifier is not None and src[pos] == "r" and self._require_name(pos):
            self.requires[specifier] = None
        return end

    def _require_name(self, pos: int) -> bool:
        """`require` at `pos` is a name of its own, not part of another or a member."""
        if pos == 0:
            return True
        ch = self.src[pos - 1]
        if ch == ".":
            return self.src.startswith("...", pos - 3)  # a spread, not a member
        return not (ch in _NOT_BEFORE_REQUIRE or _id_char(ch))

    def own_require(self, pos: int) -> None:
        """Record `require('x')`, `require("x")` or require(`x`) at `pos` (ours, not the
        lexer's: any depth, and template literals without substitutions)."""
        src = self.src
        if not self._require_name(pos):
            return
        paren = self.ws(pos + 7)
        if not src.startswith("(", paren):
            return
        quote = self.ws(paren + 1)
        ch = src[quote : quote + 1]
        if ch == "`":
            close = src.find("`", quote + 1)
            body = src[quote + 1 : close]
            if close < 0 or "${" in body or body.endswith("\\"):
                return  # a substitution, or an escaped backtick: not a plain string
            if "\\" in body:
                cooked = _unescape(src[quote : close + 1])
                if cooked is None:
                    return
            else:
                cooked = body.replace("\r\n", "\n").replace("\r", "\n")
            specifier = _well_formed(cooked)
        elif ch == "'" or ch == '"':
            assert _P is not None
            literal = (_P.sq if ch == "'" else _P.dq).match(src, quote)
            if literal is None:
                return
            close = literal.end() - 1
            specifier = _decode(src[quote : close + 1])
        else:
            return
        if specifier is not None and src.startswith(")", self.ws(close + 1)):
            self.requires[specifier] = None

    def bind_star(self, pos: int) -> None:
        """After a top-level `require('x')`: remember `var|let|const NAME = ` before it, so
        a later Babel `Object.keys(NAME).forEach(...)` re-exports 'x'."""
        src = self.src
        while pos >= 0 and src[pos] == " ":
            pos -= 1
        if pos < 0 or src[pos] != "=":
            return
        pos -= 1
        while pos >= 0 and src[pos] == " ":
            pos -= 1
        name_end = pos
        starts = False
        while pos >= 0:
            ch = src[pos]
            if ch == "\x00":
                break
            if ch == "\\":
                return
            if not _id_char(ch):
                break
            starts = _id_start(ch)
            pos -= 1
        if not starts or pos < 0 or src[pos] != " ":
            return
        name = src[pos + 1 : name_end + 1]
        while pos >= 0 and src[pos] == " ":
            pos -= 1
        if pos < 0:
            return
        ch = src[pos]
        if ch == "r":
            if not (pos >= 2 and src.startswith("va", pos - 2)):
                return
        elif ch == "t":
            if not (
                (pos >= 2 and src.startswith("le", pos - 2))
                or (pos >= 4 and src.startswith("cons", pos - 4))
            ):
                return
        else:
            return
        self.star_map[name] = self.last_star

    # ------------------------------------------------------------------ exports.x = ...

    def module_assign(self, pos: int) -> int:
        """`module` at `pos`: `module.exports...`."""
        src = self.src
        revert = pos + 5
        dot = self.ws(pos + 6)
        if src.startswith(".", dot):
            name = self.ws(dot + 1)
            if src.startswith("exports", name):
                return self.exports_assign(name, True)
        return revert

    def exports_assign(self, pos: int, is_module: bool) -> int:
        """`exports` at `pos`: `.name =`, `['name'] =`, or (after `module.`) `= ...`."""
        src = self.src
        ws = self.ws
        revert = pos + 6
        at = ws(pos + 7)
        ch = src[at : at + 1]
        if ch == ".":
            name = ws(at + 1)
            name_end = self.ident(name)
            if name_end >= 0:
                equals = ws(name_end)
                if src.startswith("=", equals):
                    self.add_export(src[name:name_end])
                    return equals
        elif ch == "[":
            quote = ws(at + 1)
            if src.startswith("'", quote) or src.startswith('"', quote):
                close = self.string_end(quote)
                bracket = ws(close + 1)
                if src.startswith("]", bracket) and src.startswith("=", ws(bracket + 1)):
                    self.add_export(src[quote : close + 1])
            # Found or not, the lexer resumes right after `exports`.
        elif ch == "=" and is_module:
            self.reexports.clear()  # only the last `module.exports =` re-exports
            value = ws(at + 1)
            if src.startswith("{", value):
                return self.object_literal(value)
            if src.startswith("r", value):
                self.require(value, _EXPORT_ASSIGN)
        return revert

    def object_literal(self, pos: int) -> int:
        """`module.exports = {` at `pos`: identifier, `name: ident`, `'name': ident` and
        `...ident`/`...require('x')` entries, up to the first anything else."""
        src = self.src
        ws = self.ws
        n = self.n
        revert = pos - 1
        while pos < n - 1:
            pos = ws(pos + 1)
            ch = src[pos : pos + 1]
            name_end = self.ident(pos)
            if name_end >= 0:
                after = ws(name_end)
                ch = src[after : after + 1]
                if ch == ":":
                    value = ws(after + 1)
                    after = self.ident(value)
                    if after < 0:
                        return revert
                    ch = src[after : after + 1]  # no white space skipped here
                self.add_export(src[pos:name_end])
                pos = after
            elif ch == "." and src.startswith("..", pos + 1):
                pos += 3
                close = self.require(pos, _EXPORT_ASSIGN) if src.startswith("r", pos) else -1
                if close >= 0:
                    pos = close + 1
                else:
                    pos = self.ident(pos)
                    if pos < 0:
                        return revert
                pos = ws(pos)
                ch = src[pos : pos + 1]
            elif ch == "'" or ch == '"':
                close = self.string_end(pos)
                after = ws(close + 1)
                ch = src[after : after + 1]
                if ch == ":":
                    value = ws(after + 1)
                    after = self.ident(value)
                    if after < 0:
                        return revert
                    ch = src[after : after + 1]
                    self.add_export(src[pos : close + 1])
                pos = after
            else:
                return revert
            if ch == "}":
                return pos
            if ch != ",":
                return revert
        return n  # ran off the end of the source: so does the lexer

    # ------------------------------------------------------------------- Object.xxx(...)

    def object_call(self, pos: int, top: bool) -> int:
        """`Object` at `pos`: `Object.defineProperty(exports, ...)`, or at the top level the
        Babel re-export loop `Object.keys(_x).forEach(function (key) { ... })`."""
        src = self.src
        revert = pos + 5
        dot = self.ws(pos + 6)
        if src.startswith(".", dot):
            name = self.ws(dot + 1)
            if src.startswith("defineProperty", name):
                return self.define_property(name)
            if top and src.startswith("keys", name):
                return self.keys_loop(name)
        return revert

    def define_property(self, pos: int) -> int:
        src = self.src
        ws = self.ws
        pos += 14
        revert = pos - 1
        name: str | None = None
        at = ws(pos)
        if src.startswith("(", at):
            target = self.exports_ref(ws(at + 1))
            if target >= 0:
                comma = ws(target)
                if src.startswith(",", comma):
                    quote = ws(comma + 1)
                    if src.startswith("'", quote) or src.startswith('"', quote):
                        close = self.string_end(quote)
                        name = src[quote : close + 1]
                        end = self.descriptor(ws(close + 1))
                        if end == _VALUE:
                            self.add_export(name)
                            return revert
                        if end >= 0:
                            self.add_export(name)
                            return end
        if name is not None:
            # Any other descriptor may have side effects: the name is never an export.
            self.unsafe.add(_decode(name))
        return revert

    def descriptor(self, pos: int) -> int:
        """`, { [enumerable: true,] value: ...` (_VALUE) or `, { [enumerable: true,] get...
        { return a[.b|['b']] } })` (the offset of the `)`), else -1."""
        src = self.src
        ws = self.ws
        pos = self.tokens(pos, ",", "{")
        if pos < 0:
            return -1
        if src.startswith("e", pos):
            if not src.startswith("numerable", pos + 1):
                return -1
            pos = ws(pos + 10)
            pos = self.tokens(pos, ":", "true", ",")
            if pos < 0:
                return -1
        if src.startswith("v", pos):
            if not src.startswith("alue", pos + 1):
                return -1
            return _VALUE if src.startswith(":", ws(pos + 5)) else -1
        if not src.startswith("get", pos):
            return -1
        pos = self.getter_head(pos + 3)
        if pos < 0 or not src.startswith("return", pos):
            return -1
        pos = ws(pos + 6)
        end = self.ident(pos)
        if end < 0:
            return -1
        pos = ws(end)
        if src.startswith(".", pos):
            end = self.ident(ws(pos + 1))
            if end < 0:
                return -1
            pos = ws(end)
        elif src.startswith("[", pos):
            quote = ws(pos + 1)
            if not (src.startswith("'", quote) or src.startswith('"', quote)):
                return -1
            pos = ws(self.string_end(quote) + 1)
            if not src.startswith("]", pos):
                return -1
            pos = ws(pos + 1)
        return self.getter_tail(pos)

    def getter_head(self, pos: int) -> int:
        """After `get`: `() {` or `: function [name]() {`; the offset after the `{`, or -1."""
        src = self.src
        ws = self.ws
        pos = ws(pos)
        if src.startswith(":", pos):
            pos = ws(pos + 1)
            if not src.startswith("function", pos):
                return -1
            pos += 8
            name = ws(pos)
            if not src.startswith("(", name):
                if name == pos:
                    return -1
                name = self.ident(name)
                if name < 0:
                    return -1
            pos = ws(name)
        pos = self.tokens(pos, "(", ")")
        if pos < 0:
            return -1
        if not src.startswith("{", pos):
            return -1
        return ws(pos + 1)

    def getter_tail(self, pos: int) -> int:
        """`[;] } [,] })` from `pos`: the offset of the `)`, or -1."""
        src = self.src
        ws = self.ws
        if src.startswith(";", pos):
            pos = ws(pos + 1)
        if not src.startswith("}", pos):
            return -1
        pos = ws(pos + 1)
        if src.startswith(",", pos):
            pos = ws(pos + 1)
        if not src.startswith("}", pos):
            return -1
        pos = ws(pos + 1)
        return pos if src.startswith(")", pos) else -1

    def has_own(self, pos: int, key: str) -> int:
        """`Object[.prototype].hasOwnProperty.call(obj, KEY)`: the offset after `)`, or -1."""
        src = self.src
        ws = self.ws
        pos = ws(pos)
        pos = self.tokens(pos, "Object", ".")
        if pos < 0:
            return -1
        if src.startswith("p", pos):
            pos = self.tokens(pos, "prototype", ".")
            if pos < 0:
                return -1
        pos = self.tokens(pos, "hasOwnProperty", ".", "call")
        if pos < 0:
            return -1
        if not src.startswith("(", pos):
            return -1
        end = self.ident(ws(pos + 1))
        if end < 0:
            return -1
        pos = ws(end)
        pos = self.tokens(pos, ",", key)
        if pos < 0:
            return -1
        return pos + 1 if src.startswith(")", pos) else -1

    def _return(self, pos: int) -> int:
        """`return [;]` at `pos`: the offset after it (and white space), or -1."""
        src = self.src
        if not src.startswith("return", pos):
            return -1
        pos = self.ws(pos + 6)
        if src.startswith(";", pos):
            pos += 1
        return self.ws(pos)

    def keys_loop(self, pos: int) -> int:
        """`keys` at `pos`, after `Object.`: Babel's `export *` loop over a required module."""
        src = self.src
        ws = self.ws
        pos += 4
        revert = pos - 1
        pos = ws(pos)
        if not src.startswith("(", pos):
            return revert
        start = ws(pos + 1)
        end = self.ident(start)
        if end < 0:
            return revert
        module = src[start:end]
        pos = ws(end)
        if not src.startswith(")", pos):
            return revert
        revert = pos
        pos = ws(pos + 1)
        if not src.startswith(".", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith("forEach", pos):
            return revert
        pos = ws(pos + 7)
        revert = pos - 1
        if not src.startswith("(", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith("function", pos):
            return revert
        pos = ws(pos + 8)
        if not src.startswith("(", pos):
            return revert
        start = ws(pos + 1)
        end = self.ident(start)
        if end < 0:
            return revert
        key = src[start:end]
        pos = ws(end)
        if not src.startswith(")", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith("{", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith("if", pos):
            return revert
        pos = ws(pos + 2)
        if not src.startswith("(", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith(key, pos):
            return revert
        pos = ws(pos + len(key))
        if src.startswith("=", pos):
            pos = self.keys_skip_guard(pos, key, module)
        elif src.startswith("!", pos):
            pos = self.keys_copy_guard(pos, key)
        else:
            return revert
        if pos < 0:
            return revert
        pos = self.keys_copy(pos, key, module)
        if pos < 0 or not src.startswith("}", pos):
            return revert
        pos = ws(pos + 1)
        if not src.startswith(")", pos):
            return revert
        specifier = self.star_map.get(module)
        if specifier:
            name = _decode(specifier)  # decoded a second time, as the lexer does
            if name is not None:
                self.reexports[name] = None
            return revert
        return pos

    def keys_skip_guard(self, pos: int, key: str, module: str) -> int:
        """`=== 'default' || KEY === '__esModule') return;` and optionally `if (Object
        .prototype.hasOwnProperty.call(x, KEY)) return;` and/or `if (KEY in exports && exports
        [KEY] === MODULE[KEY]) return;`: the offset after them, or -1."""
        src = self.src
        ws = self.ws
        if not src.startswith("==", pos + 1):
            return -1
        pos = self.quoted(ws(pos + 3), "default")
        if pos < 0 or not src.startswith("||", pos):
            return -1
        pos = ws(pos + 2)
        if not src.startswith(key, pos):
            return -1
        pos = ws(pos + len(key))
        if not src.startswith("===", pos):
            return -1
        pos = self.quoted(ws(pos + 3), "__esModule")
        if pos < 0 or not src.startswith(")", pos):
            return -1
        pos = self._return(ws(pos + 1))
        if pos < 0 or not src.startswith("if", pos):
            return pos
        pos = ws(pos + 2)
        if not src.startswith("(", pos):
            return -1
        pos += 1
        inner = pos
        after = self.has_own(pos, key)
        if after >= 0:
            pos = ws(after)
            if not src.startswith(")", pos):
                return -1
            pos = self._return(ws(pos + 1))
            if pos < 0:
                return -1
            if not src.startswith("if", pos):
                return pos
            pos = ws(pos + 2)
            if not src.startswith("(", pos):
                return -1
            pos += 1
        else:
            pos = inner
        # `KEY in exports && exports[KEY] === MODULE[KEY]) return;` (no space after `(`)
        if not src.startswith(key, pos):
            return -1
        pos = ws(pos + len(key))
        if not src.startswith("in ", pos):
            return -1
        pos = self.exports_ref(ws(pos + 3))
        if pos < 0:
            return -1
        pos = ws(pos)
        if not src.startswith("&&", pos):
            return -1
        pos = self.exports_ref(ws(pos + 2))
        if pos < 0:
            return -1
        pos = self.member(ws(pos), key)
        if pos < 0 or not src.startswith("===", pos):
            return -1
        pos = ws(pos + 3)
        if not src.startswith(module, pos):
            return -1
        pos = self.member(ws(pos + len(module)), key)
        if pos < 0 or not src.startswith(")", pos):
            return -1
        return self._return(ws(pos + 1))

    def keys_copy_guard(self, pos: int, key: str) -> int:
        """`!== 'default' [&& !Object.prototype.hasOwnProperty.call(x, KEY) | && !x
        .hasOwnProperty(KEY)])`: the offset after the `)`, or -1."""
        src = self.src
        ws = self.ws
        if not src.startswith("==", pos + 1):
            return -1
        pos = self.quoted(ws(pos + 3), "default")
        if pos < 0:
            return -1
        if src.startswith("&", pos):
            pos = self.tokens(pos, "&&", "!")
            if pos < 0:
                return -1
            if src.startswith("Object.", pos):
                pos = self.has_own(pos, key)
                if pos < 0:
                    return -1
            else:
                end = self.ident(pos)
                if end < 0:
                    return -1
                pos = ws(end)
                pos = self.tokens(pos, ".", "hasOwnProperty", "(", key)
                if pos < 0:
                    return -1
                if not src.startswith(")", pos):
                    return -1
                pos += 1
            pos = ws(pos)
        if not src.startswith(")", pos):
            return -1
        return ws(pos + 1)

    def keys_copy(self, pos: int, key: str, module: str) -> int:
        """`exports[KEY] = MODULE[KEY];` or `Object.defineProperty(exports, KEY, {
        enumerable: true, get: function () { return MODULE[KEY]; } });`: the offset after."""
        src = self.src
        ws = self.ws
        target = self.exports_ref(pos)
        if target >= 0:
            pos = self.member(ws(target), key)
            if pos < 0 or not src.startswith("=", pos):
                return -1
            pos = ws(pos + 1)
            if not src.startswith(module, pos):
                return -1
            pos = self.member(ws(pos + len(module)), key)
            if pos >= 0 and src.startswith(";", pos):
                pos = ws(pos + 1)
            return pos
        pos = self.tokens(pos, "Object", ".", "defineProperty")
        if pos < 0:
            return -1
        if not src.startswith("(", pos):
            return -1
        pos = self.exports_ref(ws(pos + 1))
        if pos < 0:
            return -1
        pos = ws(pos)
        pos = self.tokens(pos, ",", key, ",", "{", "enumerable", ":")
        if pos < 0:
            return -1
        # The lexer only rejects a value that neither starts with `t` nor has `rue` after
        # its first character, then skips four characters either way.
        if not (src.startswith("t", pos) or src.startswith("rue", pos + 1)):
            return -1
        pos = ws(pos + 4)
        if not src.startswith(",", pos):
            return -1
        pos = ws(pos + 1)
        if not src.startswith("get", pos):
            return -1
        pos = self.getter_head(pos + 3)
        if pos < 0 or not src.startswith("return", pos):
            return -1
        pos = ws(pos + 6)
        if not src.startswith(module, pos):
            return -1
        pos = self.member(ws(pos + len(module)), key)
        if pos < 0:
            return -1
        pos = self.getter_tail(pos)
        if pos < 0:
            return -1
        pos = ws(pos + 1)
        if src.startswith(";", pos):
            pos = ws(pos + 1)
        return pos

    def tokens(self, pos: int, *words: str) -> int:
        """`words` in order from `pos`, each followed by white space and comments: the
        offset after the last one's, or -1."""
        src, ws = self.src, self.ws
        for word in words:
            if not src.startswith(word, pos):
                return -1
            pos = ws(pos + len(word))
        return pos

    def member(self, pos: int, key: str) -> int:
        """`[KEY]` at `pos`: the offset after it and white space, or -1."""
        src = self.src
        pos = self.tokens(pos, "[", key)
        if pos < 0:
            return -1
        if not src.startswith("]", pos):
            return -1
        return self.ws(pos + 1)

    def quoted(self, pos: int, word: str) -> int:
        """`'word'` or `"word"` at `pos` (white space allowed before the closing quote): the
        offset after it and white space, or -1."""
        src = self.src
        quote = src[pos : pos + 1]
        if quote != "'" and quote != '"':
            return -1
        if not src.startswith(word, pos + 1):
            return -1
        pos = self.ws(pos + 1 + len(word))
        if not src.startswith(quote, pos):
            return -1
        return self.ws(pos + 1)
