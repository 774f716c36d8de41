export function formatTable(rows) {
  const width = Math.max(...rows.flat().map((cell) => String(cell).length));
  return rows.map((row) => row.map((cell) => String(cell).padStart(width)).join(' | ')).join('\n');
}
