'use strict';

// events.defaultMaxListeners, shared by EventEmitter and EventTarget (a target takes the
// value current when it is made, as in Node).

module.exports = { defaultMaxListeners: 10 };
