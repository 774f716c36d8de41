// ES module code importing popular CommonJS packages: the default import is module.exports,
// named imports are what the static export scanner finds, exactly as Node's cjs-module-lexer
// (none for lodash's and moment's UMD wrappers; semver's and qs's `module.exports = {…}`; ajv's
// TypeScript output with `exports.x = …`, Object.defineProperty and __esModule; debug's
// `module.exports = require(…)` re-export). commander resolves through its `import` condition
// to an ES module wrapper over its CommonJS code.
import _ from 'lodash';
import moment from 'moment';
import semver, { satisfies, maxSatisfying, SemVer } from 'semver';
import Ajv, * as ajvModule from 'ajv';
import Handlebars from 'handlebars';
import dayjs from 'dayjs';
import qs, { parse as parseQuery } from 'qs';
import classNames from 'classnames';
import minimist from 'minimist';
import { Command } from 'commander';
import createDebug, * as debugModule from 'debug';
import ms from 'ms';
import * as semverModule from 'semver';
import * as qsModule from 'qs';
import * as lodashModule from 'lodash';

const keys = (ns) => Object.keys(ns).join(',');
console.log('namespaces', keys(lodashModule), keys(qsModule), keys(ajvModule), keys(debugModule));
console.log('namespaces', Object.keys(semverModule).length, semverModule.default === semver, ajvModule.default === Ajv);

const { chunk, camelCase, groupBy, template } = _;

const words = ['alpha beta', 'Gamma-delta', 'EPSILON_zeta'];
console.log('lodash', _.VERSION, chunk([1, 2, 3, 4, 5], 2), words.map(camelCase));
console.log('lodash', JSON.stringify(groupBy([6.1, 4.2, 6.3], Math.floor)), template('hi <%= who %>!')({ who: '<b>' }));
console.log('lodash', _.chain([3, 1, 2]).sortBy().map((n) => n * 10).value(), _.isEqual({ a: [1] }, { a: [1] }));

const t = moment.utc('2024-02-28T10:00:00Z');
console.log('moment', t.clone().add(1, 'day').format('YYYY-MM-DD dddd'), t.diff(moment.utc('2024-01-01'), 'days'), moment.duration(90, 'minutes').humanize());

console.log('semver', satisfies('1.2.3', '^1.0.0'), maxSatisfying(['1.2.3', '1.4.0', '2.0.0'], '~1.4'), semver.inc('1.2.3', 'preminor', 'rc'), new SemVer('3.4.5').minor);

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile({
  type: 'object',
  properties: { name: { type: 'string', minLength: 2 }, age: { type: 'integer', minimum: 0 } },
  required: ['name'],
  additionalProperties: false,
});
console.log('ajv', validate({ name: 'Al', age: 3 }), validate({ name: 'A', age: -1, x: 1 }), validate.errors.map((e) => `${e.instancePath || '/'} ${e.keyword}`).join('; '));

Handlebars.registerHelper('upper', (s) => String(s).toUpperCase());
const page = Handlebars.compile('<ul>{{#each items}}<li>{{upper name}} {{#if done}}✓{{else}}…{{/if}}</li>{{/each}}</ul>{{note}}');
console.log('handlebars', page({ items: [{ name: 'a', done: true }, { name: 'b' }], note: '<i>' }));

console.log('dayjs', dayjs('2024-03-10T00:00:00.000Z').add(5, 'day').toISOString(), dayjs('2024-01-31').daysInMonth());
console.log('qs', qs.stringify({ a: [1, 2], b: { c: 'd e' } }), JSON.stringify(parseQuery('x[y]=1&x[z][]=2&w=%20')));
console.log('classnames', classNames('btn', { active: true, disabled: false }, ['lg', { round: 1 }]));
console.log('minimist', JSON.stringify(minimist(['-x', '3', '--name=esm', 'file.js', '--no-color'])));

const program = new Command().name('tool').option('-v, --verbose').option('-n, --count <n>', 'count', '1').argument('<file>');
program.exitOverride().parse(['node', 'tool', '-v', '--count', '5', 'in.txt']);
console.log('commander', JSON.stringify(program.opts()), program.args);

createDebug.enable('app:*');
console.log('debug', createDebug('app:db').enabled, createDebug('other').enabled, typeof createDebug.humanize);
console.log('ms', ms('2 days'), ms(90000), ms(3600000, { long: true }));
