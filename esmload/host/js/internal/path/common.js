'use strict';

// What path.posix and path.win32 share: argument checks, the folding of '.' and '..'
// segments, the extension rule, format() and the glob matcher behind matchesGlob().

const { invalidArgType } = require('internal/errors');

function validatePath(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
}

// `body` split at separators, without empty and '.' segments, each '..' taking away the
// segment before it; a '..' with nothing to take away is kept when `keepAbove` (relative
// paths) and dropped otherwise (nothing is above a root). Joined with `sep`.
function foldSegments(body, keepAbove, sep, isSep) {
  const out = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i < body.length && !isSep(body[i])) continue;
    const part = body.slice(start, i);
    start = i + 1;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (keepAbove) out.push('..');
    } else {
      out.push(part);
    }
  }
  return out.join(sep);
}

// The last segment of `path` at or after `from`: [start, end) without trailing separators.
// end is `from` when there is no segment.
function lastSegment(path, from, isSep) {
  let end = path.length;
  while (end > from && isSep(path[end - 1])) end--;
  let start = end;
  while (start > from && !isSep(path[start - 1])) start--;
  return [start, end];
}

// Where the extension of a base name starts, or -1: the last dot, unless it is the first
// character or the name is '..'.
function extensionIndex(base) {
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || base === '..') return -1;
  return dot;
}

// basename(path, suffix) after the checks: the segment is [start, end) of the path, the part
// after `from` (the drive of a win32 path) is where it may lie.
function baseWithSuffix(path, suffix, from, isSep) {
  const [start, end] = lastSegment(path, from, isSep);
  const base = path.slice(start, end);
  if (suffix === undefined || suffix.length === 0 || suffix.length > path.length) return base;
  if (suffix === path) return '';
  if (base.length < suffix.length) {
    // the whole segment ends the suffix: Node then leaves the trailing separators on
    if (suffix.endsWith(base)) return path.slice(end === from ? from : start);
    return base;
  }
  if (base !== suffix && base.endsWith(suffix)) return base.slice(0, base.length - suffix.length);
  return base;
}

function _format(sep, pathObject) {
  if (pathObject === null || typeof pathObject !== 'object' || Array.isArray(pathObject)) {
    throw invalidArgType('pathObject', 'object', pathObject);
  }
  const dir = pathObject.dir || pathObject.root;
  let base = pathObject.base;
  if (!base) {
    const ext = pathObject.ext;
    base = `${pathObject.name || ''}${ext ? (ext[0] === '.' ? ext : `.${ext}`) : ''}`;
  }
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
}

// Glob patterns of matchesGlob(): `*`, `?`, `[…]` (with `!`/`^`), `{a,b}` and `**` for any
// number of segments. `seps` is the class of separator characters ('/' or '/\\').
const globCache = new Map();

function escapeRegExp(ch) {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function globToRegExp(pattern, windows) {
  const key = `${windows ? 'w' : 'p'}${pattern}`;
  let found = globCache.get(key);
  if (found) return found;
  const sepClass = windows ? '[\\\\/]' : '\\/';
  const notSep = windows ? '[^\\\\/]' : '[^/]';
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const before = i === 0 || pattern[i - 1] === '/' || (windows && pattern[i - 1] === '\\');
        let j = i + 2;
        const isSep = (ch) => ch === '/' || (windows && ch === '\\');
        const afterSep = j < pattern.length && isSep(pattern[j]);
        if (before && (j === pattern.length || afterSep)) {
          // a whole '**' segment: any number of segments, none starting with a dot
          if (afterSep) {
            out += `(?:(?!\\.)${notSep}+${sepClass})*`;
            j++;
          } else {
            out += `(?:(?!\\.)${notSep}+(?:${sepClass}(?!\\.)${notSep}+)*)?`;
          }
          i = j - 1;
          continue;
        }
        while (pattern[i + 1] === '*') i++;
      }
      const atStart = i === 0 || out.endsWith(sepClass) || out.endsWith('(?:');
      out += `${atStart ? '(?!\\.)' : ''}${notSep}*`;
    } else if (ch === '?') {
      out += notSep;
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body[0] === '!' || body[0] === '^') {
        negate = true;
        body = body.slice(1);
      }
      const members = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
      out += `(?:(?!${sepClass})[${negate ? '^' : ''}${members}])`;
      i = close;
    } else if (ch === '{') {
      braces++;
      out += '(?:';
    } else if (ch === ',' && braces > 0) {
      out += '|';
    } else if (ch === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (ch === '/' || (windows && ch === '\\')) {
      out += sepClass;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]);
    } else {
      out += escapeRegExp(ch);
    }
  }
  while (braces-- > 0) out += ')';
  try {
    found = new RegExp(`^${out}$`);
  } catch {
    found = /(?!)/;
  }
  globCache.set(key, found);
  return found;
}

let globWarned = false;

function matchesGlob(path, pattern, windows) {
  validatePath(path, 'path');
  validatePath(pattern, 'pattern');
  if (!globWarned) {
    globWarned = true;
    require('internal/process/warning').emitWarning(
      'glob is an experimental feature and might change at any time', 'ExperimentalWarning');
  }
  return globToRegExp(pattern, windows).test(path);
}

module.exports = {
  validatePath,
  foldSegments,
  lastSegment,
  extensionIndex,
  baseWithSuffix,
  format: _format,
  matchesGlob,
};
