'use strict';

const { enqueueJob } = require('internal/microtasks');

// process.emitWarning: on the next tick, a 'warning' event with an Error named after the
// type, and a line on stderr ("(esmload:PID) Warning: …", where Node says "(node:PID)").
function emitWarning(warning, type, code) {
  if (type !== null && typeof type === 'object') {
    code = type.code;
    type = type.type;
  }
  if (!(warning instanceof Error)) {
    const message = `${warning}`;
    warning = new Error(message);
    warning.name = typeof type === 'string' ? type : 'Warning';
    if (code !== undefined) warning.code = code;
  }
  enqueueJob(() => {
    // Required here: internal/process requires this module.
    const { process } = require('internal/process');
    process.emit('warning', warning);
    const prefix = warning.code ? `[${warning.code}] ` : '';
    host.write(2, `(esmload:${host.pid}) ${prefix}${warning.name}: ${warning.message}\n`);
  });
}

module.exports = {
  emitWarning,
};
