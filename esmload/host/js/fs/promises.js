'use strict';

// node:fs/promises (the same object as fs.promises).
module.exports = require('internal/fs/promises');
