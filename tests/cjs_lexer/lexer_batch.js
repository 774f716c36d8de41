// Runs the real cjs-module-lexer over many sources in one process, for tests/test_cjs_lexer.py.
// Usage: node lexer_batch.js NODE_MODULES REQUEST.json > RESULT.json
// REQUEST is {"files": [path, ...], "sources": [text, ...]}; RESULT has the same two lists of
// {"exports": [...], "reexports": [...]} or {"error": message, "line": n} (line as the lexer
// reports it: 1 + the newlines before the offset where it stopped).
'use strict';
const fs = require('fs');
const path = require('path');

const [nodeModules, requestPath] = process.argv.slice(2);
const lexerDir = path.join(nodeModules, 'cjs-module-lexer');
const version = JSON.parse(fs.readFileSync(path.join(lexerDir, 'package.json'), 'utf8')).version;
const { parse } = require(lexerDir);  // the JavaScript build (lexer.js), which Node 20 calls

function lex(source) {
  try {
    const { exports, reexports } = parse(source);
    return { exports, reexports };
  } catch (error) {
    const line = source.slice(0, error.loc).split('\n').length;
    return { error: String(error.message).split('\n')[0], line };
  }
}

const request = JSON.parse(fs.readFileSync(requestPath, 'utf8'));
const result = {
  version,
  files: request.files.map((file) => lex(fs.readFileSync(file, 'utf8'))),
  sources: request.sources.map(lex),
};
process.stdout.write(JSON.stringify(result));
