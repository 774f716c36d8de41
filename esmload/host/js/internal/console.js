'use strict';

// console's methods. createConsole makes a console that writes through two functions
// (bootstrap makes the global one, over the host's stdout and stderr); `new console.Console()`
// makes more, writing to streams.

const { hasOwn } = require('internal/util');
const { invalidArgType } = require('internal/errors');
const { stringWidth } = require('internal/util/string_width');
const { isMap, isSet } = require('internal/util/types');
const { inspect } = require('internal/util/inspect');
const { formatWithOptions } = require('internal/util/format');
const { emitWarning } = require('internal/process/warning');

// A console.timeEnd duration, as Node prints it ("12.5ms", "1.500s", "1:02.000 (m:ss.mmm)").
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, fraction] = seconds.toFixed(3).split('.');
    const pad = (n) => `${n}`.padStart(2, '0');
    const lead = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${lead}:${pad(whole)}.${fraction} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

// console.table: Node's layout (left-aligned cells, box-drawing borders).
function renderTable(head, columns) {
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(0, ...columns.map((c) => c.length));
  const rows = [];
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      rows[j] ??= [];
      const cell = hasOwn(column, j) ? column[j] : '';
      rows[j][i] = cell;
      widths[i] = Math.max(widths[i] || 0, stringWidth(cell));
    }
  }
  const renderRow = (row) => {
    let out = '│ ';
    for (let i = 0; i < row.length; i++) {
      out += row[i] + ' '.repeat(widths[i] - stringWidth(row[i]));
      if (i !== row.length - 1) out += ' │ ';
    }
    return `${out} │`;
  };
  const divider = widths.map((w) => '─'.repeat(w + 2));
  let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
  for (const row of rows) result += `${renderRow(row)}\n`;
  return `${result}└${divider.join('┴')}┘`;
}

function tableText(data, properties) {
  const cell = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
    return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
  };
  const indexColumn = (length) => Array.from({ length }, (_, i) => cell(i));
  if (isMap(data)) {
    const keys = [];
    const values = [];
    for (const [k, v] of data) {
      keys.push(cell(k));
      values.push(cell(v));
    }
    return renderTable(['(iteration index)', 'Key', 'Values'], [indexColumn(keys.length), keys, values]);
  }
  if (isSet(data)) {
    const values = [];
    for (const v of data) values.push(cell(v));
    return renderTable(['(iteration index)', 'Values'], [indexColumn(values.length), values]);
  }
  const map = Object.create(null);
  let hasPrimitives = false;
  const valuesColumn = [];
  const indexKeys = Object.keys(data);
  for (let i = 0; i < indexKeys.length; i++) {
    const item = data[indexKeys[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesColumn[i] = cell(item);
    } else {
      const keys = properties || Object.keys(item);
      for (const key of keys) {
        map[key] ??= [];
        map[key][i] = (primitive && properties) || !hasOwn(item, key) ? '' : cell(item[key]);
      }
    }
  }
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push('Values');
    columns.push(valuesColumn);
  }
  head.unshift('(index)');
  columns.unshift(indexKeys);
  return renderTable(head, columns);
}

// One console writing through `out(text)` / `err(text)`; `new console.Console(...)` makes
// more, writing to streams.
function createConsole(out, err) {
  let groupIndent = '';
  const counts = new Map();
  const timers = new Map();
  const write = (toErr, args) => {
    let text = formatWithOptions(undefined, args);
    if (groupIndent !== '') {
      if (text.includes('\n')) text = text.replaceAll('\n', `\n${groupIndent}`);
      text = groupIndent + text;
    }
    (toErr ? err : out)(`${text}\n`);
  };
  const console = {
    log: (...args) => write(false, args),
    warn: (...args) => write(true, args),
    dir: (value, options) => write(false, [inspect(value, { customInspect: false, ...options })]),
    time: (label = 'default') => {
      label = `${label}`;
      if (timers.has(label)) {
        emitWarning(`Label '${label}' already exists for console.time()`);
        return;
      }
      timers.set(label, host.now());
    },
    timeEnd: (label = 'default') => {
      label = `${label}`;
      if (!timers.has(label)) {
        emitWarning(`No such label '${label}' for console.timeEnd()`);
        return;
      }
      const start = timers.get(label);
      timers.delete(label);
      write(false, ['%s: %s', label, formatTime(host.now() - start)]);
    },
    timeLog: (label = 'default', ...data) => {
      label = `${label}`;
      if (!timers.has(label)) {
        emitWarning(`No such label '${label}' for console.timeLog()`);
        return;
      }
      write(false, ['%s: %s', label, formatTime(host.now() - timers.get(label)), ...data]);
    },
    trace: function trace(...args) {
      const holder = { name: 'Trace', message: formatWithOptions(undefined, args) };
      Error.captureStackTrace(holder, trace);
      write(true, [holder.stack]);
    },
    assert: (expression, ...args) => {
      if (!expression) {
        args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
        write(true, args);
      }
    },
    clear: () => {},
    count: (label = 'default') => {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      write(false, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => {
      label = `${label}`;
      if (!counts.has(label)) emitWarning(`Count for '${label}' does not exist`);
      else counts.delete(label);
    },
    group: (...data) => {
      if (data.length > 0) write(false, data);
      groupIndent += '  ';
    },
    groupEnd: () => { groupIndent = groupIndent.slice(0, -2); },
    table: (data, properties) => {
      if (properties !== undefined && !Array.isArray(properties)) throw invalidArgType('properties', 'Array', properties);
      if (data === null || typeof data !== 'object') write(false, [data]);
      else write(false, [tableText(data, properties)]);
    },
    profile: () => {},
    profileEnd: () => {},
    timeStamp: () => {},
    context: () => createConsole(out, err),
  };
  console.info = console.log;
  console.debug = console.log;
  console.dirxml = console.log;
  console.error = console.warn;
  console.groupCollapsed = console.group;
  return console;
}

function Console(options, stderrArg) {
  if (!new.target) return new Console(options, stderrArg);
  const stdout = options && typeof options.write === 'function' ? options : options && options.stdout;
  const stderr = (options && options.stderr) || stderrArg || stdout;
  if (!stdout || typeof stdout.write !== 'function') throw invalidArgType('stdout', 'object', stdout);
  return Object.assign(Object.create(Console.prototype),
    createConsole((text) => stdout.write(text), (text) => stderr.write(text)));
}

module.exports = {
  createConsole,
  Console,
};
