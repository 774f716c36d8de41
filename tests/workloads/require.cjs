// A CommonJS entry point (`esmload require.cjs`): require() of popular CommonJS packages,
// with Node's CommonJS resolution (main fields, extensionless subpaths, directories, the
// `require` condition of js-yaml, underscore and highlight.js), JSON files, and require(esm)
// of an ES-module-only package (uuid).
'use strict';

const path = require('path');
const _ = require('lodash');
const fp = require('lodash/fp');
const moment = require('moment');
const semver = require('semver');
const inc = require('semver/functions/inc');
const hljs = require('highlight.js');
const Handlebars = require('handlebars');
const yaml = require('js-yaml');
const underscore = require('underscore');
const qs = require('qs');
const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const React = require('react');
const { renderToStaticMarkup } = require('react-dom/server');
const { Command } = require('commander');
const { v5, validate } = require('uuid');
const manifest = require('./package.json');

console.log('require', require.main === module, path.basename(__filename), typeof require.resolve, this === module.exports);
console.log('resolve', ['lodash', 'react-dom/server', 'js-yaml', 'underscore', 'uuid'].map((id) => path.relative(__dirname, require.resolve(id))).join(' '));
console.log('json', manifest.name, Object.keys(manifest.dependencies).length > 10);

console.log('lodash', _.VERSION, _.kebabCase('Hello CommonJS World'), _.sumBy([{ n: 1 }, { n: 4 }], 'n'), fp.flow(fp.map((n) => n + 1), fp.filter((n) => n % 2))([1, 2, 3, 4]));
console.log('moment', moment.utc(86400000 * 365).format('dddd, MMMM Do YYYY, HH:mm'), moment.duration(3, 'days').asHours());
console.log('semver', semver.valid(semver.coerce('v2.3')), inc('1.9.9', 'minor'), semver.sort(['1.10.0', '1.2.0', '1.9.0']).join(' '));

const code = 'function add(a, b) {\n  return a + b; // sum\n}\nconsole.log(`${add(1, 2)}`);';
const highlighted = hljs.highlight(code, { language: 'javascript' }).value;
console.log('highlight.js', hljs.listLanguages().length, highlighted.length, hljs.getLanguage('sql').name, hljs.highlight('SELECT * FROM users WHERE id = 1;', { language: 'sql' }).value.length);
console.log(highlighted.split('\n')[0]);

console.log('handlebars', Handlebars.compile('{{#with user}}{{name}} ({{age}}){{/with}} {{{raw}}} {{esc}}')({ user: { name: 'Ann', age: 7 }, raw: '<b>', esc: '<b>' }));
const doc = yaml.load('name: esmload\nlist: [1, two, {three: 3}]\nnested:\n  a: true\n');
console.log('js-yaml', JSON.stringify(doc), JSON.stringify(yaml.dump({ a: [1, 'b'], c: { d: null } })));
console.log('underscore', underscore.VERSION, underscore.chain([5, 3, 9]).sortBy().reverse().value().join(), underscore.template('<%- x %>')({ x: '<&>' }));
console.log('qs', qs.stringify({ filter: { tags: ['a', 'b'] }, page: 2 }, { encode: false }), JSON.stringify(qs.parse('a[0]=x&a[1]=y')));
dayjs.extend(utc);
console.log('dayjs', dayjs.utc('2024-06-01T12:30:00Z').add(1, 'month').format('YYYY-MM-DD HH:mm'), dayjs.utc(0).isUTC());
console.log('react', React.version, renderToStaticMarkup(React.createElement('p', { className: 'x' }, 'CommonJS ', React.createElement('b', null, 'render'))));
const program = new Command().option('-d, --debug').exitOverride();
console.log('commander', program.parse(['-d'], { from: 'user' }).opts().debug);
console.log('uuid', v5('esmload', v5.URL), validate(v5('x', v5.DNS)));
