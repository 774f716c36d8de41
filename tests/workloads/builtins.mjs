// Node's built-in modules most npm code starts with: events, util, buffer, path. The
// benchmark compares this with hello.mjs: the difference is what importing them costs.
import { EventEmitter } from 'node:events';
import util from 'node:util';
import { Buffer } from 'node:buffer';
import path from 'node:path';

const emitter = new EventEmitter();
emitter.on('ready', (payload) => {
  console.log('builtins', payload, util.format('%s=%d', 'n', 42), path.join('/a', '../b', 'c.js'));
});
emitter.emit('ready', Buffer.from('esmload').toString('base64'));
