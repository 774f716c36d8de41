'use strict';

// The source text of the call that invoked an assert function, for assert.ok()'s
// "The expression evaluated to a falsy value:" message. The caller's frame gives file, line
// and column; the callee is found by walking back over its member chain, the arguments by
// matching parentheses forwards.

const sourceCache = new Map(); // path → lines (null when unreadable)

function readLines(path) {
  if (sourceCache.has(path)) return sourceCache.get(path);
  let lines = null;
  try {
    const bytes = host.binding('fs').readFile(path, 0);
    lines = new TextDecoder().decode(bytes).split(/\r?\n/);
  } catch {}
  sourceCache.set(path, lines);
  return lines;
}

// file, line and column of the frame that called `fn`.
function callerLocation(fn) {
  const holder = {};
  const limit = Error.stackTraceLimit;
  try {
    if (typeof limit === 'number' && limit < 1) Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, fn);
  } finally {
    Error.stackTraceLimit = limit;
  }
  const frame = String(holder.stack || '').split('\n').find((line) => line.startsWith('    at '));
  if (frame === undefined) return null;
  const match = /(?:\(|at )(file:\/\/[^\s()]+?|\/[^\s()]+?):(\d+):(\d+)\)?$/.exec(frame);
  if (match === null) return null;
  let file = match[1];
  if (file.startsWith('file://')) {
    try {
      file = decodeURIComponent(file.slice(7));
    } catch {
      return null;
    }
  }
  return { file, line: +match[2], column: +match[3] };
}

const isNameChar = (c) => c !== undefined && /[\w$]/.test(c);
const CLOSE = { ')': '(', ']': '[', '}': '{' };

// Index of the bracket opening the one closing at `i` (scanning back), or -1.
function matchBackward(text, i) {
  let depth = 0;
  for (; i >= 0; i--) {
    const c = text[i];
    if (c in CLOSE) depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

// Index just past the bracket closing the one opening at `i`, skipping strings and comments.
function matchForward(text, i) {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    } else if (c === '/' && text[i + 1] === '*') {
      const endComment = text.indexOf('*/', i + 2);
      i = endComment === -1 ? text.length : endComment + 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

const NAMES = new Set(['ok', 'assert', 'strict']);
const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'catch', 'function', 'return', 'typeof', 'await']);

// The index of the '(' of a call whose callee ends just before `i` (members and brackets
// allowed in between), or -1.
function argumentsOpen(text, i) {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === '[') {
      const end = matchForward(text, i);
      if (end === -1) return -1;
      i = end;
    } else if (text[i] === '.' || (text[i] === '?' && text[i + 1] === '.')) {
      i += text[i] === '?' ? 2 : 1;
      while (isNameChar(text[i])) i++;
    } else {
      return text[i] === '(' ? i : -1;
    }
  }
}

// [start of the callee, its last name] for the call whose arguments open at `open`.
function callee(text, open) {
  let p = open - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  const end = p;
  let nameStart = p + 1;
  while (nameStart > 0 && isNameChar(text[nameStart - 1])) nameStart--;
  const name = text.slice(nameStart, end + 1);
  let start = p;
  while (start >= 0) {
    const c = text[start];
    if (isNameChar(c) || c === '.' || (c === '?' && text[start + 1] === '.')) {
      start--;
    } else if (c === ']' || c === ')') {
      const before = matchBackward(text, start);
      if (before === -1) break;
      start = before - 1;
    } else {
      break;
    }
  }
  start++;
  if (start > end || KEYWORDS.has(name) || /^\d/.test(text[start])) return null;
  return [start, name];
}

// The frame's position is the callee's name (V8, and QuickJS for simple arguments) or a
// point inside the arguments (QuickJS): the candidates are the call named there and the
// calls enclosing the position, the first named like an assert function preferred.
function callSource(fn) {
  const where = callerLocation(fn);
  if (where === null) return null;
  const lines = readLines(where.file);
  if (lines === null || where.line > lines.length) return null;
  const firstLine = Math.max(0, where.line - 31);
  const text = lines.slice(firstLine).join('\n');
  let pos = where.column - 1;
  for (let i = firstLine; i < where.line - 1; i++) pos += lines[i].length + 1;
  const opens = [];
  if (isNameChar(text[pos])) {
    let e = pos;
    while (isNameChar(text[e + 1])) e++;
    const open = argumentsOpen(text, e + 1);
    if (open !== -1) opens.push(open);
  }
  let depth = 0;
  for (let i = pos - 1; i >= 0 && opens.length < 12; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) {
        if (c === '(') opens.push(i);
      } else {
        depth--;
      }
    }
  }
  let chosen = null;
  for (const open of opens) {
    const found = callee(text, open);
    if (found === null) continue;
    if (chosen === null || NAMES.has(found[1]) || found[1] === fn.name) {
      chosen = [found[0], open];
      if (NAMES.has(found[1]) || found[1] === fn.name) break;
    }
  }
  if (chosen === null) return null;
  const end = matchForward(text, chosen[1]);
  if (end === -1) return null;
  const [first, ...rest] = text.slice(chosen[0], end).split('\n');
  let indent = Infinity;
  for (const line of rest) {
    if (line.trim() !== '') indent = Math.min(indent, /^\s*/.exec(line)[0].length);
  }
  return [first, ...rest.map((line) => line.slice(Math.min(indent, line.length)))].join('\n  ');
}

module.exports = {
  callSource,
};
