'use strict';

// V8-style `stack` ("Name: message\n    at fn (file:line:col)"), which libraries and error
// reports expect; QuickJS alone gives only the frames. Module frames print as file: URLs,
// like Node's; the prelude's own frames ("esmload:…") are hidden.

// A file: URL of an absolute path, as Node prints module frames.
const fileURL = (path) => 'file://' + encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));

// Installed by bootstrap before anything else runs.
function installStackTraces() {
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
        const url = file.startsWith('/') ? fileURL(file) : file;
        const where = `${url}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
        lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
      }
    }
    return lines.join('\n');
  };
}

module.exports = {
  fileURL,
  installStackTraces,
};
