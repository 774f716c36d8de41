"""Node's resolution: specifier + importing file → the module's real path.

`import`: the algorithm of https://nodejs.org/api/esm.html#resolution-algorithm-specification
with Node's conditions (`node`, `import`, `default`), plus the extension and directory probing
bundlers do for relative specifiers, `main`, and subpaths of packages without `exports` — many
published ESM builds rely on it. `require()`: Node's CommonJS algorithm (require.py), with
`node`, `require`, `default`.
"""

from __future__ import annotations

from esmload.errors import ResolveError
from esmload.resolve.resolver import Resolver, resolve
from esmload.resolve.urls import path_to_url, url_to_path

__all__ = ["ResolveError", "Resolver", "path_to_url", "resolve", "url_to_path"]
