"""Import any file as a string: `import css from './style.css' with { type: 'text' }`.

Not needed for plain text any more: esmload implements `type: 'text'` (and `type: 'bytes'`)
itself, as TC39's import-text and import-bytes proposals specify them. This hook stays as an
example of a hook that declares an import attribute type: a hook's `attribute_types` take
precedence over the built-in types, so with this hook loaded, every `type: 'text'` import is
served here.

What it does differently from the built-in type: the text becomes a generated JavaScript
module (`export default "..."`) that goes through the code cache like any other; the file must
be valid UTF-8 (a leading BOM is kept as U+FEFF, where the built-in type drops it and replaces
invalid bytes with U+FFFD, as browsers do); and a `.json` file cannot be imported as text
through it (Node's ERR_IMPORT_ATTRIBUTE_MISSING: it resolves the file without attributes).

The module's default export is the file's text (UTF-8). Usage: `esmload --hook text main.mjs`
or `Runtime(hooks=[esmload.hooks.text.hook])`.
"""

from __future__ import annotations

import json

from esmload.link.loader_hooks import LoadContext, LoadResult, NextLoad, NextResolve, ResolveContext

PREFIX = "text:"


class TextHook:
    name = "text"
    cache_key = "1"
    attribute_types = {"text"}

    def resolve(self, specifier: str, context: ResolveContext, next_resolve: NextResolve) -> str:
        if context.attributes.get("type") != "text":
            return next_resolve(specifier, context)
        # Resolve like any file, without the JSON/JS attribute checks, under a name of its own
        # so the same file can also be imported as JavaScript.
        plain = ResolveContext(context.referrer, {})
        return PREFIX + next_resolve(specifier, plain)

    def load(self, name: str, context: LoadContext, next_load: NextLoad) -> LoadResult:
        if not name.startswith(PREFIX):
            return next_load(name, context)
        path = name[len(PREFIX) :]
        context.check_read(path)  # a sandboxed program reads only what it may
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return LoadResult("module", f"export default {json.dumps(text)};\n")


hook = TextHook()
