'use strict';

// assert in strict mode: equal/deepEqual and their negations are the strict forms.
module.exports = require('assert').strict;
