"""`events`, EventTarget/Event/CustomEvent and AbortController/AbortSignal: each program
prints what node prints, cold and warm."""

from __future__ import annotations

EMITTER = r"""
import EventEmitter, * as events from 'node:events';
import util from 'node:util';

const report = (label, fn) => {
  try { console.log(label, fn()); } catch (err) { console.log(label, 'threw', err.name, err.code, err.message); }
};

console.log(Object.keys(events).sort().join());
console.log(Object.keys(EventEmitter).join(), Object.getOwnPropertyNames(EventEmitter).length);
console.log(Object.getOwnPropertyNames(EventEmitter.prototype).join());
console.log(EventEmitter.prototype.on.name, EventEmitter.prototype.off.name, EventEmitter.length);
console.log(EventEmitter.captureRejectionSymbol, EventEmitter.errorMonitor, events.defaultMaxListeners);
const e = new EventEmitter();
console.log(e, Object.keys(e));
const log = [];
e.on('newListener', (name, fn) => {
  log.push(`new ${String(name)} ${fn.name}`);
  if (name === 'x' && fn === a) e.on('x', function inserted() { log.push('inserted'); });
});
e.on('removeListener', (name, fn) => log.push(`removed ${String(name)} ${fn.name}`));
function a(x) { log.push(`a ${x}`); }
function b(x) { log.push(`b ${x}`); e.removeListener('x', c); }  // no effect on this emit
function c(x) { log.push(`c ${x}`); }
e.on('x', a).prependListener('x', b).once('x', c);
console.log(e._events.x.length, e._eventsCount, e.listenerCount('x'), e.listenerCount('x', c), e.eventNames());
console.log(e.emit('x', 1), e.emit('x', 2), e.emit('nothing'));
console.log(log.join('; '));
log.length = 0;
console.log(e.listeners('x'), e.rawListeners('x').map((f) => f.name));
e.once('y', function named() {});
console.log(e.rawListeners('y')[0], e.rawListeners('y')[0].listener.name, e.listeners('y')[0].name);
const sym = Symbol('sym');
e.on(sym, a).once(sym, a);
console.log(e.eventNames(), e.listenerCount(sym, a));
e.removeListener(sym, a);
console.log(e.rawListeners(sym)[0].name);
e.removeAllListeners('y');
e.removeAllListeners();
console.log(log.join('; '), e.eventNames(), e._eventsCount);
log.length = 0;

// A once() listener that emits again, a listener added and removed during an emit.
const n = new EventEmitter();
function x1() { log.push('x1'); n.off('x', x2); n.on('x', x3); }
function x2() { log.push('x2'); }
function x3() { log.push('x3'); }
n.prependOnceListener('x', () => { log.push('first'); n.emit('x'); });
n.on('x', x1).on('x', x2);
n.emit('x');
n.emit('x');
console.log(log.join(' '));
n.on('args', function (...args) { console.log(this === n, args); });
n.emit('args', 1, 'two', { three: 3 });

// 'error' without a listener throws; errorMonitor sees it first.
const f = new EventEmitter();
f.on(EventEmitter.errorMonitor, (err) => console.log('monitor', err?.message ?? err));
for (const value of [new Error('real'), 'text', undefined, { a: 1 }, 42]) {
  try { f.emit('error', value); } catch (err) { console.log(err === value, err.code, err.message, err.context === value); }
}
report('on', () => f.on('z', 5));
report('once', () => f.once('z'));
report('removeListener', () => f.removeListener('z', {}));
report('setMaxListeners', () => f.setMaxListeners(-1));
report('setMaxListeners', () => f.setMaxListeners('5'));
report('defaultMaxListeners', () => { EventEmitter.defaultMaxListeners = NaN; });
report('static setMaxListeners', () => events.setMaxListeners(1, {}));
report('getEventListeners', () => events.getEventListeners({}, 'x'));
report('captureRejections', () => new EventEmitter({ captureRejections: 1 }));
report('on()', () => events.on({}, 'x'));
report('on() signal', () => events.on(f, 'x', { signal: 'a' }));
report('on() aborted', () => events.on(f, 'x', { signal: AbortSignal.abort('r') }));
await events.once({}, 'x').catch((err) => console.log('once()', err.code, err.message));
await events.once(f, 'x', { signal: 1 }).catch((err) => console.log('once()', err.code, err.message));
report('addAbortListener', () => events.addAbortListener({}, () => {}));
console.log(f.getMaxListeners(), EventEmitter.defaultMaxListeners);

// Old-style subclassing, as many packages still do it.
function Legacy() { EventEmitter.call(this); this.name = 'legacy'; }
util.inherits(Legacy, EventEmitter);
const legacy = new Legacy();
legacy.on('ping', function () { console.log('ping', this.name, this instanceof EventEmitter); });
legacy.emit('ping');
console.log(legacy);
const bare = Object.create(EventEmitter.prototype);
bare.on('q', () => console.log('bare q'));
bare.emit('q');
console.log(bare._eventsCount, Object.keys(bare));
class Modern extends EventEmitter {}
const modern = new Modern({ captureRejections: true });
console.log(modern);
modern.on('work', async () => { throw new Error('async failure'); });
modern.on('error', (err) => console.log('captured', err.message));
modern.emit('work');
class Handler extends EventEmitter {
  [EventEmitter.captureRejectionSymbol](err, type, ...args) { console.log('rejection', err.message, type, args); }
}
const handler = new Handler({ captureRejections: true });
handler.on('job', async (n) => { throw new Error(`bad ${n}`); });
handler.emit('job', 7);
await new Promise((resolve) => setTimeout(resolve, 5));

// Static helpers.
const g = new EventEmitter();
setTimeout(() => g.emit('ready', 1, 2), 1);
console.log('once', await events.once(g, 'ready'), g.listenerCount('error'));
setTimeout(() => g.emit('error', new Error('failed')), 1);
try { await events.once(g, 'never'); } catch (err) { console.log('once rejects', err.message, g.listenerCount('never')); }
const ac = new AbortController();
setTimeout(() => ac.abort(), 1);
try { await events.once(g, 'never', { signal: ac.signal }); }
catch (err) { console.log(err.name, err.code, err.message, err.cause.name, Object.keys(err), err.stack.split('\n')[0]); }
setTimeout(() => { g.emit('tick', 1); g.emit('tick', 2); g.emit('tick', 3); }, 1);
const seen = [];
for await (const [v] of events.on(g, 'tick')) {
  seen.push(v);
  if (v === 3) break;
}
console.log('on', seen, g.listenerCount('tick'), g.listenerCount('error'));
const it = events.on(g, 'd');
g.emit('d', 1); g.emit('d', 2); g.emit('error', new Error('bad'));
console.log(await it.next(), await it.next());
try { await it.next(); } catch (err) { console.log('rejected', err.message); }
console.log(await it.next(), g.listenerCount('d'), g.listenerCount('error'));
const closing = events.on(g, 'z', { close: ['end'] });
g.emit('z', 'a'); g.emit('end');
console.log(await closing.next(), await closing.next(), g.listenerCount('end'));
try { await closing.throw('x'); } catch (err) { console.log(err.code, err.message); }
const returned = events.on(g, 'q');
const waiting = returned.next();
returned.return();
console.log(await waiting);
console.log(events.getEventListeners(g, 'tick'), events.listenerCount(e, 'x'), events.getMaxListeners(g));
const ac2 = new AbortController();
const disposable = events.addAbortListener(ac2.signal, (event) => console.log('abort listener', event.type));
console.log(typeof disposable[Symbol.dispose]);
ac2.abort();
events.setMaxListeners(3, g);
console.log(g.getMaxListeners());
events.setMaxListeners(20);
console.log(EventEmitter.defaultMaxListeners, new EventEmitter().getMaxListeners(), events.getMaxListeners(new EventTarget()));
const resource = new events.EventEmitterAsyncResource({ name: 'X' });
resource.on('a', (v) => console.log('resource', v));
console.log(events.EventEmitterAsyncResource, resource.emit('a', 1), resource instanceof EventEmitter,
  typeof resource.asyncId, resource.asyncResource.eventEmitter === resource);
"""

TARGETS = r"""
import { getEventListeners, once, on, setMaxListeners, getMaxListeners } from 'node:events';

const report = (label, fn) => {
  try { console.log(label, fn()); } catch (err) { console.log(label, 'threw', err.name, err.code, err.message); }
};

for (const C of [Event, CustomEvent, EventTarget, AbortSignal, AbortController]) {
  console.log(C.name, Object.keys(C), Object.keys(C.prototype), Object.getOwnPropertyNames(C.prototype).length);
}
console.log(Event.NONE, Event.AT_TARGET, new Event('x').AT_TARGET, Object.keys(new Event('x')));
console.log(Object.getOwnPropertyDescriptor(Event.prototype, 'cancelBubble'));
const target = new EventTarget();
class Sub extends EventTarget { constructor() { super(); this.a = 1; } }
console.log(target, new Sub(), [[[target, new Event('x'), new AbortController().signal, new AbortController()]]]);
console.log(String(new Event('x')), String(target), new Event('x', { cancelable: true }).cancelable);
const order = [];
const handler = { handleEvent(event) { order.push(`object ${event.type} ${this === handler}`); } };
target.addEventListener('go', function (event) {
  order.push(`first ${event.eventPhase} ${event.target === target} ${event.currentTarget === target} ${this === target} ${event.composedPath().length}`);
});
target.addEventListener('go', handler);
target.addEventListener('go', handler);  // a duplicate: ignored
target.addEventListener('go', () => order.push('once'), { once: true });
target.addEventListener('go', (event) => event.preventDefault());
const plain = new Event('go');
console.log(target.dispatchEvent(plain), target.dispatchEvent(new Event('go', { cancelable: true })));
console.log(plain.eventPhase, plain.currentTarget, plain.target === target, plain.composedPath(), plain.returnValue, plain.isTrusted);
console.log(order.join('; '), getEventListeners(target, 'go').length);

// Listeners added during a dispatch are called by it (as Node does), removed ones are not.
const live = new EventTarget();
const seen = [];
function late() { seen.push('late'); }
function removed() { seen.push('removed'); }
live.addEventListener('x', () => { seen.push('a'); live.addEventListener('x', late); live.removeEventListener('x', removed); });
live.addEventListener('x', removed);
live.dispatchEvent(new Event('x'));
const capture = new EventTarget();
function h() { seen.push('h'); }
capture.addEventListener('y', h, { capture: true });
capture.addEventListener('y', h);
capture.dispatchEvent(new Event('y'));
capture.removeEventListener('y', h);
capture.dispatchEvent(new Event('y'));
capture.addEventListener(1, () => seen.push('number type'));
capture.dispatchEvent(new Event('1'));
const signalled = new AbortController();
capture.addEventListener('s', () => seen.push('never'), { signal: signalled.signal });
signalled.abort();
capture.dispatchEvent(new Event('s'));
console.log(seen.join(' '));

const stopping = new EventTarget();
stopping.addEventListener('s', (event) => { event.stopImmediatePropagation(); console.log('stopped', event.cancelBubble); });
stopping.addEventListener('s', () => console.log('never'));
stopping.dispatchEvent(new Event('s'));
const early = new Event('s');
early.stopImmediatePropagation();
console.log('stopped before', stopping.dispatchEvent(early));
const passive = new EventTarget();
passive.addEventListener('p', (event) => event.preventDefault(), { passive: true });
console.log('passive', passive.dispatchEvent(new Event('p', { cancelable: true })));
const custom = new CustomEvent('c', { detail: { n: 1 } });
console.log(custom.detail, new CustomEvent('c').detail, custom instanceof Event, Object.prototype.toString.call(custom));
const init = new Event('a');
init.initEvent('b', true, true);
console.log(init.type, init.bubbles, init.cancelable);

report('dispatch fake', () => target.dispatchEvent({ type: 'fake' }));
report('dispatch none', () => target.dispatchEvent());
report('add one arg', () => target.addEventListener('x'));
report('add number', () => target.addEventListener('x', 5));
report('add signal', () => target.addEventListener('x', {}, { signal: 5 }));
report('add options', () => target.addEventListener('x', () => {}, 5));
report('add symbol', () => target.addEventListener(Symbol('x'), () => {}));
report('remove number', () => target.removeEventListener('x', 5));
report('foreign this', () => EventTarget.prototype.addEventListener.call({}, 'x', () => {}));
report('new Event', () => new Event());
report('Event options', () => new Event('x', 5));
report('Event getter', () => Object.getOwnPropertyDescriptor(Event.prototype, 'type').get.call({}));
report('detail getter', () => Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get.call(new Event('x')));

const controller = new AbortController();
console.log(controller, controller.signal.aborted, controller.signal.reason, [controller.signal]);
let fired = 0;
controller.signal.onabort = (event) => { fired += 1; console.log('onabort', event.type, event.isTrusted, event.target === controller.signal); };
controller.signal.addEventListener('abort', () => { fired += 1; });
controller.abort();
controller.abort('again');  // once only
const reason = controller.signal.reason;
console.log(fired, controller, reason.name, reason.message, reason.code, reason instanceof DOMException);
try { controller.signal.throwIfAborted(); } catch (err) { console.log('thrown', err === reason); }
const handlers = [];
const ordered = new AbortController();
ordered.signal.onabort = () => handlers.push('f1');
ordered.signal.addEventListener('abort', () => handlers.push('g'));
ordered.signal.onabort = () => handlers.push('f2');
ordered.abort();
ordered.signal.onabort = 5;
console.log(handlers.join(), ordered.signal.onabort);
console.log(AbortSignal.abort('why').reason, AbortSignal.any([AbortSignal.abort(7)]).reason, AbortSignal.abort().reason.message);
report('new AbortSignal', () => new AbortSignal());
report('timeout -1', () => AbortSignal.timeout(-1));
report('timeout 1.5', () => AbortSignal.timeout(1.5));
report('timeout string', () => AbortSignal.timeout('5'));
report('any 5', () => AbortSignal.any(5));
report('any [{}]', () => AbortSignal.any([controller.signal, {}]));
report('aborted getter', () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get.call({}));
report('throwIfAborted', () => AbortSignal.prototype.throwIfAborted.call({}));
const first = new AbortController();
const second = new AbortController();
const any = AbortSignal.any([first.signal, second.signal]);
const nested = AbortSignal.any([any]);
any.onabort = () => console.log('any aborted', any.reason);
second.abort('second');
first.abort('first');
console.log(any.reason, nested.aborted, nested.reason, AbortSignal.any([]).aborted);
// any() follows its sources without listeners of its own, aborted right after each source.
const source = new AbortController();
const follower = AbortSignal.any([source.signal]);
const second2 = AbortSignal.any([follower]);
source.signal.addEventListener('abort', () => console.log('source', follower.aborted, second2.aborted));
follower.addEventListener('abort', () => console.log('follower', second2.aborted));
second2.addEventListener('abort', () => console.log('second follower', second2.reason));
console.log(getEventListeners(source.signal, 'abort').length);
source.abort('from source');

// events helpers on EventTarget.
setTimeout(() => target.dispatchEvent(new Event('ready')), 1);
const [ready] = await once(target, 'ready');
console.log(ready.type, ready instanceof Event, getEventListeners(target, 'ready'));
const stop = new AbortController();
setTimeout(() => {
  target.dispatchEvent(new CustomEvent('n', { detail: 1 }));
  target.dispatchEvent(new CustomEvent('n', { detail: 2 }));
  stop.abort();
}, 1);
const details = [];
try {
  for await (const [event] of on(target, 'n', { signal: stop.signal })) details.push(event.detail);
} catch (err) { console.log(err.name, err.cause.name); }
console.log(details, getEventListeners(target, 'n'), getEventListeners(stop.signal, 'abort').length);
setMaxListeners(4, target);
console.log(getMaxListeners(target), getMaxListeners(new EventTarget()));

const timeout = AbortSignal.timeout(5);
timeout.addEventListener('abort', () => console.log('timed out'));
await new Promise((resolve) => setTimeout(resolve, 30));  // the signal's own timer is unref'd
console.log(timeout.reason.name, timeout.reason.message, timeout.reason.code);
// An unref'd timeout does not keep the program alive: this ends at once.
AbortSignal.timeout(60000);
const sig = new AbortController();
const mixed = AbortSignal.any([sig.signal, AbortSignal.timeout(60000)]);
sig.abort('first');
console.log('any', mixed.aborted, mixed.reason);
"""

# A listener that throws: the others still run, then the error is uncaught (exit status 1).
THROWING = """\
const target = new EventTarget();
target.addEventListener('boom', () => { throw new Error('boom'); });
target.addEventListener('boom', () => console.log('after boom'));
console.log(target.dispatchEvent(new Event('boom')));
console.log('sync end');
"""


def test_event_emitter(same_as_node) -> None:
    result = same_as_node({"main.mjs": EMITTER})
    assert result.stderr == ""


def test_event_target_and_abort(same_as_node) -> None:
    same_as_node({"main.mjs": TARGETS})


def test_listener_error_is_uncaught(same_as_node) -> None:
    result = same_as_node({"main.mjs": THROWING})
    assert "Error: boom" in result.stderr


def test_warnings(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """\
                import { EventEmitter } from 'node:events';
                process.on('warning', (w) => console.log(w.name, w.type, w.count, (w.emitter ?? w.target).constructor.name));
                const e = new EventEmitter();
                for (let i = 0; i < 11; i++) e.on('z', () => {});
                e.on('z', () => {});
                const t = new EventTarget();
                for (let i = 0; i < 12; i++) t.addEventListener('y', () => {});
                t.addEventListener('y', null);
                console.log(e.listenerCount('z'));
                """
        }
    )
    assert result.stdout == (
        "12\nMaxListenersExceededWarning z 11 EventEmitter\n"
        "MaxListenersExceededWarning y 11 EventTarget\n"
        "AddEventListenerArgumentTypeWarning y undefined EventTarget\n"
    )
    assert result.stderr.count("MaxListenersExceededWarning") == 2
    assert "11 z listeners added to [EventEmitter]. MaxListeners is 10. Use emitter" in result.stderr
    assert "11 y listeners added to EventTarget. MaxListeners is 10. Use events" in result.stderr
    assert "addEventListener called with null which has no effect." in result.stderr
