// A small ES module used as a library from Python (see embed.py next to it).
export function render(doc, escape) {
  const items = doc.items.map((item) => `  <li>${escape(item)}</li>`).join('\n');
  return `<h1>${escape(doc.title)}</h1>\n<ul>\n${items}\n</ul>`;
}

export async function slowTotal(numbers) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return numbers.reduce((a, b) => a + b, 0);
}
