'use strict';

// STUB: being written.
