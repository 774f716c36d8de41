"""The `path` (posix and win32), `url`, `querystring` and `punycode` built-in modules, compared
with node's output."""

from __future__ import annotations

# Every function on a generated set of paths (a fixed pseudo-random walk over tricky pieces:
# separators, dots, drive letters, UNC roots, colons), plus the argument errors.
PATH = r"""
import path, { posix, win32, join as namedJoin } from 'node:path';
import posixModule from 'path/posix';
import win32Module from 'node:path/win32';

let seed = 7;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (items) => items[Math.floor(random() * items.length)];
const make = (pieces) => { let s = ''; for (let n = Math.floor(random() * 7); n > 0; n--) s += pick(pieces); return s; };
const call = (fn) => { try { return fn(); } catch (e) { return `${e.name} ${e.code} ${e.message}`; } };
const flavours = [
  ['posix', posix, ['/', '/', 'a', 'b', '.', '..', '.x', 'a.b', '...', '//', 'c.']],
  ['win32', win32, ['\\', '/', 'a', 'C:', 'c:', '.', '..', '\\\\', 'srv', 'x.y', ':', '?', 'sh', '.z', '1:']],
];
for (const [name, p, pieces] of flavours) {
  const lines = [];
  for (let k = 0; k < 700; k++) {
    const a = make(pieces), b = make(pieces), c = make(pieces);
    lines.push(JSON.stringify([a, b,
      p.normalize(a), p.isAbsolute(a), p.dirname(a), p.basename(a), p.basename(a, b),
      p.basename(a, a.slice(1)), p.extname(a), p.parse(a), p.join(a, b, c), p.resolve(a, b),
      p.relative(a, b), p.toNamespacedPath(a), p.format(p.parse(a)), p.format({ dir: a, name: b, ext: c }),
    ]));
  }
  console.log(name, lines.join('\n'));
  console.log(p.sep, p.delimiter, Object.keys(p), p.format, p.resolve.name);
  for (const fn of [() => p.resolve(1), () => p.resolve('a', null), () => p.join('a', {}), () => p.relative(1, 2),
    () => p.relative('a', 2), () => p.basename(1, 2), () => p.basename('a', 2), () => p.dirname(), () => p.extname(true),
    () => p.format(null), () => p.format('x'), () => p.format([]), () => p.isAbsolute(5n), () => p.normalize(undefined),
    () => p.parse(Symbol.iterator), () => p.toNamespacedPath(3), () => p.matchesGlob(1, 'a')]) console.log(call(fn));
}
console.log(path === posix, path.posix === posixModule, path.win32 === win32Module, posix.posix === posix,
  win32.win32 === win32, win32.posix === posix, posix.win32 === win32, namedJoin === path.join,
  path._makeLong === path.toNamespacedPath, win32._makeLong === win32.toNamespacedPath);
console.log(path.resolve() === process.cwd(), path.relative(process.cwd(), '/tmp'), win32.resolve('c:foo'), win32.toNamespacedPath('c:/a/../b'));
console.log(posix.matchesGlob('a/b.js', 'a/*.js'), posix.matchesGlob('a/b/c.js', 'a/**/*.js'), posix.matchesGlob('a/.b.js', 'a/*.js'),
  posix.matchesGlob('x.ts', '*.{js,ts}'), win32.matchesGlob('a\\b.js', 'a/*.js'), posix.matchesGlob('a/c', 'a/[!a-b]'));
console.log(path);
"""

URL = r"""
import url, { URL as URLClass, URLSearchParams as Params, parse, format, resolve, fileURLToPath, pathToFileURL,
  urlToHttpOptions, domainToASCII, domainToUnicode, Url } from 'node:url';

const show = (u) => JSON.stringify(u, (k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === null ? { ...v } : v));
const report = (label, fn) => { try { console.log(label, fn()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message, e.input); } };

const inputs = [
  'http://user:pw@Host.com:8080/p/a/t/h?query=string#hash', 'https://example.com', 'HTTP://EXAMPLE.COM/A?B#C',
  '//host/path', '/just/a/path?x=1', 'relative/path', '?q', '#h', '', '  http://trim.me/  ', 'http://a.com\\b\\c?d\\e#f\\g',
  'mailto:someone@example.com', 'javascript:alert("x y")', 'file:///etc/passwd', 'file://localhost/x', 'file:/x/y',
  'http://[::1]:3000/x', 'http://[fe80::1%25en0]/', 'http://a@b@c/d', 'http://a:b:c/', 'http://a.com:/x', 'http://a.com:abc/',
  'http://münchen.de/ä?ö#ü', 'http://a b.com/x', 'http://x.com/a b<c>"d`e{f}g|h^i\'j', 'http://x.com/%zz', 'HTTP:x', 'ws:x',
  'git+ssh://git@github.com:npm/cli.git', 'redis://:secret@localhost:6379/0', 'postgres://u:p%40ss@db:5432/name?ssl=true',
  'x://y', 'http:/x', '///x', 'http://%41.com/', 'ws://a.b/c\td\ne', 'urn:isbn:0451450523', 'C:\\Windows\\x',
  'http://x.y/?a=1&a=2&b=%20c', 'HTTP://u%3Ax:p@h/', 'http://a.com/?#', 'data:text/plain,hello world', 'http://' + 'a'.repeat(300) + '.com/x',
];
for (const s of inputs) {
  for (const [pq, sl] of [[false, false], [true, false], [false, true]]) report('parse', () => show(parse(s, pq, sl)));
  report('format', () => [format(s), format(parse(s, true))]);
}
console.log(parse('http://a.com/x?y=1&y=2', true), parse('x') instanceof Url, parse(parse('/a')) instanceof Url);
report('parse number', () => parse(5));
report('xn-- host', () => parse('http://xn--x.com/'));
report('format number', () => format(5));
console.log(format({ protocol: 'http', hostname: '::1', port: 8, pathname: 'a#b?c', search: 'x#y', hash: 'z' }),
  format({ protocol: 'file', pathname: '/x' }), format({ protocol: 'ws', host: 'a' }), format({ protocol: 'mailto', host: 'a' }),
  format({ protocol: 'x:', hostname: '[::1]', query: { a: [1, 2], b: 'c d' } }), format({}), format({ auth: 'a:b@c é', host: 'h', pathname: 'p' }));

const bases = ['http://a/b/c/d;p?q', 'http://u:p@h.com:81/x/y.html?z#w', '/one/two/three', 'one/two', 'mailto:a@b.com', 'file:///a/b', 'http://a', '', 'http://x.com/../a'];
const refs = ['g:h', 'g', './g', 'g/', '/g', '//g', '?y', 'g?y', '#s', 'g?y#s', ';x', '', '.', './', '..', '../', '../g', '../..', '../../g',
  '../../../../g', '/./g', '/../g', 'g.', '..g', './g/.', 'g/../h', 'http:g', 'http://other/x', 'https:g', 'https://h2/../z', 'file:x', 'mailto:z@y', '//u@o:8/p?q', '..//x'];
const resolved = [];
for (const b of bases) for (const r of refs) resolved.push(resolve(b, r));
console.log(resolved.join(' '));
console.log(url.resolveObject('http://a/b', 'c'), url.resolveObject('', 'x'));

const awkward = '/a b#c?d%e\\f\ng\rh\ti"j<k>l`m{n}o^p|q[r]s\'t;u=v@w$x&y+z,é€😀~!*()\x7f';
console.log(pathToFileURL(awkward).href, fileURLToPath(pathToFileURL(awkward)) === awkward);
console.log(pathToFileURL('rel/dir/').href === new URL('rel/dir/', pathToFileURL(process.cwd() + '/')).href, pathToFileURL('/').href, pathToFileURL('/a/../b/./c/').href);
for (const x of ['x', 'http://a/b', 'file:///a%2fb', 'file:///a%2Fb', 'file://host/a', 'file://localhost/a%20b', 'file:///a%20b/%E2%82%AC',
  new URL('file:///x/y'), 5, null, { href: 'file:///a', protocol: 'file:', pathname: '/a', hostname: '' }]) report('fileURLToPath', () => fileURLToPath(x));
report('pathToFileURL', () => pathToFileURL(5));
for (const x of ['file:///C:/a%20b/c', 'file://srv/share/x', 'file:///a/b', 'file:///C:/a%5Cb', 'file:///c:']) report('windows', () => fileURLToPath(x, { windows: true }));
for (const x of ['C:\\a b\\c#d', '\\\\srv\\share\\x y', 'rel\\x', 'C:\\a\\', '\\\\x']) report('windows', () => pathToFileURL(x, { windows: true }).href);
console.log(urlToHttpOptions(new URL('http://a:b%20c@[::1]:81/x?y#z')), urlToHttpOptions(new URL('https://example.com')));
const whatwg = new URL('http://us%20er:p%40w@example.com:81/a?b#c');
console.log(format(whatwg), format(whatwg, { auth: false, fragment: false, search: false }), format(new URL('file:///x?y')), format(new URL('mailto:a@b')));
report('format options', () => format(whatwg, 5));
for (const d of ['münchen.de', 'xn--mnchen-3ya.de', 'a b.com', '', 'EXAMPLE.com', 'faß.de', '☃.net', 'xn--x.com', '例え.テスト'])
  console.log(d, domainToASCII(d), domainToUnicode(d));
console.log(url.URL === URL, URLClass === URL, Params === URLSearchParams, Object.keys(url));
"""

QUERYSTRING = r"""
import qs, { parse, stringify, escape, unescape } from 'node:querystring';
import punycode from 'punycode';
const show = (x) => console.log(JSON.stringify(x));
show(qs.parse('a&&b&c', null, null, { maxKeys: 2 }));
show(parse('&=&=x&a=1=2&a&a=3&b+c=d+e&%zz=%41&%E2%82%AC=%E2%82'));
show([parse('a=1;b=2', ';', ':'), parse('a:1;b:2', ';', ':'), parse('a==1xxb==2', 'xx', '=='), parse('a=1&b=2', '', '')]);
show(parse('a=%41', null, null, { decodeURIComponent: (s) => s.toUpperCase() + '!' }));
show(parse('a=%41&b', null, null, { decodeURIComponent: () => { throw new Error('no'); } }));
show([parse('=&a=&=b&c'), parse('a=1&b=2&c=3&d=4', null, null, { maxKeys: 0 }), parse('a=1&b=2&c=3', null, null, { maxKeys: 'x' })]);
show([parse('a[]=1&a[]=2&__proto__=x&constructor=y&toString=z'), parse(5), parse('a%20b=c%2'), parse('x=1&'), parse('&&')]);
console.log(parse('a=1&b=2&a=3'), qs.decode === parse, qs.encode === stringify, Object.keys(qs));
show(stringify({ a: [1, 2, 'x y'], b: true, c: null, d: undefined, e: NaN, f: 1e21, g: 10n, h: {}, 'k é': 'ü€😀', i: '', j: -0 }));
show([stringify({ a: 'b c' }, ';', ':', { encodeURIComponent: (s) => s.toUpperCase() }), stringify('x'), stringify(null)]);
show([escape('a b!\'()*-._~/?#&=+é😀'), escape(5), escape({}), unescape('%41%zz%E2%82'), unescape('a+b', true)]);
try { escape('\ud800'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(qs.unescapeBuffer('a%41+%zz', true), qs);

for (const s of ['münchen', 'bücher', '例え', 'ü', 'abc', '☃-⌘', '😀x', ''])
  console.log(s, punycode.encode(s), punycode.decode(punycode.encode(s)));
console.log(punycode.toASCII('mañana.com'), punycode.toASCII('user@☃.net'), punycode.toUnicode('xn--maana-pta.com'),
  punycode.toASCII('例え。テスト'), punycode.toUnicode('XN--MNCHEN-3YA.de'), punycode.ucs2.decode('a😀'), punycode.ucs2.encode([97, 0x1f600]));
for (const bad of ['ü-a', 'zzzzzzzzzzzzzzzz', '99999999999']) {
  try { console.log(punycode.decode(bad)); } catch (e) { console.log(e.name, e.message); }
}
console.log(punycode.version, Object.keys(punycode));
"""


def test_path_posix_and_win32_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": PATH})
    assert result.stdout.count("\n") > 1400


def test_url_legacy_and_file_urls_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": URL})
    assert "parse threw TypeError ERR_INVALID_URL Invalid URL" in result.stdout
    assert "fileURLToPath threw TypeError ERR_INVALID_FILE_URL_PATH" in result.stdout


def test_querystring_and_punycode_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": QUERYSTRING})
    assert "[Object: null prototype] { a: [ '1', '3' ], b: '2' }" in result.stdout
