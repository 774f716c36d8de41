'use strict';

// path.win32: both separators, drive letters ('C:'), UNC roots ('\\server\share').

const common = require('internal/path/common');
const { validatePath, foldSegments, lastSegment, extensionIndex } = common;

const isSep = (ch) => ch === '\\' || ch === '/';
const isLetter = (ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
const hasDrive = (path) => path.length >= 2 && path[1] === ':' && isLetter(path[0]);
const lazyProcess = () => require('internal/process').process;

// The root of a path: { device, rootEnd, absolute, uncOnly }. `device` is the drive ('C:') or
// the UNC root written with backslashes ('\\server\share'); rootEnd is where the rest starts
// (after the separator that follows the device, when there is one, except for UNC roots,
// where it is the separator's index); uncOnly: the path is a UNC root and nothing else.
// With `namespaces` (normalize, resolve), '\\.\' and '\\?\' are roots by themselves.
function rootOf(path, namespaces = false) {
  const len = path.length;
  const root = { device: '', rootEnd: 0, absolute: false, uncOnly: false, sepAfter: false };
  if (len === 0) return root;
  if (isSep(path[0])) {
    root.absolute = true;
    root.rootEnd = 1;
    if (len > 2 && isSep(path[1])) {
      let j = 2;
      while (j < len && !isSep(path[j])) j++;
      if (j > 2 && j < len) {
        const server = path.slice(2, j);
        while (j < len && isSep(path[j])) j++;
        if (j < len) {
          const shareStart = j;
          while (j < len && !isSep(path[j])) j++;
          if (namespaces && (server === '.' || server === '?')) {
            // a device namespace ('\\.\pipe', '\\?\C:'): what follows is not a share
            root.device = `\\\\${server}`;
            root.rootEnd = 4;
            return root;
          }
          root.device = `\\\\${server}\\${path.slice(shareStart, j)}`;
          root.rootEnd = j;
          root.uncOnly = j === len;
          root.sepAfter = j < len;
        }
      }
    }
  } else if (hasDrive(path)) {
    root.device = path.slice(0, 2);
    root.rootEnd = 2;
    if (len > 2 && isSep(path[2])) {
      root.absolute = true;
      root.rootEnd = 3;
    }
  }
  return root;
}

// Where the root of `path` ends as dirname() and parse() see it: after the separator that
// follows a UNC root or a drive, or after a lone leading separator; 0 without a root.
function rootLength(path) {
  const root = rootOf(path);
  if (root.device.length > 2) return root.sepAfter ? root.rootEnd + 1 : root.rootEnd;
  return root.rootEnd;
}

const win32 = {
  resolve(...paths) {
    let device = '';
    let tail = '';
    let absolute = false;
    for (let i = paths.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = paths[i];
        validatePath(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else if (device.length === 0) {
        path = lazyProcess().cwd();
      } else {
        // the current folder of that drive, or its root
        const process = lazyProcess();
        path = process.env[`=${device}`] || process.cwd();
        if (path === undefined ||
            (path.slice(0, 2).toLowerCase() !== device.toLowerCase() && path[2] === '\\')) {
          path = `${device}\\`;
        }
      }
      const root = rootOf(path, true);
      if (root.device.length > 0) {
        if (device.length === 0) device = root.device;
        else if (root.device.toLowerCase() !== device.toLowerCase()) continue;
      }
      if (absolute) {
        if (device.length > 0) break;
      } else {
        tail = `${path.slice(root.rootEnd)}\\${tail}`;
        absolute = root.absolute;
        if (absolute && device.length > 0) break;
      }
    }
    tail = foldSegments(tail, !absolute, '\\', isSep);
    if (absolute) return `${device}\\${tail}`;
    return `${device}${tail}` || '.';
  },

  normalize(path) {
    validatePath(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    if (len === 1) return isSep(path) ? '\\' : path;
    const root = rootOf(path, true);
    if (root.uncOnly) return `${root.device}\\`;
    let tail = foldSegments(path.slice(root.rootEnd), !root.absolute, '\\', isSep);
    if (tail.length === 0 && !root.absolute) tail = '.';
    if (tail.length > 0 && isSep(path[len - 1])) tail += '\\';
    if (root.device.length === 0 && !root.absolute && path.includes(':')) {
      // a relative path must not come out looking like one with a drive (or a stream)
      if (hasDrive(tail)) return `.\\${tail}`;
      for (let at = path.indexOf(':'); at !== -1; at = path.indexOf(':', at + 1)) {
        if (at === len - 1 || isSep(path[at + 1])) return `.\\${tail}`;
      }
    }
    if (root.absolute) return `${root.device}\\${tail}`;
    return `${root.device}${tail}`;
  },

  isAbsolute(path) {
    validatePath(path, 'path');
    const len = path.length;
    if (len === 0) return false;
    return isSep(path[0]) || (len > 2 && hasDrive(path) && isSep(path[2]));
  },

  join(...paths) {
    let joined;
    let first;
    for (const path of paths) {
      validatePath(path, 'path');
      if (path.length === 0) continue;
      if (joined === undefined) {
        joined = first = path;
      } else {
        joined = `${joined}\\${path}`;
      }
    }
    if (joined === undefined) return '.';
    // Leading separators are folded into one, so that normalize() does not take them for a
    // UNC root, unless the first part itself starts like one: exactly two separators and more.
    const uncLike = first.length > 2 && isSep(first[0]) && isSep(first[1]) && !isSep(first[2]);
    if (!uncLike) {
      let n = 0;
      while (n < joined.length && isSep(joined[n])) n++;
      if (n >= 2) joined = `\\${joined.slice(n)}`;
    }
    return win32.normalize(joined);
  },

  relative(from, to) {
    validatePath(from, 'from');
    validatePath(to, 'to');
    if (from === to) return '';
    const fromFull = win32.resolve(from);
    const toFull = win32.resolve(to);
    if (fromFull === toFull) return '';
    if (fromFull.toLowerCase() === toFull.toLowerCase()) return '';
    const trimmed = (path) => {
      let start = 0;
      let end = path.length;
      while (start < end && path[start] === '\\') start++;
      while (end > start && path[end - 1] === '\\') end--;
      return [start, end];
    };
    const [fs, fe] = trimmed(fromFull);
    const [ts, te] = trimmed(toFull);
    const lowFrom = fromFull.slice(fs, fe).toLowerCase();
    const lowTo = toFull.slice(ts, te).toLowerCase();
    const n = Math.min(lowFrom.length, lowTo.length);
    if (lowFrom.slice(0, n) === lowTo.slice(0, n) && !lowFrom.slice(0, n).includes('\\') &&
        lowFrom[n] !== '\\' && lowTo[n] !== '\\') {
      // The first segments differ, one being the start of the other: Node compares
      // characters, not segments, and answers this (garbled) way.
      const ups = (count) => new Array(count).fill('..').join('\\');
      if (n === 2) {
        if (lowTo.length > n) return toFull.slice(ts + 2, te);
        return lowFrom.length < 4 ? '' : ups(lowFrom.slice(4).split('\\').length);
      }
      return `${ups(lowFrom === '' ? 0 : lowFrom.split('\\').length)}${toFull.slice(ts, te)}`;
    }
    const a = fs === fe ? [] : fromFull.slice(fs, fe).split('\\');
    const b = ts === te ? [] : toFull.slice(ts, te).split('\\');
    let same = 0;
    while (same < a.length && same < b.length && a[same].toLowerCase() === b[same].toLowerCase()) {
      same++;
    }
    // nothing in common (another drive or server): the whole destination
    if (same === 0 && a.length > 0 && b.length > 0) return toFull;
    const up = new Array(a.length - same).fill('..');
    return up.concat(b.slice(same)).join('\\');
  },

  toNamespacedPath(path) {
    if (typeof path !== 'string' || path.length === 0) return path;
    const resolved = win32.resolve(path);
    if (resolved.length <= 2) return path;
    if (resolved[0] === '\\') {
      if (resolved[1] === '\\' && resolved[2] !== '?' && resolved[2] !== '.') {
        return `\\\\?\\UNC\\${resolved.slice(2)}`;
      }
    } else if (hasDrive(resolved) && resolved[2] === '\\') {
      return `\\\\?\\${resolved}`;
    }
    return resolved;
  },

  dirname(path) {
    validatePath(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    if (len === 1) return isSep(path) ? path : '.';
    const root = rootOf(path);
    if (root.uncOnly) return path;
    const from = rootLength(path);
    let i = len - 1;
    while (i >= from && isSep(path[i])) i--;
    while (i >= from && !isSep(path[i])) i--;
    if (i < from) return from === 0 ? '.' : path.slice(0, from);
    return path.slice(0, i);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validatePath(suffix, 'suffix');
    validatePath(path, 'path');
    return common.baseWithSuffix(path, suffix, hasDrive(path) ? 2 : 0, isSep);
  },

  extname(path) {
    validatePath(path, 'path');
    const [start, end] = lastSegment(path, hasDrive(path) ? 2 : 0, isSep);
    const base = path.slice(start, end);
    const dot = extensionIndex(base);
    return dot === -1 ? '' : base.slice(dot);
  },

  format: common.format.bind(null, '\\'),

  parse(path) {
    validatePath(path, 'path');
    const parsed = { root: '', dir: '', base: '', ext: '', name: '' };
    const len = path.length;
    if (len === 0) return parsed;
    const rootEnd = len === 1 ? (isSep(path) ? 1 : 0) : rootLength(path);
    if (rootEnd === len) {
      parsed.root = parsed.dir = path;
      return parsed;
    }
    if (rootEnd > 0) parsed.root = path.slice(0, rootEnd);
    const [start, end] = lastSegment(path, rootEnd, isSep);
    if (end > rootEnd) {
      const base = path.slice(start, end);
      const dot = extensionIndex(base);
      parsed.base = base;
      parsed.name = dot === -1 ? base : base.slice(0, dot);
      parsed.ext = dot === -1 ? '' : base.slice(dot);
    }
    parsed.dir = start > rootEnd ? path.slice(0, start - 1) : parsed.root;
    return parsed;
  },

  matchesGlob(path, pattern) {
    return common.matchesGlob(path, pattern, true);
  },

  sep: '\\',
  delimiter: ';',
  win32: null,
  posix: null,
  _makeLong: null,
};

win32._makeLong = win32.toNamespacedPath;
win32.win32 = win32;

module.exports = win32;
