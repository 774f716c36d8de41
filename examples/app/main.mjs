// A small multi-module program: folders, a JSON module, a dynamic import, top-level await,
// and a local package under node_modules with an "exports" map.
import { greet } from 'greeter';
import { shout } from 'greeter/loud';
import { formatTable } from './src/lib/table.js';
import config from './data/config.json' with { type: 'json' };

console.log(greet(config.name));
console.log(shout('cached bytecode'));

const { slowSquare } = await import('./src/lib/math.js');
const squares = await Promise.all(config.numbers.map((n) => slowSquare(n)));
console.log(formatTable(config.numbers.map((n, i) => [n, squares[i]])));

console.log('entry is main:', import.meta.main, '| file:', import.meta.url.split('/').slice(-1)[0]);
