'use strict';

// The iterators of Headers and FormData (WebIDL "pair iterators"): keys(), values() and
// entries() over a list of [name, value] pairs read afresh at each step, with the prototype
// chain and the errors the web platform gives them.

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

// A function(target, kind) making iterators over `pairsOf(target)` for interface `name`.
function pairIterator(name, pairsOf) {
  const states = new WeakMap();
  const prototype = Object.create(IteratorPrototype, {
    next: {
      value: function next() {
        const state = this === null || typeof this !== 'object' ? undefined : states.get(this);
        if (state === undefined) {
          throw new TypeError(`'next' called on an object that does not implement interface ${name} Iterator.`);
        }
        const pairs = pairsOf(state.target);
        if (state.index >= pairs.length) return { value: undefined, done: true };
        const [key, value] = pairs[state.index++];
        if (state.kind === 'keys') return { value: key, done: false };
        if (state.kind === 'values') return { value, done: false };
        return { value: [key, value], done: false };
      },
      writable: true,
      enumerable: true,
      configurable: true,
    },
    [Symbol.toStringTag]: { value: `${name} Iterator`, configurable: true },
  });
  return (target, kind) => {
    const iterator = Object.create(prototype);
    states.set(iterator, { target, kind, index: 0 });
    return iterator;
  };
}

module.exports = { pairIterator };
