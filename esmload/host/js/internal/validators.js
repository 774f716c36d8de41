'use strict';

// Argument checks that throw Node's errors.

const { invalidArgType } = require('internal/errors');

function checkCallback(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
}

module.exports = {
  checkCallback,
};
