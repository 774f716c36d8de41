'use strict';

// path: the POSIX flavour, with path.posix and path.win32.
module.exports = require('internal/path/posix');
