'use strict';

// The `assert` module (legacy mode: equal/deepEqual are the loose forms); `assert.strict`
// (also `assert/strict`) has the strict forms under the short names.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { inspect } = require('internal/util/inspect');
const { isError } = require('internal/util/types');
const { isDeepEqual, isDeepStrictEqual } = require('internal/util/comparisons');
const { AssertionError } = require('internal/assert/assertion_error');

const NO_EXCEPTION = Symbol('no exception');

function innerFail(details) {
  if (details.message instanceof Error) throw details.message;
  throw new AssertionError(details);
}

function missingArgs(count) {
  if (count < 2) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "actual" and "expected" arguments must be specified');
  }
}

let warnedFail = false;

function fail(actual, expected, message, operator, stackStartFn) {
  const count = arguments.length;
  let generated = false;
  if (count === 0) {
    message = 'Failed';
    generated = true;
  } else if (count === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!warnedFail) {
      warnedFail = true;
      require('internal/process/warning').emitWarning(
        'assert.fail() with more than one argument is deprecated. Please use assert.strictEqual() instead or only pass a message.',
        'DeprecationWarning', 'DEP0094');
    }
    if (count === 2) operator = '!=';
  }
  if (message instanceof Error) throw message;
  const details = { actual, expected, operator: operator === undefined ? 'fail' : operator, stackStartFn: stackStartFn || fail, message };
  if (count >= 2 && message === undefined) details.message = `${inspect(actual)} ${details.operator} ${inspect(expected)}`;
  const error = new AssertionError(details);
  if (generated) error.generatedMessage = true;
  throw error;
}

function innerOk(fn, argCount, value, message) {
  if (value) return;
  let generated = false;
  if (argCount === 0) {
    generated = true;
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    generated = true;
    const source = require('internal/assert/source').callSource(fn);
    message = `The expression evaluated to a falsy value:\n\n  ${source === null ? `assert.ok(${inspect(value)})` : source}\n`;
  } else if (message instanceof Error) {
    throw message;
  }
  const error = new AssertionError({ actual: value, expected: true, message, operator: '==', stackStartFn: fn });
  error.generatedMessage = generated;
  throw error;
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

const bothNaN = (a, b) => a !== a && b !== b; // eslint-disable-line no-self-compare

function equal(actual, expected, message) {
  missingArgs(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual != expected && !bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
}

function notEqual(actual, expected, message) {
  missingArgs(arguments.length);
  // eslint-disable-next-line eqeqeq
  if (actual == expected || bothNaN(actual, expected)) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
}

function deepEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (!isDeepEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
}

function notDeepEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (isDeepEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
}

function deepStrictEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (!isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
  }
}

function notDeepStrictEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
  }
}

function strictEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (!Object.is(actual, expected)) innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
}

function notStrictEqual(actual, expected, message) {
  missingArgs(arguments.length);
  if (Object.is(actual, expected)) innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
}

// ------------------------------------------------------------------ throws / rejects
// What assert.throws shows for an object to match: only the compared keys.
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (key in obj) {
        if (actual !== undefined && typeof actual[key] === 'string' && obj[key] instanceof RegExp &&
            RegExp.prototype.exec.call(obj[key], actual[key]) !== null) {
          this[key] = actual[key];
        } else {
          this[key] = obj[key];
        }
      }
    }
  }
}

function compareKey(actual, expected, key, message, keys, fn) {
  if (key in actual && isDeepStrictEqual(actual[key], expected[key])) return;
  if (!message) {
    const a = new Comparison(actual, keys);
    const b = new Comparison(expected, keys, actual);
    const error = new AssertionError({ actual: a, expected: b, operator: 'deepStrictEqual', stackStartFn: fn });
    error.actual = actual;
    error.expected = expected;
    error.operator = fn.name;
    throw error;
  }
  innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
}

function checkExpected(actual, expected, message, fn) {
  let generated = false;
  if (typeof expected !== 'function') {
    if (expected instanceof RegExp) {
      const str = String(actual);
      if (RegExp.prototype.exec.call(expected, str) !== null) return;
      if (!message) {
        generated = true;
        message = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
    } else if (typeof actual !== 'object' || actual === null) {
      const error = new AssertionError({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn });
      error.operator = fn.name;
      throw error;
    } else {
      const keys = Object.keys(expected);
      if (expected instanceof Error) {
        keys.push('name', 'message');
      } else if (keys.length === 0) {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The argument 'error' may not be an empty object. Received ${inspect(expected)}`);
      }
      for (const key of keys) {
        if (typeof actual[key] === 'string' && expected[key] instanceof RegExp &&
            RegExp.prototype.exec.call(expected[key], actual[key]) !== null) {
          continue;
        }
        compareKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generated = true;
      message = `The error is expected to be an instance of "${expected.name}". Received `;
      if (isError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        if (expected.name === name) {
          message += 'an error with identical name but a different prototype.';
        } else {
          message += `"${name}"`;
        }
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${inspect(actual, { depth: -1 })}"`;
      }
    }
  } else {
    const result = Reflect.apply(expected, {}, [actual]);
    if (result === true) return;
    if (!message) {
      generated = true;
      const name = expected.name ? `"${expected.name}" ` : '';
      message = `The ${name}validation function is expected to return "true". Received ${inspect(result)}`;
      if (isError(actual)) message += `\n\nCaught error:\n\n${actual}`;
    }
  }
  const error = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  error.generatedMessage = generated;
  throw error;
}

function invalidExpected(name, value) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be of type function or an instance of Error, RegExp, or Object.${describeReceived(value)}`);
}

function expectsError(fn, actual, error, message, argCount) {
  if (typeof error === 'string') {
    if (argCount === 3) throw invalidExpected('error', error);
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw nodeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
          `The "error/message" argument is ambiguous. The error message "${actual.message}" is identical to the message.`);
      }
    } else if (actual === error) {
      throw nodeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
        `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw invalidExpected('error', error);
  }
  if (actual === NO_EXCEPTION) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const kind = fn === rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: fn.name, message: `Missing expected ${kind}${details}`, stackStartFn: fn });
  }
  if (error) checkExpected(actual, error, message, fn);
}

function matchesError(actual, expected) {
  if (typeof expected !== 'function') {
    if (expected instanceof RegExp) return RegExp.prototype.exec.call(expected, String(actual)) !== null;
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "expected" argument must be of type function or an instance of RegExp.${describeReceived(expected)}`);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Object.prototype.isPrototypeOf.call(Error, expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}

function expectsNoError(fn, actual, error, message) {
  if (actual === NO_EXCEPTION) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || matchesError(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const kind = fn === doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual,
      expected: error,
      operator: fn.name,
      message: `Got unwanted ${kind}${details}\nActual message: "${actual && actual.message}"`,
      stackStartFn: fn,
    });
  }
  throw actual;
}

function callForError(fn) {
  if (typeof fn !== 'function') throw invalidArgType('fn', 'function', fn);
  try {
    fn();
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

async function awaitForError(promiseFn) {
  let promise;
  if (typeof promiseFn === 'function') {
    promise = promiseFn();
    if (promise === null || (typeof promise !== 'object' && typeof promise !== 'function') ||
        typeof promise.then !== 'function') {
      const received = describeReceived(promise).slice(' Received '.length);
      throw nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
        `Expected instance of Promise to be returned from the "promiseFn" function but got ${received}.`);
    }
  } else if (promiseFn !== null && typeof promiseFn === 'object' && typeof promiseFn.then === 'function') {
    promise = promiseFn;
  } else {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "promiseFn" argument must be of type function or an instance of Promise.${describeReceived(promiseFn)}`);
  }
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return NO_EXCEPTION;
}

function throws(fn, ...rest) {
  expectsError(throws, callForError(fn), rest[0], rest[1], rest.length + 1);
}

async function rejects(promiseFn, ...rest) {
  expectsError(rejects, await awaitForError(promiseFn), rest[0], rest[1], rest.length + 1);
}

function doesNotThrow(fn, ...rest) {
  expectsNoError(doesNotThrow, callForError(fn), ...rest);
}

async function doesNotReject(promiseFn, ...rest) {
  expectsNoError(doesNotReject, await awaitForError(promiseFn), ...rest);
}

function ifError(err) {
  if (err === null || err === undefined) return;
  let message = 'ifError got unwanted exception: ';
  if (typeof err === 'object' && typeof err.message === 'string') {
    if (err.message.length === 0 && err.constructor) message += err.constructor.name;
    else message += err.message;
  } else {
    message += inspect(err);
  }
  const error = new AssertionError({ actual: err, expected: null, operator: 'ifError', message, stackStartFn: ifError });
  // The original error's frames follow the assertion's own.
  const origin = isError(err) && typeof err.stack === 'string' ? err.stack : '';
  const at = origin.indexOf('\n    at');
  if (at !== -1) {
    const own = String(error.stack);
    const ownAt = own.indexOf('\n    at');
    const head = ownAt === -1 ? own : own.slice(0, ownAt);
    const ownFrames = ownAt === -1 ? [] : own.slice(ownAt + 1).split('\n');
    const originFrames = origin.slice(at + 1).split('\n');
    const extra = originFrames.filter((line) => !ownFrames.includes(line));
    error.stack = [head, ...extra, ...ownFrames].join('\n');
  }
  throw error;
}

function checkMatch(string, regexp, message, fn, wanted) {
  if (!(regexp instanceof RegExp)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "regexp" argument must be an instance of RegExp.${describeReceived(regexp)}`);
  }
  if (typeof string === 'string' && (RegExp.prototype.exec.call(regexp, string) !== null) === wanted) return;
  if (message instanceof Error) throw message;
  const generated = !message;
  if (!message) {
    if (typeof string !== 'string') {
      message = `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`;
    } else {
      message = (wanted
        ? 'The input did not match the regular expression '
        : 'The input was expected to not match the regular expression ') +
        `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`;
    }
  }
  const error = new AssertionError({ actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn });
  error.generatedMessage = generated;
  throw error;
}

function match(string, regexp, message) {
  checkMatch(string, regexp, message, match, true);
}

function doesNotMatch(string, regexp, message) {
  checkMatch(string, regexp, message, doesNotMatch, false);
}

// ------------------------------------------------------------------ CallTracker
class CallTracker {
  #calls = [];

  calls(fn, exact = 1) {
    if (typeof fn === 'number') {
      exact = fn;
      fn = () => {};
    } else if (fn === undefined) {
      fn = () => {};
    }
    if (typeof fn !== 'function') throw invalidArgType('fn', 'function', fn);
    const record = { fn, exact, calls: [], name: fn.name || 'calls', stack: new Error() };
    this.#calls.push(record);
    const tracked = function (...args) {
      record.calls.push({ thisArg: this, arguments: args });
      return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
    };
    Object.defineProperty(tracked, 'length', { value: fn.length });
    record.tracked = tracked;
    return tracked;
  }

  getCalls(fn) {
    const record = this.#calls.find((r) => r.tracked === fn);
    if (record === undefined) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'fn' must be a tracked function.");
    }
    return record.calls.map((call) => Object.freeze({ ...call }));
  }

  reset(fn) {
    for (const record of this.#calls) if (fn === undefined || record.tracked === fn) record.calls.length = 0;
  }

  report() {
    return this.#calls.filter((r) => r.calls.length !== r.exact).map((r) => ({
      message: `Expected the ${r.name} function to be executed ${r.exact} time(s) but was executed ${r.calls.length} time(s).`,
      actual: r.calls.length,
      expected: r.exact,
      operator: r.name,
      stack: r.stack,
    }));
  }

  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ? errors[0].message : 'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: errors });
  }
}
require('internal/util').hostClasses.add(CallTracker);

// ------------------------------------------------------------------ exports
const assert = ok;
Object.assign(assert, {
  fail,
  AssertionError,
  ok,
  equal,
  notEqual,
  deepEqual,
  notDeepEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  strictEqual,
  notStrictEqual,
  throws,
  rejects,
  doesNotThrow,
  doesNotReject,
  ifError,
  match,
  doesNotMatch,
  CallTracker,
});

function strict(...args) {
  innerOk(strict, args.length, ...args);
}
Object.assign(strict, assert, {
  equal: strictEqual,
  deepEqual: deepStrictEqual,
  notEqual: notStrictEqual,
  notDeepEqual: notDeepStrictEqual,
});
assert.strict = strict;
strict.strict = strict;

module.exports = assert;
