// CPU-bound pure JavaScript, no imports: what the engine's interpreter costs, apart from
// loading. Each kernel prints a checksum (integers only: no Math.sin/exp/pow, whose last bits
// may differ between engines' math libraries).

function sieve(n) {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  return count;
}

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

// A 32-bit linear congruential generator: the same sequence everywhere.
function lcg(seed) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

function sortNumbers(n) {
  const next = lcg(42);
  const a = Array.from({ length: n }, () => next() % 100000);
  a.sort((x, y) => x - y);
  let h = 0;
  for (let i = 0; i < a.length; i += 97) h = (Math.imul(h, 31) + a[i]) | 0;
  return h;
}

class Vec {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
  add(o) {
    return new Vec(this.x + o.x, this.y + o.y);
  }
  scale(k) {
    return new Vec(this.x * k, this.y * k);
  }
}

function particles(n, steps) {
  const next = lcg(7);
  const ps = Array.from({ length: n }, () => ({
    pos: new Vec(next() % 1000, next() % 1000),
    vel: new Vec((next() % 21) - 10, (next() % 21) - 10),
  }));
  for (let s = 0; s < steps; s++) {
    for (const p of ps) {
      p.pos = p.pos.add(p.vel.scale(0.5));
      if (p.pos.x < 0 || p.pos.x > 1000) p.vel = new Vec(-p.vel.x, p.vel.y);
      if (p.pos.y < 0 || p.pos.y > 1000) p.vel = new Vec(p.vel.x, -p.vel.y);
    }
  }
  let h = 0;
  for (const p of ps) h = (Math.imul(h, 31) + Math.round(p.pos.x * 8 + p.pos.y)) | 0;
  return h;
}

function words(n) {
  const next = lcg(3);
  const counts = new Map();
  for (let i = 0; i < n; i++) {
    const w = (next() % 5000).toString(36);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3);
  return top.map(([w, c]) => `${w}:${c}`).join(' ');
}

function fnv(n) {
  let text = '';
  for (let i = 0; i < n; i++) text += String.fromCharCode(97 + (i % 26)) + (i % 10);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

function collatz(limit) {
  let best = 0;
  let arg = 0;
  for (let i = 1; i < limit; i++) {
    let n = i;
    let steps = 0;
    while (n !== 1) {
      n = n % 2 === 0 ? n / 2 : 3 * n + 1;
      steps++;
    }
    if (steps > best) {
      best = steps;
      arg = i;
    }
  }
  return `${arg}/${best}`;
}

function matmul(n) {
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * n);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    a[i] = i % 7;
    b[i] = i % 5;
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c.reduce((x, y) => x + y, 0);
}

function json(n) {
  const rows = Array.from({ length: n }, (_, i) => ({ id: i, name: `row${i}`, tags: [i % 3, i % 5] }));
  const back = JSON.parse(JSON.stringify(rows));
  return back.reduce((sum, r) => sum + r.id + r.tags[1], 0);
}

console.log('sieve', sieve(300000));
console.log('fib', fib(25));
console.log('sort', sortNumbers(20000));
console.log('particles', particles(300, 100));
console.log('words', words(40000));
console.log('fnv', fnv(60000));
console.log('json', json(5000));
console.log('collatz', collatz(12000));
console.log('matmul', matmul(60));
