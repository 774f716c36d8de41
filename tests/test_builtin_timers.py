"""`timers` and `timers/promises`: each program prints what node prints, cold and warm."""

from __future__ import annotations

TIMERS = r"""
import timers, * as named from 'node:timers';
import tp, { setTimeout as sleep, setImmediate as immediate, setInterval as every, scheduler }
  from 'node:timers/promises';
import * as bare from 'timers/promises';
import { getEventListeners } from 'node:events';

console.log(Object.keys(timers).join(), Object.keys(named).sort().join(), Object.keys(tp).join());
console.log(timers.setTimeout === setTimeout, timers.clearInterval === clearInterval,
  timers.setImmediate === setImmediate, timers.promises === tp, bare.setTimeout === sleep);
console.log(scheduler, scheduler.wait.length, sleep.length, every.length, immediate.length);
try { new scheduler.constructor(); } catch (err) { console.log(err.code, err.message); }

const order = [];
// Delays far above a busy machine's stalls: once both timers are due before the loop first
// turns (a cold run's record writer competes for the GIL), node too runs them before immediates.
const slept = sleep(200, 'b').then((v) => order.push(`sleep ${v}`));
const sooner = sleep(100, 'a').then((v) => order.push(`sleep ${v}`));
const soon = immediate('now').then((v) => order.push(`immediate ${v}`));
process.nextTick(() => order.push('tick'));
await Promise.all([slept, sooner, soon]);
console.log(order.join('; '));
console.log(await sleep(-5, 'negative'), await sleep(undefined, 'no delay'), await immediate());

const ticks = [];
for await (const v of every(2, 'tick')) {
  ticks.push(v);
  if (ticks.length === 3) break;
}
console.log(ticks);
const stop = new AbortController();
const iterator = every(5, 'x', { signal: stop.signal });
console.log(await iterator.next());
setTimeout(() => stop.abort('halt'), 2);
try { await iterator.next(); } catch (err) { console.log('interval', err.name, err.code, err.cause); }
console.log(await iterator.next());

const controller = new AbortController();
const pending = sleep(10000, null, { signal: controller.signal });
controller.abort('stop');
try { await pending; } catch (err) { console.log(err.name, err.code, err.message, err.cause, Object.keys(err)); }
const other = new AbortController();
const waiting = immediate('v', { signal: other.signal });
other.abort();
try { await waiting; } catch (err) { console.log(err.name, err.cause.name, err.cause.message); }
const later = new AbortController();
const wait = scheduler.wait(1000, { signal: later.signal });
setTimeout(() => later.abort(new Error('mine')), 1);
try { await wait; } catch (err) { console.log(err.message, err.cause.message, err instanceof Error); }
// The timer's abort listener runs even if the program's own listener stops the event.
const stopped = new AbortController();
stopped.signal.addEventListener('abort', (event) => event.stopImmediatePropagation());
const guarded = sleep(1000, null, { signal: stopped.signal });
console.log(getEventListeners(stopped.signal, 'abort').length);
stopped.abort();
console.log(await Promise.race([guarded.then(() => 'resolved', (err) => err.name), sleep(20).then(() => 'hung')]));

const attempts = [
  () => sleep(1, null, 5),
  () => sleep(1, null, null),
  () => sleep(1, null, { signal: 5 }),
  () => sleep(1, null, { ref: 5 }),
  () => sleep('a'),
  () => immediate(1, { ref: 'x' }),
  () => every(1, null, 5).next(),
  () => scheduler.wait('x'),
  () => sleep(1, 'v', { signal: AbortSignal.abort(3) }),
  () => immediate('v', { signal: AbortSignal.abort(3) }),
  () => every(1, 'v', { signal: AbortSignal.abort(3) }).next(),
];
for (const attempt of attempts) {
  try { console.log('ok', await attempt()); } catch (err) { console.log(err.name, err.code, err.message, err.cause); }
}
try { scheduler.wait.call({}, 1); } catch (err) { console.log(err.code, err.message); }
await scheduler.yield();
console.log('scheduler done');
// Unref'd timers do not keep the program alive.
sleep(60000, null, { ref: false }).then(() => console.log('never'));
(async () => { for await (const _ of every(50, null, { ref: false })) console.log('never'); })();
"""


def test_timers(same_as_node) -> None:
    same_as_node({"main.mjs": TIMERS})
