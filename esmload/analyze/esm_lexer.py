"""What QuickJS's module bytecode does not keep, found with a token scanner instead of a parse.

The engine's bytecode gives the cold path a module's requests, imports, exports, star exports
and top-level await (analyze/bytecode.py). Four things are missing from it, and `scan()` finds
them in the source: where each static request's specifier string is (the line and column
errors point to), its import attributes, the string-literal `import()` specifiers, and whether
`import.meta` occurs.

Like es-module-lexer, this is a scanner, not a parser: it skips comments, strings, templates
and regular expressions (telling a regular expression from a division by the token before the
`/`), counts brackets, and reads the few forms that matter where their keyword appears. It
stops once it has found as many static requests as the engine did and passed the last
`import(`/`import.meta` candidate in the text, so a large module whose imports sit at its top
costs next to nothing. Its answer is checked by the caller: the static requests
must be exactly the ones the engine found, and an `import(`/`import.meta` occurrence that the
scan skipped as a string, template or regular expression makes it give up (ScanError), so a
wrong guess leads to the esprima analysis, not to a wrong record.
"""

from __future__ import annotations

from esmload.analyze.js_tokens import (
    _EXPR_PUNCT,
    _decode,
    _expression_keyword,
    _expression_terminator,
    _paren_keyword,
)

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from re import Match, Pattern

__all__ = ["ModuleScan", "ScanError", "scan"]


class ScanError(ValueError):
    """The scanner cannot be sure of its answer; analyze the module with a parser."""


class ModuleScan:
    __slots__ = ("requests", "dynamic_imports", "uses_import_meta")

    def __init__(self) -> None:
        # (specifier, attributes, offset of the specifier's opening quote), source order
        self.requests: list[tuple[str, dict[str, str], int]] = []
        self.dynamic_imports: list[str] = []
        self.uses_import_meta = False


_W = r"\w$\\\u200c\u200d"  # identifier characters (and `\`, which starts an escape)
_SQ = r"'[^'\\\n\r]*(?:\\(?:\r\n|[\s\S])[^'\\\n\r]*)*'"
_DQ = r'"[^"\\\n\r]*(?:\\(?:\r\n|[\s\S])[^"\\\n\r]*)*"'
_BLOCK = r"/\*(?:[^*]*\*+(?:[^/*][^*]*\*+)*/|[\s\S]*)"
_KEYWORDS = rf"i(?<![{_W}.]i)mport(?![{_W}])|e(?<![{_W}.]e)xport(?![{_W}])"
_WORD = frozenset("$_\\\u200c\u200d")  # besides letters and digits: part of a name
_NOT_BEFORE = _WORD | {"."}  # nor a letter or digit: part of a longer name, or a property


# The common declarations whole, in one match each (a barrel module is hundreds of them):
# ASCII names, strings without escapes, white space but no comments, and a specifier not
# followed by `with`, `assert` or a comment; anything else does not match and is read piece
# by piece. A name or keyword matches only where a name ends, so no statement matches as
# another one. (ASCII: Unicode classes would cost every process milliseconds to compile.)
_S = r"[ \t\n\r\v\f]*"
_END = r"(?![\w$\\]|[^\x00-\x7f])"  # where a name ends
_NAME = rf"[A-Za-z_$][\w$]*{_END}"
_PLAIN = r"""(?:'[^'\\\n\r]*'|"[^"\\\n\r]*")"""
_BINDING = rf"(?:{_NAME}|{_PLAIN})(?:{_S}as{_END}{_S}(?:{_NAME}|{_PLAIN}))?"
_LIST = rf"\{{{_S}(?:{_BINDING}{_S},{_S})*(?:{_BINDING}{_S})?\}}"
_NAMESPACE = rf"\*{_S}as{_END}{_S}{_NAME}"
_FROM = rf"{_S}from{_END}{_S}"
_SPECIFIER = rf"(?P<specifier>{_PLAIN})(?!{_S}[wa/])"  # (`/`: a comment may hide `with`)


class _Patterns:
    __slots__ = (
        "events",
        "ws",
        "template",
        "ident",
        "string",
        "regex",
        "list_rest",
        "import_decl",
        "export_from",
        "next_decl",
    )

    def __init__(self) -> None:
        import re

        # Each alternative starts with a literal character, so `re` skips ahead by the
        # pattern's first-character set (keyword boundaries are look-behinds for that reason).
        self.events: Pattern[str] = re.compile(
            rf"[(){{}}`]|{_SQ}|{_DQ}|['\"]|//[^\n\r\u2028\u2029]*|{_BLOCK}|/|{_KEYWORDS}"
        )
        self.ws: Pattern[str] = re.compile(
            r"(?:[\s\ufeff]+|//[^\n\r\u2028\u2029]*|/\*(?:[^*]*\*+(?:[^/*][^*]*\*+)*/))*"
        )
        self.template: Pattern[str] = re.compile(
            r"[^`\\$]*(?:(?:\\[\s\S]|\$(?!\{))[^`\\$]*)*(?:`|\$\{)"
        )
        self.ident: Pattern[str] = re.compile(rf"[^\W\d][{_W}]*|\$[{_W}]*")
        self.string: dict[str, Pattern[str]] = {"'": re.compile(_SQ), '"': re.compile(_DQ)}
        self.regex: Pattern[str] = re.compile(
            r"/[^/\\\[\n\r]*(?:(?:\\[\s\S]|\[[^\]\\\n\r]*(?:\\[\s\S][^\]\\\n\r]*)*\])"
            r"[^/\\\[\n\r]*)*/"
        )
        self.list_rest: Pattern[str] | None = None  # (rest_of_list)
        self.import_decl: Pattern[str] | None = None  # (compile_whole)
        self.export_from: Pattern[str] | None = None
        self.next_decl: Pattern[str] | None = None

    def rest_of_list(self) -> Pattern[str]:
        """The rest of a `{ … }` list of plain names (ASCII, white space, `as`) up to and
        with its `}` (compiled on first use: only long lists need it)."""
        if self.list_rest is None:
            import re

            item = rf"{_NAME}(?:{_S}as{_END}{_S}{_NAME})?"
            self.list_rest = re.compile(rf"(?:{item}{_S},{_S})*(?:{item}{_S})?\}}", re.ASCII)
        return self.list_rest

    def compile_whole(self) -> None:
        """Compile the patterns of whole declarations (`scan` does once a module has many
        requests; a process with many modules to scan should do at once)."""
        if self.import_decl is not None:
            return
        import re

        # What follows `import` and white space, or `export` and white space.
        clause = rf"(?:{_NAME}(?:{_S},{_S}(?:{_LIST}|{_NAMESPACE}))?|{_LIST}|{_NAMESPACE})"
        star = rf"\*(?:{_S}as{_END}{_S}(?:{_NAME}|{_PLAIN}))?"
        self.export_from = re.compile(rf"(?:{_LIST}|{star}){_FROM}{_SPECIFIER}", re.ASCII)
        self.import_decl = re.compile(rf"(?:{clause}{_FROM})?{_SPECIFIER}", re.ASCII)
        # The next declaration right after one (white space and a `;` between, no comment).
        self.next_decl = re.compile(
            rf"{_S};?{_S}(?:import{_END}{_S}(?:{clause}{_FROM})?|"
            rf"export{_S}(?:{_LIST}|{star}){_FROM}){_SPECIFIER}",
            re.ASCII,
        )


_PATTERNS: _Patterns | None = None

_STATEMENT = -2  # a "token before" that starts a statement: a `/` after it is a regex


#: Names in one `{ … }` list after which the rest is read by one pattern.
_LONG_LIST = 16
#: Requests in one module that pay for compiling the whole-declaration patterns.
_WHOLE_WORTH = 16
#: Requests in one module that esm_head.py reads, when they sit at its head (more are read
#: faster by the whole-declaration patterns).
_HEAD_MOST = 15
#: Past that, requests esm_head.py reads in this process before the whole-declaration
#: patterns pay for their compile: it takes ~3 us a request, the patterns ~1 us once they
#: are compiled, and compiling them ~4 ms. A barrel module (date-fns' 245 `export * from`)
#: thus costs a record writer ~1 ms, not ~5; a wide graph's root, thousands, gets them.
_head_budget = 1500


def _head_first(requests: int) -> bool:
    """Whether esm_head.py should try a module with `requests` requests (and no `import(`
    or `import.meta` candidate) before the scanner does."""
    global _head_budget
    if requests <= _HEAD_MOST:
        return _PATTERNS is None  # (the scanner reads a few faster, once it is compiled)
    if requests > _head_budget or (_PATTERNS is not None and _PATTERNS.import_decl is not None):
        return False
    _head_budget -= requests
    return True


def scan(source: str, requests: int) -> ModuleScan:
    """The scan of a module in which the engine found `requests` distinct static requests."""
    candidates = _candidates(source)
    if not candidates and not requests:
        return ModuleScan()  # nothing to find (and no patterns to compile for it)
    if not candidates and _head_first(requests):
        # At the module's head, requests take no patterns to read.
        from esmload.analyze.esm_head import head_requests

        head = head_requests(source, requests)
        if head is not None:
            result = ModuleScan()
            result.requests = head
            return result
    found = patterns()
    if requests >= _WHOLE_WORTH:
        found.compile_whole()
    return _Scanner(source, found).run(requests, candidates)


def _candidates(src: str) -> list[int]:
    """Offsets of `import(` and `import.meta` candidates, in and out of code alike: the
    scan must reach each of them. (Found with `str.find`: a regular expression is several
    times slower on a big file.)"""
    found = []
    end = len(src)
    i = src.find("import")
    while i >= 0:
        after = i + 6
        if not (i and (src[i - 1] in _NOT_BEFORE or src[i - 1].isalnum())) and not _word_at(
            src, after
        ):
            while after < end and (src[after].isspace() or src[after] == "\ufeff"):
                after += 1
            if src[after : after + 1] in ("(", ".", "/"):  # `/`: a comment may hide one
                found.append(i)
        i = src.find("import", i + 6)
    return found


def patterns() -> _Patterns:
    """The compiled patterns (compiled on first use: `re` and the compiles cost milliseconds)."""
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _Patterns()
    return _PATTERNS


class _Scanner:
    __slots__ = ("src", "p", "result", "seen", "comments", "keys")

    def __init__(self, source: str, patterns: _Patterns) -> None:
        self.src = source
        self.p = patterns
        self.result = ModuleScan()
        self.seen: set[int] = set()  # `import` keywords read as code (or as a property)
        self.comments: list[tuple[int, int]] = []  # comments that mention `import`
        self.keys: set[tuple[str, tuple[tuple[str, str], ...]]] = set()  # distinct requests

    def ws(self, pos: int) -> int:
        return self.p.ws.match(self.src, pos).end()  # type: ignore[union-attr]

    def run(self, requests: int, candidates: list[int]) -> ModuleScan:
        """Scan until the module's `requests` distinct static requests are found and every
        `import(` / `import.meta` candidate (`_candidates`) was reached."""
        self._loop(candidates[-1] if candidates else -1, requests)
        # Every `import(` / `import.meta` in the text must have been read as code or lie in a
        # comment; one inside what the scan took for a string, template or regular
        # expression means the scan may have lost its way.
        for start in candidates:
            if start not in self.seen and not any(a <= start < b for a, b in self.comments):
                raise ScanError(f"unsure of the `import` at offset {start}")
        return self.result

    def _loop(self, limit: int, requests: int) -> None:
        src = self.src
        search = self.p.events.search
        template_match = self.p.template.match
        depth = 0
        openers: list[int] = []  # per open bracket: the token before it
        braces: list[bool] = []  # per open bracket: whether `{` opened a block
        template_depths: list[int] = []  # depths at which a `${` closes
        last = _STATEMENT  # the offset of the previous token's last character
        floor = -1  # everything up to here was read (a comment's end, or `last`)
        pos = 0
        if src.startswith("#!"):
            newline = src.find("\n")
            pos = newline if newline >= 0 else len(src)
        while True:
            match = search(src, pos)
            if match is None or (match.start() > limit and len(self.keys) >= requests):
                break
            start = match.start()
            end = match.end()
            ch = src[start]
            if ch == "/" and end - start > 1:  # a comment: the token before it stays `last`
                if src.find("import", start, end) >= 0:
                    self.comments.append((start, end))
                last = self._token_before(start, last, floor)
                floor = end - 1
                pos = end
                continue
            before = self._token_before(start, last, floor)
            if ch == "(" or ch == "{":
                openers.append(before)
                braces.append(ch == "{" and self._block_brace(before))
                depth += 1
            elif ch == ")" or ch == "}":
                if not depth:
                    raise ScanError("unbalanced brackets")
                depth -= 1
                opener = openers.pop()
                block = braces.pop()
                if ch == "}" and template_depths and template_depths[-1] == depth + 1:
                    template_depths.pop()
                    ch = "`"  # the end of a substitution: the template's text goes on
                elif (ch == ")" and _paren_keyword(src, opener if opener >= 0 else None)) or (
                    ch == "}" and block
                ):
                    last, floor = _STATEMENT, start
                    pos = end
                    continue
            elif ch == "'" or ch == '"':
                if end - start == 1:
                    raise ScanError("unterminated string")
            elif ch == "/":
                if self._regex_follows(before):
                    literal = self.p.regex.match(src, start)
                    if literal is None:
                        raise ScanError("unterminated regular expression")
                    end = literal.end()
                    flags = self.p.ident.match(src, end)
                    if flags is not None:
                        end = flags.end()
            elif ch == "i":
                pos, last = self._import(start, before, depth)
                floor = pos - 1
                continue
            elif ch == "e" and depth == 0:  # `export` at the top level
                pos, last = self._export(start)
                floor = pos - 1
                continue
            if ch == "`":  # a template's text, up to its end or its next substitution
                rest = template_match(src, end)
                if rest is None:
                    raise ScanError("unterminated template")
                end = rest.end()
                if src[end - 1] == "{":
                    openers.append(_STATEMENT)
                    braces.append(False)
                    depth += 1
                    template_depths.append(depth)
            last = floor = end - 1
            pos = end
        if depth and match is None:
            raise ScanError("unbalanced brackets")

    def _token_before(self, start: int, last: int, floor: int) -> int:
        """The offset of the last character of the token before `start` (or _STATEMENT):
        one the scan did not read as an event (an identifier, a number, `+`, ...) if there is
        one after `floor`, else `last`."""
        src = self.src
        i = start - 1
        while i > floor and src[i] in " \t\n\r\v\f\ufeff\xa0\u2028\u2029":
            i -= 1
        return i if i > floor else last

    def _block_brace(self, before: int) -> bool:
        """Whether a `{` after the token ending at `before` opens a block (or a class or
        function body), after whose `}` a `/` starts a regular expression."""
        if before < 0:
            return True
        src = self.src
        if src[before] in "){};":
            return True  # a function, `if`, `for`, ... body; a block after a statement
        return _expression_terminator(src, before) or any(
            _keyword_ends(src, before, word) for word in ("else", "try", "do", "finally")
        )

    def _regex_follows(self, before: int) -> bool:
        if before < 0:
            return True
        src = self.src
        ch = src[before]
        if ch in _EXPR_PUNCT:
            # not after `1.` (a number) or `x++` / `x--`
            return before < 1 or not (
                (ch == "." and "0" <= src[before - 1] <= "9")
                or ((ch == "+" or ch == "-") and src[before - 1] == ch)
            )
        return _expression_keyword(src, before) or _keyword_ends(src, before, "default")

    # ------------------------------------------------------------------------- the forms

    def _import(self, start: int, before: int, depth: int) -> tuple[int, int]:
        """An `import` keyword: `import(`, `import.meta`, or at the top level a declaration.
        Returns where to go on and the offset of the last token read."""
        src = self.src
        if before >= 0 and src[before] == "." and not src.startswith("...", before - 2):
            self.seen.add(start)
            return start + 6, start + 5  # `x.import`: a property
        after = self.ws(start + 6)
        next_char = src[after : after + 1]
        if next_char == "(":
            self.seen.add(start)
            self._dynamic(after + 1)
            return after, start + 5  # the `(` is the next event
        if next_char == ".":
            self.seen.add(start)
            meta = self.ws(after + 1)
            if src.startswith("meta", meta):
                self.result.uses_import_meta = True
            return after + 1, after
        if depth:
            return start + 6, start + 5  # a property name or a method
        self.seen.add(start)
        whole = self.p.import_decl
        if whole is not None and (found := whole.match(src, after)) is not None:
            return self._plain_request(found), _STATEMENT
        pos = after
        if next_char not in ("'", '"'):
            pos = self._import_clause(pos)
            pos = self._keyword(pos, "from")
        return self._request(pos)

    def _dynamic(self, pos: int) -> None:
        """`import(` at `pos`'s left: record a string-literal specifier."""
        src = self.src
        pos = self.ws(pos)
        quote = src[pos : pos + 1]
        if quote in ("'", '"'):
            literal = self.p.string[quote].match(src, pos)
            if literal is None:
                raise ScanError("unterminated string")
            value = _decode(literal.group())
            end = literal.end()
        elif quote == "`":
            rest = self.p.template.match(src, pos + 1)
            if rest is None or src[rest.end() - 1] != "`":
                return
            raw = src[pos + 1 : rest.end() - 1]
            if "\\" in raw:
                raise ScanError("escape in a template specifier")
            value, end = raw, rest.end()
        else:
            return
        after = self.ws(end)
        if value is not None and src[after : after + 1] in (")", ","):
            self.result.dynamic_imports.append(value)

    def _import_clause(self, pos: int) -> int:
        """Past `x`, `x, {…}`, `x, * as y`, `{…}` or `* as y`; returns where `from` is."""
        src = self.src
        if src[pos : pos + 1] not in ("{", "*"):
            pos = self._identifier(pos)
            if src[pos : pos + 1] != ",":
                return pos
            pos = self.ws(pos + 1)
        if src[pos : pos + 1] == "*":
            pos = self._keyword(self.ws(pos + 1), "as")
            return self._identifier(pos)
        return self._braces(pos)

    def _export(self, start: int) -> tuple[int, int]:
        src = self.src
        pos = self.ws(start + 6)
        ch = src[pos : pos + 1]
        whole = self.p.export_from
        if whole is not None and (ch == "{" or ch == "*"):
            found = whole.match(src, pos)
            if found is not None:
                return self._plain_request(found), _STATEMENT
        if ch == "*":
            pos = self.ws(pos + 1)
            if src.startswith("as", pos) and not self._word_char(pos + 2):
                pos = self.ws(pos + 2)
                pos = self._string_or_identifier(pos)
            return self._request(self._keyword(pos, "from"))
        if ch == "{":
            pos = self._braces(pos)
            if src.startswith("from", pos) and not self._word_char(pos + 4):
                return self._request(self._keyword(pos, "from"))
            return pos, _STATEMENT
        if src.startswith("default", pos) and not self._word_char(pos + 7):
            return pos + 7, _STATEMENT  # what follows is an expression or declaration
        return pos, _STATEMENT  # a declaration

    def _request(self, pos: int) -> tuple[int, int]:
        """The specifier string at `pos` and its optional `with { … }`."""
        src = self.src
        quote = src[pos : pos + 1]
        if quote not in ("'", '"'):
            raise ScanError("module specifier expected")
        literal = self.p.string[quote].match(src, pos)
        value = _decode(literal.group()) if literal is not None else None
        if literal is None or value is None:
            raise ScanError("unreadable module specifier")
        end = literal.end()
        attributes: dict[str, str] = {}
        after = self.ws(end)
        for word in ("with", "assert"):
            if src.startswith(word, after) and not self._word_char(after + len(word)):
                if word == "assert" and self._newline_between(end, after):
                    break
                end = self._attributes(self.ws(after + len(word)), attributes)
                break
        self.result.requests.append((value, attributes, pos))
        self.keys.add((value, tuple(sorted(attributes.items()))))
        return end, _STATEMENT

    def _plain_request(self, whole: Match[str]) -> int:
        """The request of a declaration matched whole (no escapes, no attributes), and of
        each one matched whole right after it, in one loop (a barrel module is thousands of
        them); returns the offset after the last specifier."""
        src = self.src
        requests = self.result.requests
        keys = self.keys
        following = self.p.next_decl
        found: Match[str] | None = whole
        end = 0
        while found is not None:
            pos, end = found.span("specifier")
            value = src[pos + 1 : end - 1]
            requests.append((value, {}, pos))
            keys.add((value, ()))
            found = following.match(src, end) if following is not None else None
        return end

    def _attributes(self, pos: int, into: dict[str, str]) -> int:
        src = self.src
        if src[pos : pos + 1] != "{":
            raise ScanError("import attributes expected")
        pos = self.ws(pos + 1)
        while src[pos : pos + 1] != "}":
            key = self._name(pos)
            pos = self._string_or_identifier(pos)
            if src[pos : pos + 1] != ":":
                raise ScanError("import attribute expected")
            pos = self.ws(pos + 1)
            value_start = pos
            pos = self._string_or_identifier(pos)
            if src[value_start] not in ("'", '"'):
                raise ScanError("import attribute value must be a string")
            value = self._name(value_start)
            if key is None or value is None:
                raise ScanError("unreadable import attribute")
            into.setdefault(key, value)
            if src[pos : pos + 1] == ",":
                pos = self.ws(pos + 1)
        return pos + 1

    # --------------------------------------------------------------------------- pieces

    def _name(self, pos: int) -> str | None:
        """The identifier or the (decoded) string literal at `pos`."""
        src = self.src
        quote = src[pos : pos + 1]
        if quote in ("'", '"'):
            literal = self.p.string[quote].match(src, pos)
            return _decode(literal.group()) if literal is not None else None
        found = self.p.ident.match(src, pos)
        return found.group() if found is not None else None

    def _string_or_identifier(self, pos: int) -> int:
        src = self.src
        quote = src[pos : pos + 1]
        if quote in ("'", '"'):
            literal = self.p.string[quote].match(src, pos)
            if literal is None:
                raise ScanError("unterminated string")
            return self.ws(literal.end())
        return self._identifier(pos)

    def _identifier(self, pos: int) -> int:
        found = self.p.ident.match(self.src, pos)
        if found is None or "\\" in found.group():
            raise ScanError("identifier expected")
        return self.ws(found.end())

    def _keyword(self, pos: int, word: str) -> int:
        if not self.src.startswith(word, pos) or self._word_char(pos + len(word)):
            raise ScanError(f"`{word}` expected")
        return self.ws(pos + len(word))

    def _braces(self, pos: int) -> int:
        """Past `{ a, b as c, "d" as e }`; returns the position after it (and white space)."""
        src = self.src
        if src[pos : pos + 1] != "{":
            raise ScanError("`{` expected")
        pos = self.ws(pos + 1)
        items = 0
        while src[pos : pos + 1] != "}":
            items += 1
            if items == _LONG_LIST:  # the rest in one match, if it is plain names
                rest = self.p.rest_of_list().match(src, pos)
                if rest is not None:
                    return self.ws(rest.end())
            pos = self._string_or_identifier(pos)
            if src.startswith("as", pos) and not self._word_char(pos + 2):
                pos = self._string_or_identifier(self.ws(pos + 2))
            if src[pos : pos + 1] == ",":
                pos = self.ws(pos + 1)
            elif src[pos : pos + 1] != "}":
                raise ScanError("`}` expected")
        return self.ws(pos + 1)

    def _word_char(self, pos: int) -> bool:
        return _word_at(self.src, pos)

    def _newline_between(self, start: int, end: int) -> bool:
        text = self.src[start:end]
        return any(c in text for c in "\n\r\u2028\u2029")


def _word_at(src: str, pos: int) -> bool:
    """Whether a name character is at `pos` (`import` there would be part of a name)."""
    ch = src[pos : pos + 1]
    return bool(ch) and (ch.isalnum() or ch in _WORD)


def _keyword_ends(src: str, pos: int, word: str) -> bool:
    """`word` ends at `pos` as a whole word."""
    start = pos - len(word) + 1
    if start < 0 or not src.startswith(word, start):
        return False
    prev = src[start - 1] if start else ""
    return not (prev.isalnum() or prev in "$_.\\")
