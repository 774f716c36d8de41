'use strict';

// The process object, also a global.
module.exports = require('internal/process').process;
