"""Use an ES module from Python: call exports, pass a Python callable in, await a promise.

    python examples/embed/embed.py
"""

import asyncio
import html
from pathlib import Path

import esmload

HERE = Path(__file__).resolve().parent

with esmload.Runtime(time_limit=5.0, memory_limit=64 * 2**20) as rt:
    lib = rt.import_module(str(HERE / "render.mjs"))
    print(lib.render({"title": "Fish & Chips", "items": ["cod", "<haddock>"]}, html.escape))
    print("total:", lib.slowTotal([1, 2, 3]).result(timeout=1))

    async def main() -> int:
        return await lib.slowTotal([10, 20])

    print("async total:", asyncio.run(main()))
    try:
        rt.eval("null.property")
    except esmload.JSError as error:
        print("caught", error.name)
