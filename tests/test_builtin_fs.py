"""node:fs and node:fs/promises: each program runs under node and esmload (cold, warm) and
must print the same. The programs work in a folder they make themselves (relative paths, so
the outputs match) and remove it at start, since each runs three times."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_esmload, run_node, write_tree

SYNC = r"""
import fs, { readFileSync, constants } from 'node:fs';
import { Buffer } from 'node:buffer';

const W = 'work-sync';
fs.rmSync(W, { recursive: true, force: true });
console.log('mkdir', fs.mkdirSync(`${W}/a/b`, { recursive: true }), fs.mkdirSync(`${W}/a/b`, { recursive: true }));
fs.writeFileSync(`${W}/t.txt`, 'héllo\n');
fs.appendFileSync(`${W}/t.txt`, Buffer.from('wörld\n'));
fs.appendFileSync(`${W}/t.txt`, new Uint16Array([0x4241]));
console.log(JSON.stringify(readFileSync(`${W}/t.txt`, 'utf8')), readFileSync(`${W}/t.txt`).length);
const buf = fs.readFileSync(new URL(`${W}/t.txt`, import.meta.url));
console.log(Buffer.isBuffer(buf), buf.toString('hex'), fs.readFileSync(Buffer.from(`${W}/t.txt`), { encoding: 'base64' }));
fs.writeFileSync(`${W}/l1.txt`, 'caf\u00e9', 'latin1');
console.log(fs.readFileSync(`${W}/l1.txt`), fs.readFileSync(`${W}/l1.txt`, 'latin1'));
fs.writeFileSync(`${W}/t.txt`, 'more', { flag: 'a' });
fs.writeFileSync(`${W}/mode.txt`, 'x', { mode: 0o600 });
console.log(fs.readFileSync(`${W}/t.txt`, { encoding: 'utf8' }).slice(-6), (fs.statSync(`${W}/mode.txt`).mode & 0o777).toString(8));
console.log('exists', fs.existsSync(W), fs.existsSync(`${W}/nope`), fs.existsSync(), fs.existsSync({}));

const st = fs.statSync(`${W}/t.txt`);
console.log(st instanceof fs.Stats, st.isFile(), st.isDirectory(), st.isSymbolicLink(), st.size, typeof st.mtimeMs, st.mtime instanceof Date, st.nlink);
const bst = fs.statSync(`${W}/t.txt`, { bigint: true });
console.log(typeof bst.size, bst.size, bst.isFile(), typeof bst.mtimeNs);
console.log(fs.statSync(`${W}/nope`, { throwIfNoEntry: false }), fs.lstatSync(`${W}/nope`, { throwIfNoEntry: false }));
fs.symlinkSync('t.txt', `${W}/link`);
console.log(fs.lstatSync(`${W}/link`).isSymbolicLink(), fs.statSync(`${W}/link`).isSymbolicLink(), fs.readlinkSync(`${W}/link`), fs.readlinkSync(`${W}/link`, 'buffer'));
console.log(fs.realpathSync(`${W}/link`) === fs.realpathSync.native(`${W}/a/../t.txt`), fs.realpathSync(`${W}/link`).endsWith('/t.txt'));
fs.linkSync(`${W}/t.txt`, `${W}/hard`);
console.log('nlink', fs.statSync(`${W}/t.txt`).nlink);
fs.utimesSync(`${W}/hard`, 1000000000.5, new Date('2020-01-02T03:04:05.678Z'));
const u = fs.statSync(`${W}/hard`);
console.log(u.atimeMs, u.mtimeMs, u.atime.toISOString(), u.mtime.toISOString());
fs.chmodSync(`${W}/hard`, '755');
console.log((fs.statSync(`${W}/hard`).mode & 0o777).toString(8));
fs.accessSync(`${W}/t.txt`, constants.R_OK | fs.W_OK);

console.log(fs.readdirSync(W));
console.log(fs.readdirSync(W, { withFileTypes: true }).map((d) => [d.name, d.parentPath, d.path, d.isFile(), d.isDirectory(), d.isSymbolicLink()].join(':')));
console.log(fs.readdirSync(W, { recursive: true }));
console.log(fs.readdirSync(W, { recursive: true, withFileTypes: true }).map((d) => `${d.parentPath}|${d.name}`));
console.log(fs.readdirSync(`${W}/a`, { withFileTypes: true }));
console.log(fs.readdirSync(`${W}/a`, 'buffer'));

fs.copyFileSync(`${W}/t.txt`, `${W}/copy.txt`);
try { fs.copyFileSync(`${W}/t.txt`, `${W}/copy.txt`, fs.constants.COPYFILE_EXCL); } catch (e) { console.log(e.message, e.code, e.errno, e.syscall, e.path, e.dest); }
fs.renameSync(`${W}/copy.txt`, `${W}/a/moved.txt`);
console.log(fs.readFileSync(`${W}/a/moved.txt`, 'utf8').length);
fs.truncateSync(`${W}/a/moved.txt`, 3);
console.log(JSON.stringify(fs.readFileSync(`${W}/a/moved.txt`, 'latin1')));
fs.cpSync(`${W}/a`, `${W}/a2`, { recursive: true });
console.log(fs.readdirSync(`${W}/a2`, { recursive: true }));
fs.unlinkSync(`${W}/hard`);
fs.rmdirSync(`${W}/a2/b`);
const tmp = fs.mkdtempSync(`${W}/tmp-`);
console.log(tmp.length, tmp.startsWith(`${W}/tmp-`), fs.statSync(tmp).isDirectory());

// file descriptors
const fd = fs.openSync(`${W}/fd.bin`, 'w+');
console.log(typeof fd, fs.writeSync(fd, 'abcdef'), fs.writeSync(fd, Buffer.from('XYZ'), 1, 2), fs.writeSync(fd, 'Q', 0));
const rb = Buffer.alloc(10);
console.log(fs.readSync(fd, rb, 0, 10, 0), rb.toString('latin1').replace(/\0/g, '.'));
console.log(fs.readSync(fd, rb, { position: 2, length: 3 }), rb.subarray(0, 3).toString());
console.log(fs.readSync(fd, rb, 2, 2, 1), rb.toString('latin1').replace(/\0/g, '.'));
console.log(fs.fstatSync(fd).size);
fs.ftruncateSync(fd, 4);
fs.fsyncSync(fd);
console.log(fs.fstatSync(fd).size, fs.readFileSync(fd, 'utf8'), fs.readFileSync(`${W}/fd.bin`, 'utf8'));
console.log(fs.writevSync(fd, [Buffer.from('12'), new Uint8Array([51, 52])], 0), fs.readFileSync(`${W}/fd.bin`, 'utf8'));
const parts = [Buffer.alloc(2), Buffer.alloc(3)];
console.log(fs.readvSync(fd, parts, 1), parts.map(String));
fs.closeSync(fd);
const afd = fs.openSync(`${W}/fd.bin`, 'a');
fs.writeSync(afd, '!');
fs.closeSync(afd);
console.log(fs.readFileSync(`${W}/fd.bin`, 'utf8'));

const dir = fs.opendirSync(`${W}/a`);
const names = [];
for (let d = dir.readSync(); d !== null; d = dir.readSync()) names.push(`${d.name}:${d.isDirectory()}`);
dir.closeSync();
console.log(dir.path, names.sort());
try { dir.readSync(); } catch (e) { console.log(e.code, e.message); }

fs.rmSync(W, { recursive: true });
console.log('gone', fs.existsSync(W));
"""

CALLBACKS = r"""
import fs from 'node:fs';

const W = 'work-cb';
fs.rmSync(W, { recursive: true, force: true });
const log = (...a) => console.log(...a);
const err = (e) => (e ? [e.message, e.code, e.errno, e.syscall, e.path, e.dest, e instanceof Error].join(' | ') : e);

const steps = [
  (next) => fs.mkdir(`${W}/x/y`, { recursive: true }, (e, first) => { log('mkdir', e, first); next(); }),
  (next) => fs.mkdir(W, (e) => { log('mkdir again', err(e)); next(); }),
  (next) => fs.writeFile(`${W}/f.txt`, 'hello', (e) => { log('writeFile', e); next(); }),
  (next) => fs.appendFile(`${W}/f.txt`, ' world', 'utf8', (e) => { log('appendFile', e); next(); }),
  (next) => fs.readFile(`${W}/f.txt`, (e, b) => { log('readFile', e, b); next(); }),
  (next) => fs.readFile(`${W}/f.txt`, 'hex', (e, s) => { log('readFile hex', e, s); next(); }),
  (next) => fs.readFile(`${W}/none`, (e, b) => { log('readFile none', err(e), b); next(); }),
  (next) => fs.readFile(W, (e) => { log('readFile dir', err(e), Object.keys(e)); next(); }),
  (next) => fs.stat(`${W}/f.txt`, (e, s) => { log('stat', e, s.size, s.isFile(), s.constructor.name); next(); }),
  (next) => fs.lstat(`${W}/none`, (e) => { log('lstat', err(e), Object.keys(e)); next(); }),
  (next) => fs.exists(`${W}/f.txt`, (v) => { log('exists', v); next(); }),
  (next) => fs.exists(`${W}/none`, (v) => { log('exists none', v); next(); }),
  (next) => fs.access(`${W}/none`, fs.constants.R_OK, (e) => { log('access', err(e)); next(); }),
  (next) => fs.readdir(W, (e, list) => { log('readdir', e, list); next(); }),
  (next) => fs.readdir(W, { withFileTypes: true, recursive: true }, (e, list) => { log('readdir types', list.map((d) => `${d.parentPath}/${d.name}:${d.isDirectory()}`)); next(); }),
  (next) => fs.readdir(`${W}/f.txt`, (e) => { log('readdir file', err(e)); next(); }),
  (next) => fs.copyFile(`${W}/f.txt`, `${W}/g.txt`, (e) => { log('copyFile', e); next(); }),
  (next) => fs.rename(`${W}/g.txt`, `${W}/x/g.txt`, (e) => { log('rename', e); next(); }),
  (next) => fs.rename(`${W}/none`, `${W}/x/none`, (e) => { log('rename none', err(e)); next(); }),
  (next) => fs.symlink('f.txt', `${W}/ln`, (e) => { log('symlink', e); next(); }),
  (next) => fs.readlink(`${W}/ln`, (e, t) => { log('readlink', e, t); next(); }),
  (next) => fs.realpath(`${W}/ln`, (e, p) => { log('realpath', e, p.endsWith(`${W}/f.txt`)); next(); }),
  (next) => fs.realpath.native(`${W}/nope`, (e) => { log('realpath.native', err(e)); next(); }),
  (next) => fs.truncate(`${W}/f.txt`, 4, (e) => { log('truncate', e, fs.readFileSync(`${W}/f.txt`, 'utf8')); next(); }),
  (next) => fs.chmod(`${W}/f.txt`, 0o640, (e) => { log('chmod', e, (fs.statSync(`${W}/f.txt`).mode & 0o777).toString(8)); next(); }),
  (next) => fs.utimes(`${W}/f.txt`, 5, 6, (e) => { log('utimes', e, fs.statSync(`${W}/f.txt`).mtimeMs); next(); }),
  (next) => fs.open(`${W}/fd.txt`, 'w+', (e, fd) => {
    log('open', e, typeof fd);
    fs.write(fd, 'abc', (e2, n, s) => {
      log('write string', e2, n, s);
      fs.write(fd, Buffer.from('defgh'), 1, 3, null, (e3, n3, b3) => {
        log('write buffer', e3, n3, b3);
        const into = Buffer.alloc(8, 46);
        fs.read(fd, into, 1, 6, 0, (e4, n4, b4) => {
          log('read', e4, n4, b4 === into, into.toString());
          fs.read(fd, { buffer: Buffer.alloc(4), position: 2 }, (e5, n5, b5) => {
            log('read options', e5, n5, b5.toString());
            fs.fstat(fd, (e6, st) => {
              log('fstat', e6, st.size);
              fs.close(fd, (e7) => {
                log('close', e7);
                fs.close(fd, (e8) => { log('close again', err(e8)); next(); });
              });
            });
          });
        });
      });
    });
  }),
  (next) => fs.open(`${W}/f.txt`, 'wx', (e) => { log('open wx', err(e)); next(); }),
  (next) => fs.mkdtemp(`${W}/t-`, (e, p) => { log('mkdtemp', e, p.length); next(); }),
  (next) => fs.rm(`${W}/x`, (e) => { log('rm dir', e.name, e.code, e.message, e.errno, e.syscall, e.path, Object.keys(e)); next(); }),
  (next) => fs.rm(`${W}/none`, (e) => { log('rm none', err(e)); next(); }),
  (next) => fs.rm(`${W}/none`, { force: true }, (e) => { log('rm force', e); next(); }),
  (next) => fs.rmdir(`${W}/x`, (e) => { log('rmdir', err(e)); next(); }),
  (next) => fs.unlink(`${W}/none`, (e) => { log('unlink', err(e)); next(); }),
  (next) => fs.opendir(W, async (e, dir) => {
    const names = [];
    for await (const d of dir) names.push(d.name);
    log('opendir', e, names.sort().map((n) => (n.startsWith('t-') ? n.length : n)));
    next();
  }),
  (next) => fs.rm(W, { recursive: true }, (e) => { log('rm -r', e, fs.existsSync(W)); next(); }),
];

// Ordering: sync code, then nextTick/microtasks, then fs completions; a callback runs after
// the current job's microtasks.
let i = 0;
const run = () => { if (i < steps.length) steps[i++](run); else log('done'); };
fs.stat('.', () => {
  log('stat cb');
  Promise.resolve().then(() => log('microtask after stat cb'));

  run();
});

Promise.resolve().then(() => log('microtask'));
log('sync end');
"""

PROMISES = r"""
import fs from 'node:fs';
import fsp, { readFile, writeFile, open, stat } from 'node:fs/promises';

console.log(fs.promises === fsp, typeof fsp.constants.O_RDONLY);
const W = 'work-prom';
await fsp.rm(W, { recursive: true, force: true });
console.log('mkdir', await fsp.mkdir(`${W}/d/e`, { recursive: true }));
await writeFile(`${W}/a.txt`, 'alpha\nbeta\n');
await fsp.appendFile(`${W}/a.txt`, new Uint8Array([0x67, 0x0a]));
await writeFile(`${W}/gen.txt`, (function* () { yield 'one,'; yield Buffer.from('two'); })());
console.log(JSON.stringify(await readFile(`${W}/a.txt`, 'utf8')), await readFile(`${W}/gen.txt`, { encoding: 'utf8' }));
console.log((await stat(`${W}/a.txt`)).size, (await fsp.lstat(W)).isDirectory());
console.log(await fsp.readdir(W), (await fsp.readdir(W, { withFileTypes: true })).map((d) => d.name + d.isFile()));
console.log(await fsp.access(`${W}/a.txt`), await fsp.copyFile(`${W}/a.txt`, `${W}/b.txt`));
await fsp.rename(`${W}/b.txt`, `${W}/d/b.txt`);
await fsp.symlink('../a.txt', `${W}/d/ln`);
console.log(await fsp.readlink(`${W}/d/ln`), (await fsp.realpath(`${W}/d/ln`)).endsWith(`${W}/a.txt`));
await fsp.truncate(`${W}/d/b.txt`, 2);
console.log(await readFile(`${W}/d/b.txt`, 'utf8'));
await fsp.utimes(`${W}/d/b.txt`, new Date(86400000), 172800);
console.log((await stat(`${W}/d/b.txt`)).mtime.toISOString());

const fh = await open(`${W}/h.bin`, 'w+');
console.log(typeof fh.fd, fh.constructor.name);
console.log(await fh.write('hello world'));
const w2 = await fh.write(Buffer.from('XY'), 0, 2, 6);
console.log(w2.bytesWritten, w2.buffer.toString());
const r = await fh.read(Buffer.alloc(5), 0, 5, 0);
console.log(r.bytesRead, r.buffer.toString());
const r2 = await fh.read({ buffer: Buffer.alloc(20), position: 3 });
console.log(r2.bytesRead, r2.buffer.subarray(0, r2.bytesRead).toString());
console.log((await fh.stat()).size);
await fh.truncate(5);
console.log(await fh.readFile('utf8'), (await readFile(`${W}/h.bin`)).toString());
await fh.close();
try { await fh.read(Buffer.alloc(1), 0, 1, 0); } catch (e) { console.log('closed', e.code, e.message, e.syscall); }
const fh2 = await open(`${W}/h.bin`, 'r+');
await fh2.writeFile('replaced');
console.log(await readFile(fh2.fd === undefined ? '' : `${W}/h.bin`, 'utf8'));
await fh2.close();

const dir = await fsp.opendir(`${W}/d`);
const names = [];
for await (const ent of dir) names.push(`${ent.name}:${ent.isSymbolicLink()}`);
console.log(names.sort());

const tmp = await fsp.mkdtemp(`${W}/tmp-`);
console.log(tmp.startsWith(`${W}/tmp-`), tmp.length);
await fsp.cp(`${W}/d`, `${W}/d2`, { recursive: true });
console.log(await fsp.readdir(`${W}/d2`, { recursive: true }));

for (const attempt of [
  () => readFile(`${W}/nope`),
  () => fsp.readdir(`${W}/a.txt`),
  () => fsp.mkdir(`${W}/nope/x`),
  () => fsp.rmdir(`${W}/d`),
  () => fsp.rm(`${W}/d`),
  () => fsp.unlink(`${W}/nope`),
  () => fsp.open(`${W}/a.txt`, 'wx'),
  () => fsp.access(`${W}/nope`),
  () => fsp.cp(`${W}/d`, `${W}/d3`),
  () => fsp.realpath(`${W}/nope`),
  () => fsp.stat(42),
  () => fsp.readFile(`${W}/a.txt`, { encoding: 'nope' }),
  () => fsp.open(`${W}/a.txt`, 'bogus'),
]) {
  try {
    await attempt();
    console.log('no error');
  } catch (e) {
    console.log(e.name, e.code, e.errno, e.syscall, e.path, e.message);
  }
}
// errors are rejections, not throws, when arguments are fine
const p = fsp.stat(`${W}/nope`);
console.log(p instanceof Promise);
await p.catch((e) => console.log('rejected', e.code));
await fsp.rm(W, { recursive: true });
console.log('end', fs.existsSync(W));
"""

ARGUMENT_ERRORS = r"""
import fs from 'node:fs';
import fsp from 'node:fs/promises';
const t = (f) => { try { console.log(f()) } catch (e) { console.log(e.name, e.code, e.message) } };
t(() => fs.readFileSync({}));
t(() => fs.readFileSync('a\0b'));
t(() => fs.readFileSync(new URL('http://x/y')));
t(() => fs.readFileSync(new URL('file://host/y')));
t(() => fs.readFileSync(new URL('file:///a%2fb')));
t(() => fs.stat('x'));
t(() => fs.stat('x', {}));
t(() => fs.openSync('x', 'zz'));
t(() => fs.openSync('x', 'r', 'abc'));
t(() => fs.closeSync(-1));
t(() => fs.closeSync('1'));
t(() => fs.readSync(0, Buffer.alloc(4), 0, 10, 0));
t(() => fs.readSync(0, Buffer.alloc(4), 5, 1, 0));
t(() => fs.readSync(0, 'abc', 0, 1, 0));
t(() => fs.writeFileSync('x', 123));
t(() => fs.writeFileSync('x', {}));
t(() => fs.readFileSync('x', 'bogus'));
t(() => fs.readFileSync('x', 5));
t(() => fs.utimesSync('x', 'abc', 1));
t(() => fs.utimesSync('x', {}, 1));
t(() => fs.mkdtempSync(5));
t(() => fs.cpSync('.', 'zz'));
t(() => fs.truncateSync('x', -1));
t(() => fs.accessSync('x', 99));
t(() => fs.rmSync('x', {recursive: 1}));
t(() => fs.existsSync({}));
t(() => fs.exists('x'));
fs.exists({}, (v) => console.log('exists', v));
t(() => fs.mkdirSync('x', {mode: 'zz'}));
t(() => fs.readFileSync(new URL('file:///nonexistent%20dir/x')));
t(() => fs.writeSync(1, {}));
t(() => fs.readSync(0, Buffer.alloc(4), -1, 1, 0));
t(() => fs.readSync(0, Buffer.alloc(4), 1.5, 1, 0));
t(() => fs.copyFileSync('a', 'b', 9));
t(() => fs.symlinkSync('a', 'b', 'weird'));
t(() => fs.mkdirSync('x', {recursive: 'yes'}));
t(() => fs.rmSync('x', 'abc'));
t(() => fs.readdirSync('.', {recursive: 'x'}));
t(() => fs.openSync('x', {}));
t(() => fs.readFile('x'));
t(() => fs.writeFile('x', 'y'));
t(() => fs.chownSync('nope', 'a', 1));
t(() => fs.ftruncateSync(0, 'a'));
t(() => fs.fstatSync(-5));
t(() => fs.fstatSync(1.5));
"""

STREAMS = r"""
import fs from 'node:fs';

const W = 'work-stream';
fs.rmSync(W, { recursive: true, force: true });
fs.mkdirSync(W);
fs.writeFileSync(`${W}/in.txt`, 'abcdefghijklmnopqrstuvwxyz'.repeat(3));

const events = (s, name) => {
  for (const ev of ['open', 'ready', 'end', 'finish', 'close', 'error']) {
    s.on(ev, (arg) => console.log(name, ev, ev === 'open' ? typeof arg : ev === 'error' ? arg.code : ''));
  }
};

await new Promise((resolve) => {
  const rs = fs.createReadStream(`${W}/in.txt`, { start: 2, end: 40, highWaterMark: 16, encoding: 'utf8' });
  console.log(rs instanceof fs.ReadStream, rs.pending, rs.path, rs.bytesRead);
  events(rs, 'rs');
  rs.on('data', (c) => console.log('data', JSON.stringify(c)));
  rs.on('close', () => { console.log('bytesRead', rs.bytesRead, rs.pending); resolve(); });
});

await new Promise((resolve) => {
  const ws = fs.createWriteStream(`${W}/out.txt`);
  events(ws, 'ws');
  console.log(ws instanceof fs.WriteStream, ws.pending, ws.path);
  ws.write('hello ');
  ws.write(Buffer.from('world'));
  ws.end('!\n', () => console.log('end cb', ws.bytesWritten));
  ws.on('close', resolve);
});
console.log(JSON.stringify(fs.readFileSync(`${W}/out.txt`, 'utf8')));

await new Promise((resolve) => {
  const ws = fs.createWriteStream(`${W}/out.txt`, { flags: 'a' });
  ws.on('open', () => console.log('append open'));
  ws.end('more', resolve);
});
console.log(JSON.stringify(fs.readFileSync(`${W}/out.txt`, 'utf8')));

await new Promise((resolve) => {
  const rs = fs.createReadStream(`${W}/missing.txt`);
  events(rs, 'missing');
  rs.on('error', (e) => console.log(e.message));
  rs.on('close', resolve);
});

await new Promise((resolve) => {
  const ws = fs.createWriteStream(`${W}/copy.txt`, { highWaterMark: 4 });
  fs.createReadStream(`${W}/in.txt`, { highWaterMark: 10 }).pipe(ws);
  ws.on('finish', () => console.log('finish', ws.bytesWritten));
  ws.on('close', resolve);
});
console.log('piped', fs.readFileSync(`${W}/copy.txt`, 'utf8') === fs.readFileSync(`${W}/in.txt`, 'utf8'));

const chunks = [];
for await (const chunk of fs.createReadStream(`${W}/in.txt`, { start: 70 })) chunks.push(chunk);
console.log(Buffer.concat(chunks).toString());

const fd = fs.openSync(`${W}/in.txt`, 'r');
await new Promise((resolve) => {
  const rs = fs.createReadStream(null, { fd, end: 4 });
  events(rs, 'fd');
  rs.on('data', (c) => console.log('fd data', c));
  rs.on('close', resolve);
});
try { fs.fstatSync(fd); } catch (e) { console.log('fd closed', e.code); }
await new Promise((resolve) => {
  const ws = fs.createWriteStream(`${W}/in.txt`, { flags: 'r+', start: 3 });
  ws.write('XYZ');
  ws.close(() => { console.log('closed ws', ws.bytesWritten, ws.closed); resolve(); });
});
console.log(fs.readFileSync(`${W}/in.txt`, 'utf8').slice(0, 8));
await new Promise((resolve) => {
  const ws = fs.createWriteStream(W);
  events(ws, 'dir');
  ws.on('close', resolve);
});
await new Promise((resolve) => {
  const rs = fs.createReadStream(`${W}/in.txt`, { highWaterMark: 5 });
  rs.once('data', (c) => { console.log('first', c.toString()); rs.destroy(); });
  rs.on('close', () => { console.log('destroyed', rs.destroyed, rs.bytesRead); resolve(); });
});
const { open } = await import('node:fs/promises');
const fh = await open(`${W}/in.txt`);
const text = [];
for await (const c of fh.createReadStream({ encoding: 'latin1', start: 0, end: 9 })) text.push(c);
console.log('handle stream', text.join(''), fh.fd);
fs.rmSync(W, { recursive: true });
"""

EDGE_CASES = r"""
import fs from 'node:fs';
const t = (n, f) => { try { console.log(n, f()) } catch (e) { console.log(n, e.name, e.code, e.message, e.errno, e.syscall, e.path, e.dest) } };
fs.rmSync('w', {recursive:true, force:true});
fs.mkdirSync('w/d', {recursive:true}); fs.writeFileSync('w/f', 'x');
t('mkdir under file', () => fs.mkdirSync('w/f/sub', {recursive:true}));
t('mkdir file exists', () => fs.mkdirSync('w/f', {recursive:true}));
t('mkdir dir exists trailing', () => fs.mkdirSync('w/d/', {recursive:true}));
t('mkdir new trailing', () => fs.mkdirSync('w/n/m/', {recursive:true}));
t('copy same', () => fs.copyFileSync('w/f', 'w/f'));
t('copy dir', () => fs.copyFileSync('w/d', 'w/d2'));
t('copy into dir', () => fs.copyFileSync('w/f', 'w/d'));
t('cp exist', () => fs.cpSync('w/f', 'w/g'));
t('cp exist noforce', () => fs.cpSync('w/f', 'w/g', {force:false, errorOnExist:true}));
t('cp exist noforce2', () => fs.cpSync('w/f', 'w/g', {force:false}));
t('cp dir to file', () => fs.cpSync('w/d', 'w/f', {recursive:true}));
t('rename dir over file', () => fs.renameSync('w/d', 'w/f'));
t('rmdir file', () => fs.rmdirSync('w/f'));
t('unlink dir', () => fs.unlinkSync('w/d'));
t('readdir recursive trailing', () => fs.readdirSync('w/', {recursive:true, withFileTypes:true}).map(d => d.parentPath + '|' + d.name));
t('readlink dir', () => fs.readlinkSync('w/d'));
t('symlink exist', () => fs.symlinkSync('x', 'w/f'));
t('open dir write', () => fs.openSync('w/d', 'w'));
t('open dir read', () => typeof fs.openSync('w/d', 'r'));
t('read dir fd', () => { const fd = fs.openSync('w/d', 'r'); return fs.readSync(fd, Buffer.alloc(3)); });
t('write rdonly', () => { const fd = fs.openSync('w/f', 'r'); return fs.writeSync(fd, 'x'); });
t('truncate dir', () => fs.truncateSync('w/d'));
t('realpath rel', () => fs.realpathSync('w/../w/d').replace(process.cwd(), '.'));
t('realpath nested missing', () => fs.realpathSync('w/nope/deeper'));
t('access dir x', () => fs.accessSync('w/d', fs.constants.X_OK));
t('mkdtemp enc', () => fs.mkdtempSync('w/q', 'buffer').length);
t('readdir enc hex', () => fs.readdirSync('w/d', 'hex'));
t('stat enoent dir', () => fs.statSync('w/f/x'));
t('stat enotdir nothrow', () => fs.statSync('w/f/x', {throwIfNoEntry:false}));
fs.rmSync('w', {recursive:true});
"""

PERMISSIONS = r"""
import fs from 'node:fs';
import fsp from 'node:fs/promises';
const show = (tag) => (e) => console.log(tag, e ? [e.code, e.permission, e.resource && e.resource.replace(process.cwd(), '.'), e.message].join(' | ') : 'ok');
const attempt = (tag, f) => { try { f(); console.log(tag, 'ok'); } catch (e) { show(tag)(e); } };
fs.rmSync('w/sub', { recursive: true, force: true });
attempt('read', () => fs.readFileSync('main.mjs'));
attempt('write outside', () => fs.writeFileSync('x.txt', 'x'));
attempt('write inside', () => fs.writeFileSync('w/y.txt', 'y'));
attempt('mkdir inside', () => fs.mkdirSync('w/sub'));
attempt('read other', () => fs.readFileSync('/etc/hostname'));
attempt('stat other', () => fs.statSync('/etc'));
attempt('exists other', () => fs.existsSync('/etc'));
attempt('readdir other', () => fs.readdirSync('/etc'));
attempt('open other', () => fs.openSync('/etc/hostname'));
attempt('copy out', () => fs.copyFileSync('main.mjs', 'copy.mjs'));
fs.readFile('/etc/hostname', show('cb readFile'));
fs.exists('/etc/hostname', (v) => console.log('cb exists', v));
fs.writeFile('x.txt', 'x', show('cb writeFile'));
console.log('sync done');
await fsp.readFile('/etc/hostname').then(() => console.log('p ok'), show('p readFile'));
await fsp.writeFile('w/z.txt', 'z').then(() => console.log('p write ok'), show('p writeFile'));
console.log(fs.readdirSync('w').sort());
"""


def test_sync_forms(same_as_node):
    """read/write/append with encodings and flags, Stats (bigint too), symlinks, readdir in all
    its shapes, copy/rename/truncate/cp/mkdtemp, fds with both read and write signatures,
    readv/writev, opendirSync."""
    same_as_node({"main.mjs": SYNC})


def test_callback_forms_and_errors(same_as_node):
    """Callbacks run after the sync code and its microtasks; Node's system errors (message,
    code, errno, syscall, path, dest, key order) and the rm SystemError."""
    same_as_node({"main.mjs": CALLBACKS})


def test_promises_and_file_handle(same_as_node):
    """fs/promises (the same object as fs.promises), FileHandle, iterables written, Dir as an
    async iterator, rejections."""
    same_as_node({"main.mjs": PROMISES})


def test_argument_errors(same_as_node):
    """Validation errors: bad paths (types, NUL bytes, URLs), callbacks, flags, modes, fds,
    buffers, offsets and lengths, encodings, options."""
    same_as_node({"main.mjs": ARGUMENT_ERRORS})


def test_edge_cases(same_as_node):
    """Where directories, files and links meet: mkdir/copy/cp/rename/rmdir/unlink/open on
    the wrong kind of entry, cp's SystemErrors, realpath of missing components."""
    same_as_node({"main.mjs": EDGE_CASES})


def test_streams(same_as_node):
    """createReadStream (start/end/highWaterMark/encoding, fd, FileHandle) and
    createWriteStream (flags, start, bytesWritten, close(cb)): their events in order, pipe,
    async iteration, destroy mid-read, a missing file, a directory."""
    same_as_node({"main.mjs": STREAMS})


def test_permission_model(project: Path, cache_dir: Path):
    """Refusals are ERR_ACCESS_DENIED naming the path as given: thrown by sync calls,
    passed to callbacks (at once, as in Node 20) and rejected by promises."""
    write_tree(project, {"main.mjs": PERMISSIONS, "w/.keep": ""})
    grants = [f"--allow-fs-read={project}", f"--allow-fs-write={project / 'w'}"]
    expected = run_node(["--experimental-permission", *grants, "main.mjs"], cwd=project)
    assert expected.returncode == 0, expected.stderr
    got = run_esmload(["--permission", *grants, "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert (got.stdout, got.returncode) == (expected.stdout, 0), got.stderr
