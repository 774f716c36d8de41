// Popular ESM packages that need Node's built-in modules and web globals: nanoid (crypto,
// Buffer), uuid (crypto), glob (fs, path, events, stream, url, diagnostics_channel), chalk
// (process, os, tty), mime, p-limit.
import { nanoid, customAlphabet } from 'nanoid';
import { v4, v5, validate, version } from 'uuid';
import { glob, globSync } from 'glob';
import chalk from 'chalk';
import mime from 'mime';
import pLimit from 'p-limit';

const id = nanoid();
console.log('nanoid', id.length, /^[\w-]+$/.test(id), customAlphabet('ab', 12)().length);
console.log('uuid', validate(v4()), version(v4()), v5('esmload', v5.URL));
console.log('glob', globSync('node_modules/nanoid/*.js').sort());
console.log('glob async', (await glob('node_modules/{uuid,mime}/package.json')).sort());
console.log('chalk', chalk.level, chalk.bold.red('plain when not a terminal'));
console.log('mime', mime.getType('data.json'), mime.getExtension('text/html'));
const limit = pLimit(2);
console.log('p-limit', await Promise.all([1, 2, 3, 4].map((n) => limit(async () => n * n))));
