"""Node's ESM resolution on real trees on disk, cross-checked with node where it agrees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import write_tree
from esmload.resolve import ResolveError, Resolver, path_to_url, url_to_path

NODE = shutil.which("node")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "app/package.json": json.dumps(
                {
                    "name": "app",
                    "type": "module",
                    "imports": {
                        "#util": "./src/util.js",
                        "#feat/*": "./src/features/*.js",
                        "#dep": "dep",
                    },
                    "exports": {".": "./main.js", "./sub": "./src/sub.js"},
                }
            ),
            "app/main.js": "",
            "app/src/util.js": "",
            "app/src/sub.js": "",
            "app/src/features/a.js": "",
            "app/src/dir/index.js": "",
            "app/src/noext.js": "",
            "app/src/only.mjs": "",
            "app/node_modules/dep/package.json": json.dumps(
                {
                    "name": "dep",
                    "exports": {
                        ".": {
                            "import": {"module": "./esm/index.js", "default": "./esm/other.js"},
                            "require": "./cjs.js",
                        },
                        "./feature/*": "./lib/*.js",
                        "./feature/private/*": None,
                        "./feature/deep/*.js": "./lib/deep/*.js",
                        "./pkg.json": "./package.json",
                        "./arr": ["not-relative.js", "./esm/index.js"],
                    },
                }
            ),
            "app/node_modules/dep/esm/index.js": "",
            "app/node_modules/dep/esm/other.js": "",
            "app/node_modules/dep/lib/one.js": "",
            "app/node_modules/dep/lib/deep/two.js": "",
            "app/node_modules/dep/lib/private/x.js": "",
            "app/node_modules/@scope/pkg/package.json": json.dumps(
                {"name": "@scope/pkg", "main": "./lib/entry"}
            ),
            "app/node_modules/@scope/pkg/lib/entry.js": "",
            "app/node_modules/@scope/pkg/lib/extra.js": "",
            "app/node_modules/noexports/index.js": "",
            "app/node_modules/noexports/lib/x.js": "",
            "app/node_modules/bad/package.json": "{ not json",
            "app/node_modules/cond/package.json": json.dumps(
                {"exports": {"node": "./node.js", "default": "./default.js"}}
            ),
            "app/node_modules/cond/node.js": "",
            "app/node_modules/cond/default.js": "",
            "app/node_modules/escape/package.json": json.dumps(
                {"exports": {".": "../app/main.js"}}
            ),
        },
    )
    return tmp_path / "app"


def resolve(tree: Path, specifier: str, referrer: str = "main.js") -> str:
    result = Resolver().resolve(specifier, str(tree / referrer))
    return os.path.relpath(result, tree)


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [
        ("./src/util.js", "src/util.js"),
        ("./src/noext", "src/noext.js"),
        ("./src/only", "src/only.mjs"),
        ("./src/dir", "src/dir/index.js"),
        ("dep", "node_modules/dep/esm/other.js"),  # `import`, then `default` (no `module`)
        ("dep/feature/one", "node_modules/dep/lib/one.js"),
        ("dep/feature/deep/two.js", "node_modules/dep/lib/deep/two.js"),
        ("dep/pkg.json", "node_modules/dep/package.json"),
        ("dep/arr", "node_modules/dep/esm/index.js"),
        ("@scope/pkg", "node_modules/@scope/pkg/lib/entry.js"),
        ("@scope/pkg/lib/extra", "node_modules/@scope/pkg/lib/extra.js"),
        ("noexports", "node_modules/noexports/index.js"),
        ("noexports/lib/x.js", "node_modules/noexports/lib/x.js"),
        ("#util", "src/util.js"),
        ("#feat/a", "src/features/a.js"),
        ("#dep", "node_modules/dep/esm/other.js"),
        ("app", "main.js"),
        ("app/sub", "src/sub.js"),
        ("cond", "node_modules/cond/node.js"),  # Node's conditions include `node`
    ],
)
def test_resolves(tree: Path, specifier: str, expected: str) -> None:
    assert resolve(tree, specifier) == expected


def test_from_a_nested_folder_and_absolute_and_file_urls(tree: Path) -> None:
    assert resolve(tree, "dep", "src/features/a.js") == "node_modules/dep/esm/other.js"
    assert resolve(tree, "../util.js", "src/features/a.js") == "src/util.js"
    assert resolve(tree, str(tree / "src/util.js")) == "src/util.js"
    assert resolve(tree, path_to_url(str(tree / "src/util.js"))) == "src/util.js"


@pytest.mark.parametrize(
    ("specifier", "code", "fragment"),
    [
        ("./nope.js", "ERR_MODULE_NOT_FOUND", "Cannot find module"),
        ("nope", "ERR_MODULE_NOT_FOUND", "Cannot find package 'nope'"),
        (
            "dep/secret",
            "ERR_PACKAGE_PATH_NOT_EXPORTED",
            "Package subpath './secret' is not defined by \"exports\"",
        ),
        ("dep/feature/private/x", "ERR_PACKAGE_PATH_NOT_EXPORTED", "./feature/private/x"),
        ("#nope", "ERR_PACKAGE_IMPORT_NOT_DEFINED", "#nope"),
        ("http", "ERR_UNSUPPORTED_BUILTIN", "Node.js built-in"),
        ("node:worker_threads", "ERR_UNSUPPORTED_BUILTIN", "esmload does not provide"),
        ("https://example.com/x.js", "ERR_UNSUPPORTED_ESM_URL_SCHEME", "'https:'"),
        ("bad", "ERR_INVALID_PACKAGE_CONFIG", "bad/package.json"),
        ("escape", "ERR_INVALID_PACKAGE_TARGET", "../app/main.js"),
        ("@scope", "ERR_INVALID_MODULE_SPECIFIER", "@scope"),
    ],
)
def test_errors_are_one_line_and_name_the_importer(
    tree: Path, specifier: str, code: str, fragment: str
) -> None:
    with pytest.raises(ResolveError) as info:
        Resolver().resolve(specifier, str(tree / "main.js"))
    error = info.value
    assert error.code == code
    assert fragment in str(error)
    assert str(tree / "main.js") in str(error)
    assert "\n" not in str(error)


def test_builtins_win_over_packages_with_or_without_the_prefix(tree: Path) -> None:
    write_tree(tree, {"node_modules/process/package.json": '{"name": "process"}'})
    write_tree(tree, {"node_modules/process/index.js": "export default 1;\n"})
    for specifier in ("process", "node:process"):
        assert Resolver().resolve(specifier, str(tree / "main.js")) == "node:process"
    with pytest.raises(ResolveError) as info:
        Resolver().resolve("node:nope", str(tree / "main.js"))
    assert info.value.code == "ERR_UNKNOWN_BUILTIN_MODULE"
    assert str(info.value) == "No such built-in module: node:nope"  # Node's words
    with pytest.raises(ResolveError) as info:
        Resolver().resolve("node:internal/errors", str(tree / "main.js"))
    assert info.value.code == "ERR_UNKNOWN_BUILTIN_MODULE"  # internals are not built-ins


def test_symlinked_package_resolves_to_its_real_path(tree: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-linked"
    write_tree(
        real, {"package.json": '{"name": "linked", "exports": "./index.js"}', "index.js": ""}
    )
    os.symlink(real, tree / "node_modules" / "linked")
    assert Resolver().resolve("linked", str(tree / "main.js")) == str(real / "index.js")


def test_file_urls_with_escapes(tmp_path: Path) -> None:
    target = tmp_path / "dir with space" / "ünï.js"
    write_tree(tmp_path, {"dir with space/ünï.js": ""})
    url = path_to_url(str(target))
    assert "%20" in url and url_to_path(url) == str(target)
    assert Resolver().resolve(url, None) == str(target)
    with pytest.raises(ResolveError):
        Resolver().resolve("file:///a%2Fb.js", None)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_agrees_with_node(tree: Path) -> None:
    specifiers = [
        "./src/util.js",
        "dep",
        "dep/feature/one",
        "dep/feature/deep/two.js",
        "dep/arr",
        "#util",
        "#feat/a",
        "#dep",
        "app",
        "app/sub",
        "@scope/pkg/lib/extra.js",
    ]
    script = f"for (const s of {json.dumps(specifiers)}) console.log(import.meta.resolve(s));"
    (tree / "probe.mjs").write_text(script)
    # The same conditions as node's own: node, import, default.
    out = subprocess.run(
        [NODE, "probe.mjs"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    node = [url_to_path(line) for line in out.split()]
    ours = [Resolver().resolve(s, str(tree / "probe.mjs")) for s in specifiers]
    assert ours == node


JSON_CORPUS = [
    b'{"name": "p", "exports": {".": {"import": "./i.js", "default": "./d.js"}}}',
    b'  {"a": [1, 2.5, -3e5, true, false, null, "x\\u00e9\\n"]} \n',
    b'\xef\xbb\xbf{"bom": {}}',
    b'{"big": 123456789012345678901234567890, "f": 1.0e-7}',
    b"[NaN, Infinity]",
    b'{"a": 1} trailing',
    b"",
    b"{",
    b'{"control": "\x01"}',
    b'{"a": 1,}',
    b"\xff\xfe",
    b'"a string"',
    b'{"dup": 1, "dup": 2}',
]


@pytest.mark.parametrize("data", JSON_CORPUS)
def test_package_json_parser_agrees_with_json_loads(data: bytes) -> None:
    import json

    from esmload.resolve.jsonfile import loads

    def outcome(parse):
        try:
            return "ok", json.dumps(parse(data))  # dumps: NaN compares equal as text
        except ValueError as exc:
            return "error", str(exc)

    assert outcome(loads) == outcome(json.loads)
