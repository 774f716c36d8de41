'use strict';

// The listener lists behind an event emitter's methods: event → listeners in calling order,
// and once() wrappers that remove themselves. The emitter's methods stay with the emitter
// (they return it, and check their arguments); process is the first user.

class ListenerMap {
  #lists = new Map(); // event → [listener]

  add(event, listener, prepend) {
    const list = this.#lists.get(event);
    if (list === undefined) this.#lists.set(event, [listener]);
    else if (prepend) list.unshift(listener);
    else list.push(listener);
  }

  // Removes the last registration of listener, or else the first once() wrapper around it.
  remove(event, listener) {
    const list = this.#lists.get(event);
    if (list !== undefined) {
      const index = list.lastIndexOf(listener);
      if (index !== -1) list.splice(index, 1);
      else {
        const wrapped = list.findIndex((f) => f.listener === listener);
        if (wrapped !== -1) list.splice(wrapped, 1);
      }
    }
  }

  // A listener that removes itself from event, then calls listener (its `listener`).
  wrapOnce(event, listener) {
    const lists = this;
    const wrapper = function (...args) {
      lists.remove(event, wrapper);
      return Reflect.apply(listener, this, args);
    };
    wrapper.listener = listener;
    return wrapper;
  }

  // All events' listeners when event is undefined.
  removeAll(event) {
    if (event === undefined) this.#lists.clear();
    else this.#lists.delete(event);
  }

  // Calls event's listeners (those there when it starts) with `thisArg` and args; false when
  // there are none.
  emit(thisArg, event, args) {
    const list = this.#lists.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const listener of [...list]) Reflect.apply(listener, thisArg, args);
    return true;
  }

  // A copy of event's listeners as registered (once() wrappers included).
  raw(event) {
    return [...(this.#lists.get(event) || [])];
  }

  // As the program registered them (once() wrappers unwrapped).
  listeners(event) {
    return this.raw(event).map((f) => f.listener || f);
  }

  count(event) {
    return (this.#lists.get(event) || []).length;
  }

  eventNames() {
    return [...this.#lists.keys()].filter((event) => this.#lists.get(event).length > 0);
  }
}

module.exports = {
  ListenerMap,
};
