'use strict';

// path.posix; it links itself and path.win32 to each other (`posix.win32`, `win32.posix`).

const common = require('internal/path/common');
const { validatePath, foldSegments, lastSegment, extensionIndex } = common;

const isSep = (ch) => ch === '/';
const cwd = () => require('internal/process').process.cwd();

const posix = {
  resolve(...paths) {
    let resolved = '';
    let absolute = false;
    for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? paths[i] : cwd();
      validatePath(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path[0] === '/';
    }
    resolved = foldSegments(resolved, !absolute, '/', isSep);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : '.';
  },

  normalize(path) {
    validatePath(path, 'path');
    if (path.length === 0) return '.';
    const absolute = path[0] === '/';
    const trailing = path[path.length - 1] === '/';
    let body = foldSegments(path, !absolute, '/', isSep);
    if (body.length === 0) {
      if (absolute) return '/';
      return trailing ? './' : '.';
    }
    if (trailing) body += '/';
    return absolute ? `/${body}` : body;
  },

  isAbsolute(path) {
    validatePath(path, 'path');
    return path.length > 0 && path[0] === '/';
  },

  join(...paths) {
    let joined;
    for (const path of paths) {
      validatePath(path, 'path');
      if (path.length > 0) joined = joined === undefined ? path : `${joined}/${path}`;
    }
    return joined === undefined ? '.' : posix.normalize(joined);
  },

  relative(from, to) {
    validatePath(from, 'from');
    validatePath(to, 'to');
    if (from === to) return '';
    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';
    const a = from === '/' ? [] : from.slice(1).split('/');
    const b = to === '/' ? [] : to.slice(1).split('/');
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    const up = new Array(a.length - common).fill('..');
    return up.concat(b.slice(common)).join('/');
  },

  toNamespacedPath(path) {
    return path;
  },

  dirname(path) {
    validatePath(path, 'path');
    if (path.length === 0) return '.';
    const rooted = path[0] === '/';
    let i = path.length - 1;
    while (i >= 1 && path[i] === '/') i--;
    while (i >= 1 && path[i] !== '/') i--;
    if (i < 1) return rooted ? '/' : '.';
    if (rooted && i === 1) return '//';
    return path.slice(0, i);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validatePath(suffix, 'suffix');
    validatePath(path, 'path');
    return common.baseWithSuffix(path, suffix, 0, isSep);
  },

  extname(path) {
    validatePath(path, 'path');
    const [start, end] = lastSegment(path, 0, isSep);
    const base = path.slice(start, end);
    const dot = extensionIndex(base);
    return dot === -1 ? '' : base.slice(dot);
  },

  // a bound function, as Node's (its name is 'bound _format')
  format: common.format.bind(null, '/'),

  parse(path) {
    validatePath(path, 'path');
    const parsed = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return parsed;
    const absolute = path[0] === '/';
    if (absolute) parsed.root = '/';
    const from = absolute ? 1 : 0;
    const [start, end] = lastSegment(path, from, isSep);
    if (end > from) {
      const base = path.slice(start, end);
      let dot = extensionIndex(base);
      // Node's quirk: a '..' right after the root is the name '.' with the extension '.'
      if (base === '..' && absolute && start === from) dot = 1;
      parsed.base = base;
      parsed.name = dot === -1 ? base : base.slice(0, dot);
      parsed.ext = dot === -1 ? '' : base.slice(dot);
    }
    if (start > from) parsed.dir = path.slice(0, start - 1);
    else if (absolute) parsed.dir = '/';
    return parsed;
  },

  matchesGlob(path, pattern) {
    return common.matchesGlob(path, pattern, false);
  },

  sep: '/',
  delimiter: ':',
  win32: null,
  posix: null,
  _makeLong: null,
};

posix._makeLong = posix.toNamespacedPath;
posix.posix = posix;
const win32 = require('internal/path/win32');
posix.win32 = win32;
win32.posix = posix;

module.exports = posix;
