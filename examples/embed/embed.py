"""Use an ES module from Python: call exports, pass Python callables and objects in, await
promises both ways.

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

    class Cart:
        def __init__(self) -> None:
            self.items = ["cod", "chips"]
            self.paid = False

        def quantity(self, item: str) -> int:
            return 2 if item == "chips" else 1

    async def price_of(item: str) -> int:
        await asyncio.sleep(0.01)  # e.g. a database lookup
        return {"cod": 7, "chips": 3}[item]

    async def main() -> tuple[int, int, bool]:
        cart = Cart()
        paid = await lib.checkout(cart, price_of)
        return await lib.slowTotal([10, 20]), paid, cart.paid

    total, paid, done = asyncio.run(main())
    print("async total:", total)
    print("checkout:", paid, "paid" if done else "unpaid")
    try:
        rt.eval("null.property")
    except esmload.JSError as error:
        print("caught", error.name)
