// Node's built-in modules most npm code starts with: events, util, buffer, path.
import { EventEmitter, once } from 'node:events';
import util from 'node:util';
import { Buffer } from 'node:buffer';
import path from 'node:path';

const emitter = new EventEmitter();
setTimeout(() => emitter.emit('ready', Buffer.from('esmload').toString('base64')), 1);
const [payload] = await once(emitter, 'ready');
console.log('builtins', payload, util.format('%s=%d', 'n', 42), path.join('/a', '../b', 'c.js'));
console.log(util.inspect({ buffer: Buffer.from([1, 2, 3]), nested: { deep: [1, [2, [3]]] } }));
