'use strict';

// assert's AssertionError and the messages it generates: for strictEqual/deepStrictEqual a
// line diff of both values ("+ actual - expected"), for the other operators the values shown
// one after the other.

const { hostClasses } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { invalidArgType } = require('internal/errors');
const { isError } = require('internal/util/types');

const HEADERS = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
  sameStructure: 'Values have same structure but are not reference-equal:',
};

const SHORT_PAIR = 12; // `a !== b` on one line when both fit in this many characters
const CARET_WIDTH = 80; // a caret under the first difference when both lines fit
const MAX_DIFF_LINES = 50;
const MAX_LOOSE_LENGTH = 512;

// Values are shown fully expanded, keys sorted, without custom inspection.
function show(value) {
  return inspect(value, {
    compact: false,
    customInspect: false,
    depth: 1000,
    maxArrayLength: Infinity,
    showHidden: false,
    showProxy: false,
    sorted: true,
    getters: true,
    breakLength: Infinity,
  });
}

// An error is shown by its name, message and own keys, not its stack.
function withoutStack(error) {
  const copy = Object.create(Object.getPrototypeOf(error));
  Object.assign(copy, error);
  Object.defineProperty(copy, 'message', { value: error.message, writable: true, configurable: true });
  return copy;
}

const isObject = (value) => value !== null && typeof value === 'object';

// The first `keep` lines and "..." when a value has more than `limit` lines.
function truncateLines(lines, limit, keep) {
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, keep), '...'];
}

// `header` replaces the operator's heading (a custom message keeps the diff in Node 20).
function diffMessage(actual, expected, operator, header) {
  if (operator === 'strictEqual' && ((isObject(actual) && isObject(expected)) ||
      (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }
  header ??= HEADERS[operator];
  const actualText = show(actual);
  const expectedText = show(expected);
  const actualLines = actualText.split('\n');
  const expectedLines = expectedText.split('\n');
  let caret = '';
  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    const a = actualLines[0];
    const e = expectedLines[0];
    if (!isObject(actual) && !isObject(expected) && (actual !== 0 || expected !== 0) &&
        a.length + e.length <= SHORT_PAIR) {
      return `${header}\n\n${a} !== ${e}\n`;
    }
    const total = a.length + e.length;
    if (operator !== 'strictEqualObject' && total > SHORT_PAIR && total < CARET_WIDTH) {
      let at = 0;
      while (a[at] === e[at]) at++;
      if (at > 2) caret = `\n${' '.repeat(at + 2)}^`;
    }
  }
  return renderDiff(header, actualLines, expectedLines, actualText) + caret;
}

// Lines compared by position after the common tail is set aside; differing pairs print as
// "+ actual" lines followed by "- expected" lines, runs of equal lines are shortened.
function renderDiff(header, actualLines, expectedLines, actualText) {
  // The common tail: its first line and last three are shown.
  const tail = [];
  while (actualLines.length !== 0 && expectedLines.length !== 0 &&
         actualLines[actualLines.length - 1] === expectedLines[expectedLines.length - 1]) {
    tail.unshift(actualLines.pop());
    expectedLines.pop();
  }
  let skipped = false;
  if (actualLines.length === 0 && expectedLines.length === 0) {
    const lines = truncateLines(actualText.split('\n'), MAX_DIFF_LINES, 46);
    return `${HEADERS.sameStructure}\n\n${lines.join('\n')}\n`;
  }
  let end = '';
  if (tail.length !== 0) {
    const shownTail = tail.length <= 4 ? tail : [tail[0], null, ...tail.slice(-3)];
    for (const line of shownTail) {
      if (line === null) {
        end += '\n...';
        skipped = true;
      } else {
        end += `\n  ${line}`;
      }
    }
  }

  const out = [];
  let minus = []; // "- expected" lines waiting for the next equal line
  let printed = 0;
  let equalRun = 0; // equal lines since the last difference
  const longest = Math.max(actualLines.length, expectedLines.length);
  const longer = actualLines.length >= expectedLines.length ? actualLines : expectedLines;
  const shared = Math.min(actualLines.length, expectedLines.length);

  // Before a difference: the equal lines held back (all but the first two of the run) are
  // shown when there are at most three, else "..." and the last two.
  const flushContext = (i) => {
    const held = equalRun - 2;
    if (held > 0) {
      if (held > 3) {
        out.push('...');
        skipped = true;
        out.push(`  ${longer[i - 2]}`, `  ${longer[i - 1]}`);
        printed += 2;
      } else {
        for (let k = i - held; k < i; k++) out.push(`  ${longer[k]}`);
        printed += held;
      }
    }
    equalRun = 0;
  };

  for (let i = 0; i < longest; i++) {
    if (i >= shared) {
      flushContext(i);
      if (longer === actualLines) out.push(`+ ${longer[i]}`);
      else minus.push(`- ${longer[i]}`);
      printed++;
    } else {
      let a = actualLines[i];
      const e = expectedLines[i];
      let same = a === e || (a.endsWith(',') && a.slice(0, -1) === e);
      if (!same && e.endsWith(',') && e.slice(0, -1) === a) {
        same = true;
        a += ',';
      }
      if (same) {
        out.push(...minus);
        minus = [];
        equalRun++;
        if (equalRun <= 2) {
          out.push(`  ${a}`);
          printed++;
        }
      } else {
        flushContext(i);
        out.push(`+ ${a}`);
        minus.push(`- ${e}`);
        printed += 2;
      }
    }
    if (printed > MAX_DIFF_LINES && i < longest - 2) {
      return `${header}\n+ actual - expected ... Lines skipped\n\n${out.join('\n')}\n...` +
        `${minus.length ? `\n${minus.join('\n')}` : ''}\n...`;
    }
  }
  const body = [...out, ...minus].join('\n');
  return `${header}\n+ actual - expected${skipped ? ' ... Lines skipped' : ''}\n\n${body}${end}`;
}

function notEqualMessage(actual, operator) {
  if (operator === 'notStrictEqual' && (isObject(actual) || typeof actual === 'function')) {
    operator = 'notStrictEqualObject';
  }
  const lines = truncateLines(show(actual).split('\n'), MAX_DIFF_LINES, 46);
  const header = HEADERS[operator];
  if (lines.length === 1) return `${header}${lines[0].length > 5 ? '\n\n' : ' '}${lines[0]}`;
  return `${header}\n\n${lines.join('\n')}\n`;
}

function clip(text) {
  return text.length > MAX_LOOSE_LENGTH ? `${text.slice(0, MAX_LOOSE_LENGTH - 3)}...` : text;
}

function looseMessage(actual, expected, operator) {
  const a = clip(show(actual));
  const e = clip(show(expected));
  if (operator === 'deepEqual') return `${HEADERS.deepEqual}\n\n${a}\n\nshould loosely deep-equal\n\n${e}`;
  if (operator === 'notDeepEqual') {
    if (a === e) return `${HEADERS.notDeepEqual}\n\n${a}`;
    return `${HEADERS.notDeepEqualUnequal}\n\n${a}\n\nshould not loosely deep-equal\n\n${e}`;
  }
  return `${a} ${operator} ${e}`;
}

function generateMessage(actual, expected, operator, header) {
  if (isError(actual)) actual = withoutStack(actual);
  if (isError(expected)) expected = withoutStack(expected);
  switch (operator) {
    case 'deepStrictEqual':
    case 'strictEqual':
      return diffMessage(actual, expected, operator, header);
    case 'notDeepStrictEqual':
    case 'notStrictEqual':
      return notEqualMessage(actual, operator);
    default:
      return looseMessage(actual, expected, operator);
  }
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'object', options);
    const { message, operator, stackStartFn, details } = options;
    const { actual, expected } = options;
    let text;
    if (message != null) {
      text = String(message);
      if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
        text = generateMessage(actual, expected, operator, text);
      }
    } else {
      text = generateMessage(actual, expected, operator);
    }
    super(text);
    Object.defineProperty(this, 'generatedMessage', { value: message == null, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(this, 'name', { value: 'AssertionError [ERR_ASSERTION]', writable: true, configurable: true });
    this.code = 'ERR_ASSERTION';
    if (details) {
      this.actual = undefined;
      this.expected = undefined;
      this.operator = undefined;
      for (let i = 0; i < details.length; i++) {
        this[`message ${i}`] = details[i].message;
        this[`actual ${i}`] = details[i].actual;
        this[`expected ${i}`] = details[i].expected;
        this[`operator ${i}`] = details[i].operator;
        this[`stack trace ${i}`] = details[i].stack;
      }
    } else {
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this, stackStartFn || AssertionError);
    // The stack is formatted now, while the name still carries the code.
    Object.defineProperty(this, 'stack', { value: this.stack, writable: true, configurable: true });
    this.name = 'AssertionError';
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  // Shown one level deep, long string values shortened.
  [inspect.custom](depth, options) {
    const { actual, expected } = this;
    if (typeof actual === 'string') this.actual = shorten(actual);
    if (typeof expected === 'string') this.expected = shorten(expected);
    try {
      return inspect(this, { ...options, customInspect: false, depth: 0 });
    } finally {
      this.actual = actual;
      this.expected = expected;
    }
  }
}

// More than ten lines: the first ten and "..."; more than 512 characters: what follows them
// and "..." (Node 20 keeps the end rather than the start).
function shorten(text) {
  const lines = text.split('\n', 11);
  if (lines.length > 10) return `${lines.slice(0, 10).join('\n')}\n...`;
  if (text.length > 512) return `${text.slice(512)}...`;
  return text;
}
hostClasses.add(AssertionError);

module.exports = {
  AssertionError,
  show,
};
