// esmload host globals: console, timers, process, encoders, … for programs written for Node.
//
// Evaluated once per context as a global script; its completion value is a function that the
// Python host calls with `host`, an object of native functions (write, scheduleTimer,
// cancelTimer, refTimer, exit, reportError, now, cwd, promiseState, isatty, argv, env, platform,
// pid, timeOrigin, versions). It returns the few entry points Python calls back.
(function esmloadPrelude(host) {
  'use strict';

  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });

  const fileURL = (path) => 'file://' + encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));

  // ------------------------------------------------------------------ stack traces
  // V8-style `stack` ("Name: message\n    at fn (file:line:col)"), which libraries and
  // error reports expect; QuickJS alone gives only the frames.
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try { head = Error.prototype.toString.call(error); } catch { head = 'Error'; }
    const lines = [head];
    for (const frame of frames) {
      const file = frame.getFileName();
      let name = frame.getFunctionName();
      if (name === '<anonymous>' || name === '<eval>') name = null;
      if (file === null || file === undefined) {
        lines.push(`    at ${name || '<anonymous>'} (native)`);
      } else if (file.startsWith('esmload:')) {
        continue;
      } else {
        // Node prints ES module frames as file: URLs.
        const url = file.startsWith('/') ? fileURL(file) : file;
        const where = `${url}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
        lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
      }
    }
    return lines.join('\n');
  };

  // ------------------------------------------------------------------ inspect
  const IDENTIFIER = /^[A-Za-z_$][A-Za-z_$0-9]*$/;
  const BREAK_LENGTH = 80;
  const COMPACT = 3;
  const MAX_ARRAY = 100;
  const MAX_STRING = 10000;
  const objectToString = Object.prototype.toString;
  const errorToString = Error.prototype.toString;

  function quote(str) {
    let q = "'";
    if (str.includes("'")) {
      if (!str.includes('"')) q = '"';
      else if (!str.includes('`') && !str.includes('${')) q = '`';
    }
    let out = '';
    for (let i = 0; i < str.length; i++) {
      const ch = str[i];
      const code = str.charCodeAt(i);
      if (ch === q || ch === '\\') out += '\\' + ch;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (ch === '\v') out += '\\v';
      else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
      else if (code >= 0xd800 && code <= 0xdfff) {
        const next = str.charCodeAt(i + 1);
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { out += ch + str[i + 1]; i++; }
        else out += '\\u' + code.toString(16).toUpperCase();
      } else out += ch;
    }
    return q + out + q;
  }

  function formatNumber(n) {
    return Object.is(n, -0) ? '-0' : String(n);
  }

  function formatPrimitive(value, ctx) {
    switch (typeof value) {
      case 'string': {
        let trailer = '';
        if (value.length > MAX_STRING) {
          trailer = `... ${value.length - MAX_STRING} more character${value.length - MAX_STRING > 1 ? 's' : ''}`;
          value = value.slice(0, MAX_STRING);
        }
        // Long multi-line strings are split at their newlines, like Node does.
        if (value.length > 16 && value.length > BREAK_LENGTH - ctx.indent - 4 && value.includes('\n')) {
          const parts = value.split(/(?<=\n)/);
          if (parts.length > 1) {
            return parts.map(quote).join(` +\n${' '.repeat(ctx.indent + 2)}`) + trailer;
          }
        }
        return quote(value) + trailer;
      }
      case 'number': return formatNumber(value);
      case 'bigint': return `${value}n`;
      case 'boolean': return String(value);
      case 'undefined': return 'undefined';
      case 'symbol': return value.toString();
      default: return 'null';
    }
  }

  function constructorName(obj) {
    let proto = obj;
    while (proto !== null && proto !== undefined) {
      const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (desc && typeof desc.value === 'function' && desc.value.name !== '') return desc.value.name;
      proto = Object.getPrototypeOf(proto);
    }
    return null;
  }

  function tagOf(obj) {
    const tag = obj[Symbol.toStringTag];
    return typeof tag === 'string' ? tag : '';
  }

  function prefix(ctor, tag, fallback, size = '') {
    if (ctor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && ctor !== tag) return `${ctor}${size} [${tag}] `;
    return `${ctor}${size} `;
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return `[${key.toString()}]`;
    return IDENTIFIER.test(key) ? key : quote(key);
  }

  function functionBase(fn, ctor, tag) {
    let source = '';
    try { source = Function.prototype.toString.call(fn); } catch {}
    if (source.startsWith('class') && /^class\b/.test(source)) {
      let base = `[class ${fn.name || '(anonymous)'}`;
      const superClass = Object.getPrototypeOf(fn);
      if (superClass && superClass.name) base += ` extends ${superClass.name}`;
      if (ctor !== 'Function' && ctor !== null) base += ` [${ctor}]`;
      return base + ']';
    }
    let type = 'Function';
    const kind = objectToString.call(fn).slice(8, -1);
    if (kind === 'AsyncFunction') type = 'AsyncFunction';
    else if (kind === 'GeneratorFunction') type = 'GeneratorFunction';
    else if (kind === 'AsyncGeneratorFunction') type = 'AsyncGeneratorFunction';
    let base = `[${type}`;
    if (ctor === null) base += ' (null prototype)';
    base += fn.name ? `: ${fn.name}` : ' (anonymous)';
    base += ']';
    if (ctor !== type && ctor !== null && ctor !== 'Function') base += ` ${ctor}`;
    if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
    return base;
  }

  function formatError(err, keys, ctx) {
    let stack;
    try { stack = typeof err.stack === 'string' && err.stack ? err.stack : errorToString.call(err); }
    catch { stack = '[Error]'; }
    // A stack without frames reads better in brackets, as Node prints it.
    if (!stack.includes('\n    at ')) stack = `[${stack}]`;
    if (ctx.indent !== 0) {
      const pad = ' '.repeat(ctx.indent);
      stack = stack.split('\n').join(`\n${pad}`);
    }
    const cause = Object.prototype.hasOwnProperty.call(err, 'cause') && !keys.includes('cause');
    if (cause) keys.push('cause');
    return stack;
  }

  function isBelowBreakLength(output, start, base) {
    let total = output.length + start;
    if (total + output.length > BREAK_LENGTH) return false;
    for (const entry of output) {
      total += entry.length;
      if (total > BREAK_LENGTH) return false;
    }
    return base === '' || !base.includes('\n');
  }

  // Arrays with more than six short entries are laid out in aligned columns (Node's layout).
  function groupEntries(ctx, output, value) {
    let count = output.length;
    if (ctx.extraEntry) count--;
    const gap = 2;
    const lengths = [];
    let total = 0;
    let longest = 0;
    for (let i = 0; i < count; i++) {
      const len = output[i].length;
      lengths.push(len);
      total += len + gap;
      if (len > longest) longest = len;
    }
    const cell = longest + gap;
    if (!(cell * 3 + ctx.indent < BREAK_LENGTH && (total / cell > 5 || longest <= 6))) return output;
    const bias = Math.sqrt(cell - total / output.length);
    const biasedCell = Math.max(cell - 3 - bias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedCell * count) / biasedCell),
      Math.floor((BREAK_LENGTH - ctx.indent) / cell),
      COMPACT * 4,
      15,
    );
    if (columns <= 1) return output;
    const widths = [];
    for (let c = 0; c < columns; c++) {
      let width = 0;
      for (let j = c; j < output.length; j += columns) if (lengths[j] > width) width = lengths[j];
      widths.push(width + gap);
    }
    let numeric = value !== undefined;
    if (numeric) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') { numeric = false; break; }
      }
    }
    const rows = [];
    for (let i = 0; i < count; i += columns) {
      const end = Math.min(i + columns, count);
      let line = '';
      let j = i;
      for (; j < end - 1; j++) {
        const cellText = `${output[j]}, `;
        line += numeric ? cellText.padStart(widths[j - i]) : cellText.padEnd(widths[j - i]);
      }
      line += numeric ? output[j].padStart(widths[j - i] - gap) : output[j];
      rows.push(line);
    }
    if (ctx.extraEntry) rows.push(output[count]);
    return rows;
  }

  function reduceToSingleString(ctx, output, base, braces, isArrayLike, level, value) {
    const entries = output.length;
    if (isArrayLike && entries > 6) output = groupEntries(ctx, output, value);
    if (ctx.currentDepth - level < COMPACT && entries === output.length) {
      const start = output.length + ctx.indent + braces[0].length + base.length + 10;
      if (isBelowBreakLength(output, start, base)) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) {
          return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indent)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }

  function formatProperty(ctx, obj, key, level, arrayItem) {
    const desc = Object.getOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
    let str;
    if (desc.value !== undefined || !('get' in desc || 'set' in desc)) {
      ctx.indent += 2;
      str = formatValue(ctx, desc.value, level + 1);
      ctx.indent -= 2;
    } else if (desc.get !== undefined) {
      str = desc.set !== undefined ? '[Getter/Setter]' : '[Getter]';
    } else {
      str = desc.set !== undefined ? '[Setter]' : 'undefined';
    }
    if (arrayItem) return str;
    const name = desc.enumerable === false ? `[${formatKey(key)}]` : formatKey(key);
    return `${name}: ${str}`;
  }

  function ownKeys(obj) {
    const keys = Object.keys(obj);
    for (const sym of Object.getOwnPropertySymbols(obj)) {
      if (Object.prototype.propertyIsEnumerable.call(obj, sym)) keys.push(sym);
    }
    return keys;
  }

  function formatArrayItems(ctx, arr, level, length) {
    const output = [];
    const shown = Math.min(MAX_ARRAY, length);
    let holes = 0;
    let i = 0;
    for (; i < length && output.length < shown; i++) {
      if (!Object.prototype.hasOwnProperty.call(arr, i)) { holes++; continue; }
      if (holes > 0) {
        output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        holes = 0;
        if (output.length >= shown) break;
      }
      output.push(formatProperty(ctx, arr, i, level, true));
    }
    if (holes > 0 && output.length < shown) {
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      holes = 0;
    }
    const remaining = length - i;
    if (remaining > 0 && output.length >= shown) {
      output.push(`... ${remaining} more item${remaining > 1 ? 's' : ''}`);
      ctx.extraEntry = true;
    }
    return output;
  }

  function formatValue(ctx, value, level) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return formatPrimitive(value, ctx);
    }
    if (ctx.seen.includes(value)) {
      let index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
      return `[Circular *${index}]`;
    }
    return formatRaw(ctx, value, level);
  }

  function formatRaw(ctx, value, level) {
    let keys = ownKeys(value);
    const ctor = constructorName(value);
    const tag = tagOf(value);
    let base = '';
    let braces = ['{', '}'];
    let formatter = () => [];
    let isArrayLike = false;
    let noEntries = false;
    const extraKeys = (skip) => { keys = keys.filter((k) => !skip(k)); };

    if (Array.isArray(value)) {
      extraKeys((k) => typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k));
      if (ctx.showHidden) keys.push('length'); // printed as `[length]: n`, like Node's %o
      const p = ctor !== 'Array' || tag !== '' ? prefix(ctor, tag, 'Array', `(${value.length})`) : '';
      braces = [`${p}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      isArrayLike = true;
      formatter = () => formatArrayItems(ctx, value, level, value.length);
    } else if (value instanceof Set) {
      const p = prefix(ctor, tag, 'Set', `(${value.size})`);
      if (value.size === 0 && keys.length === 0) return `${p}{}`;
      braces = [`${p}{`, '}'];
      formatter = () => {
        ctx.indent += 2;
        const out = [...value].map((v) => formatValue(ctx, v, level + 1));
        ctx.indent -= 2;
        return out;
      };
    } else if (value instanceof Map) {
      const p = prefix(ctor, tag, 'Map', `(${value.size})`);
      if (value.size === 0 && keys.length === 0) return `${p}{}`;
      braces = [`${p}{`, '}'];
      formatter = () => {
        ctx.indent += 2;
        const out = [...value].map(([k, v]) => `${formatValue(ctx, k, level + 1)} => ${formatValue(ctx, v, level + 1)}`);
        ctx.indent -= 2;
        return out;
      };
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      extraKeys((k) => typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k));
      const p = prefix(ctor, tag, tag || 'TypedArray', `(${value.length})`);
      braces = [`${p}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      isArrayLike = true;
      formatter = () => {
        const out = [];
        const shown = Math.min(MAX_ARRAY, value.length);
        for (let i = 0; i < shown; i++) out.push(typeof value[i] === 'bigint' ? `${value[i]}n` : formatNumber(value[i]));
        if (value.length > shown) {
          out.push(`... ${value.length - shown} more item${value.length - shown > 1 ? 's' : ''}`);
          ctx.extraEntry = true;
        }
        return out;
      };
    } else if (typeof value === 'function') {
      base = functionBase(value, ctor, tag);
      extraKeys((k) => k === 'prototype');
      if (keys.length === 0) return base;
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0) return base;
    } else if (value instanceof Date) {
      base = Number.isNaN(value.getTime()) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
      if (keys.length === 0) return base;
    } else if (value instanceof Error) {
      base = formatError(value, keys, ctx);
      extraKeys((k) => k === 'stack' || k === 'message');
      if (keys.length === 0) return base;
    } else if (value instanceof Promise) {
      braces = [`${prefix(ctor, tag, 'Promise')}{`, '}'];
      const state = host.promiseState ? host.promiseState(value) : ['pending'];
      formatter = () => {
        if (state[0] === 'pending') return ['<pending>'];
        ctx.indent += 2;
        const shown = formatValue(ctx, state[1], level + 1);
        ctx.indent -= 2;
        return [state[0] === 'rejected' ? `<rejected> ${shown}` : shown];
      };
    } else if (value instanceof WeakMap || value instanceof WeakSet || (typeof WeakRef === 'function' && value instanceof WeakRef)) {
      const name = value instanceof WeakMap ? 'WeakMap' : value instanceof WeakSet ? 'WeakSet' : 'WeakRef';
      braces = [`${prefix(ctor, tag, name)}{`, '}'];
      formatter = () => ['<items unknown>'];
    } else if (value instanceof ArrayBuffer) {
      braces = [`${prefix(ctor, tag, 'ArrayBuffer')}{`, '}'];
      formatter = () => {
        const bytes = [...new Uint8Array(value, 0, Math.min(50, value.byteLength))]
          .map((b) => b.toString(16).padStart(2, '0')).join(' ');
        const more = value.byteLength > 50 ? ` ... ${value.byteLength - 50} more byte${value.byteLength - 50 > 1 ? 's' : ''}` : '';
        return [`[Uint8Contents]: <${bytes}${more}>`, `byteLength: ${value.byteLength}`];
      };
    } else if (value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt || value instanceof Symbol) {
      const type = value instanceof Number ? 'Number' : value instanceof String ? 'String'
        : value instanceof Boolean ? 'Boolean' : value instanceof BigInt ? 'BigInt' : 'Symbol';
      const inner = formatPrimitive(value.valueOf(), ctx);
      base = `[${type}${ctor !== type ? ` (${ctor === null ? 'null prototype' : ctor})` : ''}: ${inner}]`;
      if (value instanceof String) extraKeys((k) => typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k));
      if (keys.length === 0) return base;
    } else {
      if (ctor === 'Object') {
        if (tag !== '') braces[0] = `${prefix(ctor, tag, 'Object')}{`;
        if (keys.length === 0) return tag !== '' ? `${braces[0]}}` : '{}';
      } else {
        braces[0] = `${prefix(ctor, tag, 'Object')}{`;
        if (keys.length === 0) return `${braces[0]}}`;
      }
      noEntries = true;
    }

    if (level > ctx.depth) {
      const name = ctor || tag || 'Object';
      return Array.isArray(value) ? '[Array]' : `[${name}]`;
    }

    ctx.seen.push(value);
    ctx.currentDepth = level;
    const savedExtra = ctx.extraEntry;
    ctx.extraEntry = false;
    let output;
    try {
      output = noEntries ? [] : formatter();
      for (const key of keys) output.push(formatProperty(ctx, value, key, level, false));
    } finally {
      ctx.seen.pop();
    }
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const ref = `<ref *${index}>`;
      if (base === '') braces[0] = `${ref} ${braces[0]}`;
      else base = `${ref} ${base}`;
    }
    const result = reduceToSingleString(ctx, output, base, braces, isArrayLike, level, value);
    ctx.extraEntry = savedExtra;
    return result;
  }

  function inspect(value, options) {
    const ctx = {
      depth: options && options.depth !== undefined ? (options.depth === null ? Infinity : options.depth) : 2,
      indent: 0,
      seen: [],
      circular: new Map(),
      currentDepth: 0,
      extraEntry: false,
      showHidden: !!(options && options.showHidden),
    };
    return formatValue(ctx, value, 0);
  }

  // ------------------------------------------------------------------ format (util.format)
  function format(...args) {
    const first = args[0];
    let out = '';
    let next = 0;
    if (typeof first === 'string') {
      next = 1;
      let last = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first[i] !== '%') continue;
        const spec = first[i + 1];
        if (spec === '%') { out += first.slice(last, i) + '%'; last = i + 2; i++; continue; }
        if (next >= args.length || !'sdifjoOc'.includes(spec)) continue;
        const arg = args[next];
        let text;
        switch (spec) {
          case 's':
            text = typeof arg === 'bigint' ? `${arg}n`
              : typeof arg === 'symbol' ? arg.toString()
              : (typeof arg === 'object' && arg !== null) ? inspect(arg, { depth: 1 })
              : typeof arg === 'number' ? formatNumber(arg) : String(arg);
            break;
          case 'd':
            text = typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'symbol' ? 'NaN' : formatNumber(Number(arg));
            break;
          case 'i':
            text = typeof arg === 'bigint' ? `${arg}n` : typeof arg === 'symbol' ? 'NaN' : formatNumber(parseInt(arg, 10));
            break;
          case 'f':
            text = typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(arg));
            break;
          case 'j':
            try { text = JSON.stringify(arg); } catch { text = '[Circular]'; }
            break;
          case 'o':
            text = inspect(arg, { depth: 4, showHidden: true });
            break;
          case 'O':
            text = inspect(arg);
            break;
          case 'c':
            text = '';
            break;
        }
        out += first.slice(last, i) + text;
        last = i + 2;
        i++;
        next++;
      }
      out += first.slice(last);
    }
    for (; next < args.length; next++) {
      const arg = args[next];
      if (out !== '' || next > 0) out += ' ';
      out += typeof arg === 'string' ? arg : inspect(arg);
    }
    return out;
  }

  // ------------------------------------------------------------------ console
  let groupIndent = '';
  const counts = new Map();
  const timers = new Map();
  const emit = (fd, args) => {
    let text = format(...args);
    if (groupIndent) text = groupIndent + text.split('\n').join(`\n${groupIndent}`);
    host.write(fd, text + '\n');
  };
  const console = {
    log: (...args) => emit(1, args),
    info: (...args) => emit(1, args),
    debug: (...args) => emit(1, args),
    warn: (...args) => emit(2, args),
    error: (...args) => emit(2, args),
    trace: (...args) => {
      const err = new Error(format(...args));
      err.name = 'Trace';
      emit(2, [err.stack]);
    },
    dir: (value, options) => emit(1, [inspect(value, options)]),
    dirxml: (...args) => emit(1, args),
    assert: (condition, ...args) => {
      if (!condition) {
        args[0] = args.length ? `Assertion failed: ${args[0]}` : 'Assertion failed';
        emit(2, args);
      }
    },
    count: (label = 'default') => {
      const n = (counts.get(`${label}`) || 0) + 1;
      counts.set(`${label}`, n);
      emit(1, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => { counts.delete(`${label}`); },
    time: (label = 'default') => { timers.set(`${label}`, host.now()); },
    timeEnd: (label = 'default') => {
      const start = timers.get(`${label}`);
      if (start === undefined) return;
      timers.delete(`${label}`);
      emit(1, [`${label}: ${formatDuration(host.now() - start)}`]);
    },
    timeLog: (label = 'default', ...data) => {
      const start = timers.get(`${label}`);
      if (start === undefined) return;
      emit(1, [`${label}: ${formatDuration(host.now() - start)}`, ...data]);
    },
    group: (...labels) => {
      if (labels.length) emit(1, labels);
      groupIndent += '  ';
    },
    groupEnd: () => { groupIndent = groupIndent.slice(0, -2); },
    table: (data, columns) => emit(1, [table(data, columns)]),
  };
  console.groupCollapsed = console.group;

  function formatDuration(ms) {
    if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
    return `${ms.toFixed(3)}ms`;
  }

  function table(data, columns) {
    if (data === null || typeof data !== 'object') return format(data);
    const cell = (v) => (v === undefined ? '' : typeof v === 'string' ? quote(v) : inspect(v, { depth: 1 }));
    const rows = data instanceof Map ? [...data.entries()] : Object.entries(data);
    const keys = [];
    let hasValues = false;
    for (const [, row] of rows) {
      if (row !== null && typeof row === 'object') {
        for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
      } else hasValues = true;
    }
    const cols = columns || keys;
    const header = [data instanceof Map ? '(iteration index)' : '(index)', ...cols];
    if (hasValues) header.push('Values');
    const body = rows.map(([index, row]) => {
      const line = [String(index)];
      for (const k of cols) line.push(row !== null && typeof row === 'object' ? cell(row[k]) : '');
      if (hasValues) line.push(row !== null && typeof row === 'object' ? '' : cell(row));
      return line;
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)) + 2);
    const center = (text, width) => {
      const left = Math.floor((width - text.length) / 2);
      return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
    };
    const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
    const out = [line('┌', '┬', '┐'), '│' + header.map((h, i) => center(h, widths[i])).join('│') + '│', line('├', '┼', '┤')];
    for (const r of body) out.push('│' + r.map((c, i) => center(c, widths[i])).join('│') + '│');
    out.push(line('└', '┴', '┘'));
    return out.join('\n');
  }

  // ------------------------------------------------------------------ timers
  let nextTimerId = 1;
  const activeTimers = new Map();

  class Timeout {
    constructor(callback, delay, args, repeat) {
      this._id = nextTimerId++;
      this._callback = callback;
      this._args = args;
      this._delay = delay;
      this._repeat = repeat;
      this._refed = true;
    }
    ref() { this._refed = true; if (activeTimers.has(this._id)) host.refTimer(this._id, true); return this; }
    unref() { this._refed = false; if (activeTimers.has(this._id)) host.refTimer(this._id, false); return this; }
    hasRef() { return this._refed; }
    refresh() { if (activeTimers.has(this._id)) host.scheduleTimer(this._id, this._delay, this._refed); return this; }
    close() { clearTimer(this); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function clampDelay(delay) {
    const n = Number(delay);
    return n >= 1 && n <= 2147483647 ? n : 1;
  }

  function startTimer(callback, delay, args, repeat) {
    if (typeof callback !== 'function') {
      throw new TypeError(`The "callback" argument must be of type function. Received ${inspect(callback)}`);
    }
    const timer = new Timeout(callback, clampDelay(delay), args, repeat);
    activeTimers.set(timer._id, timer);
    host.scheduleTimer(timer._id, timer._delay, true);
    return timer;
  }

  function clearTimer(timer) {
    if (timer === null || timer === undefined) return;
    const id = typeof timer === 'object' ? timer._id : Number(timer);
    if (activeTimers.delete(id)) host.cancelTimer(id);
  }

  function fireTimer(id) {
    const timer = activeTimers.get(id);
    if (timer === undefined) return;
    if (timer._repeat) host.scheduleTimer(id, timer._delay, timer._refed);
    else activeTimers.delete(id);
    timer._callback(...timer._args);
  }

  define(globalThis, 'setTimeout', (callback, delay, ...args) => startTimer(callback, delay, args, false));
  define(globalThis, 'setInterval', (callback, delay, ...args) => startTimer(callback, delay, args, true));
  define(globalThis, 'setImmediate', (callback, ...args) => startTimer(callback, 0, args, false));
  define(globalThis, 'clearTimeout', clearTimer);
  define(globalThis, 'clearInterval', clearTimer);
  define(globalThis, 'clearImmediate', clearTimer);

  const runMicrotask = (callback, args) => {
    try { callback(...args); } catch (error) { host.reportError(error); }
  };
  define(globalThis, 'queueMicrotask', (callback) => {
    if (typeof callback !== 'function') {
      throw new TypeError(`The "callback" argument must be of type function. Received ${inspect(callback)}`);
    }
    Promise.resolve().then(() => runMicrotask(callback, []));
  });

  // ------------------------------------------------------------------ structuredClone
  if (typeof globalThis.structuredClone !== 'function') {
    const clone = (value, seen) => {
      if (value === null || typeof value !== 'object') {
        if (typeof value === 'function' || typeof value === 'symbol') {
          const err = new Error(`${typeof value === 'function' ? inspect(value) : value.toString()} could not be cloned.`);
          err.name = 'DataCloneError';
          throw err;
        }
        return value;
      }
      if (seen.has(value)) return seen.get(value);
      let copy;
      if (value instanceof Date) copy = new Date(value.getTime());
      else if (value instanceof RegExp) copy = new RegExp(value.source, value.flags);
      else if (ArrayBuffer.isView(value)) copy = new value.constructor(value);
      else if (value instanceof ArrayBuffer) copy = value.slice(0);
      else if (value instanceof Map) {
        copy = new Map();
        seen.set(value, copy);
        for (const [k, v] of value) copy.set(clone(k, seen), clone(v, seen));
        return copy;
      } else if (value instanceof Set) {
        copy = new Set();
        seen.set(value, copy);
        for (const v of value) copy.add(clone(v, seen));
        return copy;
      } else if (value instanceof Error) {
        copy = new Error(value.message);
        copy.name = value.name;
      } else copy = Array.isArray(value) ? [] : {};
      seen.set(value, copy);
      for (const key of Object.keys(value)) copy[key] = clone(value[key], seen);
      return copy;
    };
    define(globalThis, 'structuredClone', (value) => clone(value, new Map()));
  }

  // ------------------------------------------------------------------ TextEncoder / TextDecoder
  function utf8Encode(str) {
    const out = new Uint8Array(str.length * 3);
    let n = 0;
    for (let i = 0; i < str.length; i++) {
      let code = str.charCodeAt(i);
      if (code < 0x80) { out[n++] = code; continue; }
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
        const low = str.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
          out[n++] = 0xf0 | (code >> 18);
          out[n++] = 0x80 | ((code >> 12) & 0x3f);
          out[n++] = 0x80 | ((code >> 6) & 0x3f);
          out[n++] = 0x80 | (code & 0x3f);
          continue;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate
      if (code < 0x800) {
        out[n++] = 0xc0 | (code >> 6);
        out[n++] = 0x80 | (code & 0x3f);
      } else {
        out[n++] = 0xe0 | (code >> 12);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
      }
    }
    return out.slice(0, n);
  }

  // Decodes bytes[start:end]; returns [text, index of an unfinished trailing sequence].
  function utf8Decode(bytes, fatal, stream) {
    const units = [];
    let text = '';
    const end = bytes.length;
    let i = 0;
    const flush = () => { text += String.fromCharCode.apply(null, units); units.length = 0; };
    const bad = () => {
      if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8');
      units.push(0xfffd);
    };
    while (i < end) {
      const b = bytes[i];
      if (b < 0x80) { units.push(b); i++; }
      else {
        let need = 0;
        let min = 0;
        let code = 0;
        if (b >= 0xc2 && b <= 0xdf) { need = 1; code = b & 0x1f; min = 0x80; }
        else if (b >= 0xe0 && b <= 0xef) { need = 2; code = b & 0x0f; min = 0x800; }
        else if (b >= 0xf0 && b <= 0xf4) { need = 3; code = b & 0x07; min = 0x10000; }
        else { bad(); i++; continue; }
        if (i + need >= end + (stream ? 0 : 1) && stream && i + need >= end) {
          // Incomplete sequence at the end of a streamed chunk: keep it for the next call.
          let complete = true;
          for (let k = 1; i + k < end; k++) if ((bytes[i + k] & 0xc0) !== 0x80) complete = false;
          if (complete) { flush(); return [text, i]; }
        }
        let k = 1;
        for (; k <= need; k++) {
          const c = bytes[i + k];
          if (i + k >= end || (c & 0xc0) !== 0x80) break;
          code = (code << 6) | (c & 0x3f);
        }
        if (k <= need || code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          bad();
          i += Math.max(1, k === 1 ? 1 : k);
          continue;
        }
        i += need + 1;
        if (code >= 0x10000) {
          code -= 0x10000;
          units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
        } else units.push(code);
      }
      if (units.length >= 8192) flush();
    }
    flush();
    return [text, end];
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return utf8Encode(String(input)); }
    encodeInto(input, dest) {
      const bytes = utf8Encode(String(input));
      let written = bytes.length;
      if (written > dest.length) {
        written = dest.length;
        while (written > 0 && (bytes[written] & 0xc0) === 0x80) written--;
      }
      dest.set(bytes.subarray(0, written));
      const read = new TextDecoder().decode(bytes.subarray(0, written)).length;
      return { read, written };
    }
  }

  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const name = String(label).trim().toLowerCase();
      if (name !== 'utf-8' && name !== 'utf8' && name !== 'unicode-1-1-utf-8') {
        throw new RangeError(`The "${label}" encoding is not supported`);
      }
      this._fatal = !!options.fatal;
      this._ignoreBOM = !!options.ignoreBOM;
      this._pending = new Uint8Array(0);
      this._bomSeen = false;
    }
    get encoding() { return 'utf-8'; }
    get fatal() { return this._fatal; }
    get ignoreBOM() { return this._ignoreBOM; }
    decode(input, options = {}) {
      let bytes;
      if (input === undefined) bytes = new Uint8Array(0);
      else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
      else if (ArrayBuffer.isView(input)) bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      else throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
      if (this._pending.length) {
        const joined = new Uint8Array(this._pending.length + bytes.length);
        joined.set(this._pending);
        joined.set(bytes, this._pending.length);
        bytes = joined;
      }
      const stream = !!options.stream;
      const [text, used] = utf8Decode(bytes, this._fatal, stream);
      this._pending = stream ? bytes.slice(used) : new Uint8Array(0);
      let result = text;
      if (!this._ignoreBOM && !this._bomSeen && result.charCodeAt(0) === 0xfeff) result = result.slice(1);
      if (result.length) this._bomSeen = stream;
      if (!stream) this._bomSeen = false;
      return result;
    }
  }
  define(globalThis, 'TextEncoder', TextEncoder);
  define(globalThis, 'TextDecoder', TextDecoder);

  // ------------------------------------------------------------------ URL / URLSearchParams
  if (typeof globalThis.URLSearchParams !== 'function') {
    const encodeParam = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    const decodeParam = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
    class URLSearchParams {
      constructor(init = '') {
        this._list = [];
        this._url = null;
        if (typeof init === 'string') this._parse(init);
        else if (init && typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this._list.push([String(k), String(v)]);
        else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      }
      _parse(text) {
        this._list = [];
        if (text.startsWith('?')) text = text.slice(1);
        for (const part of text.split('&')) {
          if (!part) continue;
          const eq = part.indexOf('=');
          this._list.push(eq < 0 ? [decodeParam(part), ''] : [decodeParam(part.slice(0, eq)), decodeParam(part.slice(eq + 1))]);
        }
      }
      _update() { if (this._url) this._url._query = this.toString(); }
      get size() { return this._list.length; }
      append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
      delete(k) { this._list = this._list.filter(([key]) => key !== String(k)); this._update(); }
      get(k) { const e = this._list.find(([key]) => key === String(k)); return e ? e[1] : null; }
      getAll(k) { return this._list.filter(([key]) => key === String(k)).map(([, v]) => v); }
      has(k) { return this._list.some(([key]) => key === String(k)); }
      set(k, v) {
        const i = this._list.findIndex(([key]) => key === String(k));
        if (i < 0) this._list.push([String(k), String(v)]);
        else { this._list[i] = [String(k), String(v)]; this._list = this._list.filter(([key], j) => j <= i || key !== String(k)); }
        this._update();
      }
      sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
      forEach(fn, self) { for (const [k, v] of this._list) fn.call(self, v, k, this); }
      keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
      values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
      entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
      [Symbol.iterator]() { return this.entries(); }
      toString() { return this._list.map(([k, v]) => `${encodeParam(k)}=${encodeParam(v)}`).join('&'); }
    }
    define(globalThis, 'URLSearchParams', URLSearchParams);
  }

  if (typeof globalThis.URL !== 'function') {
    const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
    const PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?)?([^?#]*)(\?[^#]*)?(#.*)?$/;
    const normalizePath = (path) => {
      const out = [];
      const segments = path.split('/');
      for (let i = 0; i < segments.length; i++) {
        const s = segments[i];
        if (s === '..') { if (out.length > 1) out.pop(); if (i === segments.length - 1) out.push(''); }
        else if (s === '.') { if (i === segments.length - 1) out.push(''); }
        else out.push(s);
      }
      const joined = out.join('/');
      return joined.startsWith('/') ? joined : '/' + joined;
    };
    const escapePath = (p) => p.replace(/[ "<>`{}]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
    class URL {
      constructor(input, base) {
        input = String(input).trim();
        let m = PATTERN.exec(input);
        if (!m) {
          if (base === undefined) throw new TypeError(`Invalid URL: ${input}`);
          const b = base instanceof URL ? base : new URL(base);
          m = null;
          this._protocol = b._protocol; this._username = b._username; this._password = b._password;
          this._hostname = b._hostname; this._port = b._port;
          let rest = input;
          let hash = '';
          const h = rest.indexOf('#');
          if (h >= 0) { hash = rest.slice(h); rest = rest.slice(0, h); }
          let query = null;
          const q = rest.indexOf('?');
          if (q >= 0) { query = rest.slice(q); rest = rest.slice(0, q); }
          if (rest.startsWith('//')) {
            const u = new URL(b._protocol + rest + (query || '') + hash);
            Object.assign(this, u);
            this._search = new URLSearchParams(this._query); this._search._url = this;
            return;
          }
          if (rest === '') {
            this._pathname = b._pathname;
            this._query = query !== null ? query.slice(1) : (b._query === null ? null : b._query);
          } else if (rest.startsWith('/')) {
            this._pathname = normalizePath(escapePath(rest));
            this._query = query !== null ? query.slice(1) : null;
          } else {
            const dir = b._pathname.slice(0, b._pathname.lastIndexOf('/') + 1);
            this._pathname = normalizePath(escapePath(dir + rest));
            this._query = query !== null ? query.slice(1) : null;
          }
          this._hash = hash.length > 1 ? hash : '';
        } else {
          this._protocol = m[1].toLowerCase();
          this._username = m[2] || '';
          this._password = m[3] || '';
          this._hostname = (m[4] || '').toLowerCase();
          const port = m[5] || '';
          this._port = SPECIAL[this._protocol] === port ? '' : port;
          const special = this._protocol in SPECIAL;
          const path = m[6] || '';
          this._pathname = special ? normalizePath(escapePath(path || '/')) : path;
          this._query = m[7] !== undefined ? m[7].slice(1) : null;
          this._hash = m[8] && m[8].length > 1 ? m[8] : '';
          if (special && this._protocol !== 'file:' && !this._hostname) throw new TypeError(`Invalid URL: ${input}`);
        }
        this._search = new URLSearchParams(this._query || '');
        this._search._url = this;
      }
      get protocol() { return this._protocol; }
      get username() { return this._username; }
      get password() { return this._password; }
      get hostname() { return this._hostname; }
      get port() { return this._port; }
      get host() { return this._hostname + (this._port ? ':' + this._port : ''); }
      get origin() { return this._protocol in SPECIAL && this._protocol !== 'file:' ? `${this._protocol}//${this.host}` : 'null'; }
      get pathname() { return this._pathname; }
      set pathname(v) { this._pathname = normalizePath(escapePath(String(v))); }
      get search() { return this._query ? '?' + this._query : ''; }
      set search(v) { v = String(v); this._query = v.startsWith('?') ? v.slice(1) : v; this._search._parse(this._query); }
      get searchParams() { return this._search; }
      get hash() { return this._hash; }
      set hash(v) { v = String(v); this._hash = v ? (v.startsWith('#') ? v : '#' + v) : ''; }
      get href() {
        const auth = this._username ? this._username + (this._password ? ':' + this._password : '') + '@' : '';
        const slashes = this._protocol in SPECIAL || this._hostname ? '//' : '';
        return `${this._protocol}${slashes}${auth}${this.host}${this._pathname}${this.search}${this._hash}`;
      }
      toString() { return this.href; }
      toJSON() { return this.href; }
      static canParse(input, base) { try { new URL(input, base); return true; } catch { return false; } }
    }
    define(globalThis, 'URL', URL);
  }

  // ------------------------------------------------------------------ process
  const listeners = new Map();
  const toText = (chunk) => (typeof chunk === 'string' ? chunk
    : ArrayBuffer.isView(chunk) ? new TextDecoder().decode(chunk) : String(chunk));
  const stream = (fd) => ({
    write(chunk, encoding, callback) {
      host.write(fd, toText(chunk));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(done);
      return true;
    },
    get isTTY() { return host.isatty(fd); },
    fd,
    on() { return this; },
    once() { return this; },
    end() {},
  });
  const origin = host.now();
  const hrtime = (previous) => {
    const now = host.now();
    const sec = Math.floor(now / 1000);
    const nsec = Math.floor((now % 1000) * 1e6);
    if (!previous) return [sec, nsec];
    let ds = sec - previous[0];
    let dn = nsec - previous[1];
    if (dn < 0) { ds -= 1; dn += 1e9; }
    return [ds, dn];
  };
  hrtime.bigint = () => BigInt(Math.floor(host.now() * 1e6));
  const process = {
    argv: host.argv,
    argv0: 'esmload',
    execArgv: [],
    env: host.env,
    exitCode: undefined,
    platform: host.platform,
    pid: host.pid,
    arch: 'x64',
    version: 'v0.0.0-esmload',
    versions: host.versions,
    release: { name: 'esmload' },
    title: 'esmload',
    cwd: () => host.cwd(),
    exit(code) {
      const status = code === undefined ? process.exitCode : code;
      host.exit(status === undefined ? 0 : Number(status) | 0);
    },
    nextTick(callback, ...args) { Promise.resolve().then(() => runMicrotask(callback, args)); },
    hrtime,
    uptime: () => (host.now() - origin) / 1000,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    stdout: stream(1),
    stderr: stream(2),
    on(event, fn) { if (!listeners.has(event)) listeners.set(event, []); listeners.get(event).push(fn); return process; },
    once(event, fn) {
      const wrapper = (...args) => { process.off(event, wrapper); fn(...args); };
      return process.on(event, wrapper);
    },
    off(event, fn) {
      const list = listeners.get(event);
      if (list) listeners.set(event, list.filter((f) => f !== fn));
      return process;
    },
    emit(event, ...args) {
      const list = listeners.get(event) || [];
      for (const fn of [...list]) fn.apply(process, args);
      return list.length > 0;
    },
    listenerCount: (event) => (listeners.get(event) || []).length,
    emitWarning(warning) { host.write(2, `(esmload) Warning: ${warning instanceof Error ? warning.message : warning}\n`); },
  };
  process.addListener = process.on;
  process.removeListener = process.off;
  process.removeAllListeners = (event) => { if (event === undefined) listeners.clear(); else listeners.delete(event); return process; };
  define(globalThis, 'process', process);
  define(globalThis, 'console', console);
  define(globalThis, 'global', globalThis);
  if (typeof globalThis.performance !== 'object') {
    define(globalThis, 'performance', { now: () => host.now() - origin, timeOrigin: host.timeOrigin });
  }

  let exiting = false;
  return {
    fireTimer,
    inspect: (value) => inspect(value),
    exitCode: () => {
      const code = process.exitCode;
      return code === undefined || code === null ? 0 : Number(code) | 0;
    },
    runExitHandlers: (code) => {
      if (exiting) return;
      exiting = true;
      if (process.exitCode === undefined) process.exitCode = code;
      process.emit('exit', code);
    },
  };
})
