// A small ES module used as a library from Python (see embed.py next to it).
export function render(doc, escape) {
  const items = doc.items.map((item) => `  <li>${escape(item)}</li>`).join('\n');
  return `<h1>${escape(doc.title)}</h1>\n<ul>\n${items}\n</ul>`;
}

export async function slowTotal(numbers) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return numbers.reduce((a, b) => a + b, 0);
}

// `cart` is a Python object (used in place), `priceOf` an async Python function.
export async function checkout(cart, priceOf) {
  let total = 0;
  for (const item of cart.items) total += (await priceOf(item)) * cart.quantity(item);
  cart.paid = true;
  return total;
}
