'use strict';

// The deprecated `constants` built-in: os.constants' signals, errno and priority values and
// fs.constants, flattened into one object (what graceful-fs and older code read).

const os = require('os');
const fs = require('fs');

module.exports = {
  ...(os.constants.signals || {}),
  ...(os.constants.errno || {}),
  ...(os.constants.priority || {}),
  ...(fs.constants || {}),
};
