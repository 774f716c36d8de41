// Resolves on a timer, so the program exercises the event loop as well as promises.
export function slowSquare(n) {
  return new Promise((resolve) => setTimeout(() => resolve(n * n), 5));
}
