'use strict';

// util.parseArgs: command-line arguments split into option tokens and positionals, then
// checked (strict mode) and collected into `values`.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');

const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

function propertyTypeError(name, expected, value) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" property must be ${expected}.${describeReceived(value)}`);
}

function checkBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value);
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'object', options);
  for (const [name, config] of Object.entries(options)) {
    const path = `options.${name}`;
    if (config === null || typeof config !== 'object') throw propertyTypeError(path, 'of type object', config);
    const type = config.type;
    if (type !== 'string' && type !== 'boolean') throw propertyTypeError(`${path}.type`, "('string|boolean')", type);
    if (hasOwn(config, 'short')) {
      const short = config.short;
      if (typeof short !== 'string') throw propertyTypeError(`${path}.short`, 'of type string', short);
      if (short.length !== 1) {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The property '${path}.short' must be a single character. Received ${quoteValue(short)}`);
      }
    }
    if (hasOwn(config, 'multiple') && typeof config.multiple !== 'boolean') {
      throw propertyTypeError(`${path}.multiple`, 'of type boolean', config.multiple);
    }
    if (config.default !== undefined) {
      const value = config.default;
      if (config.multiple) {
        if (!Array.isArray(value)) throw propertyTypeError(`${path}.default`, 'an instance of Array', value);
        value.forEach((item, i) => {
          if (typeof item !== type) throw propertyTypeError(`${path}.default[${i}]`, `of type ${type}`, item);
        });
      } else if (typeof value !== type) {
        throw propertyTypeError(`${path}.default`, `of type ${type}`, value);
      }
    }
  }
}

const quoteValue = (value) => require('internal/util/inspect').inspect(value);

// The long name of short option `char`, or undefined.
function longForShort(char, options) {
  for (const name of Object.keys(options)) {
    if (options[name].short === char) return name;
  }
  return undefined;
}

const typeOf = (name, options) => (name !== undefined && hasOwn(options, name) ? options[name].type : undefined);

function tokenize(args, options, allowNegative) {
  const tokens = [];
  // Arguments still to read: [text, index]; short groups expand in place.
  const queue = args.map((arg, index) => [arg, index]);
  const optionToken = (name, rawName, index, value, inlineValue, withValue) => {
    const token = { kind: 'option', name, rawName, index };
    if (withValue || value !== undefined) {
      token.value = value;
      token.inlineValue = inlineValue;
    }
    tokens.push(token);
  };
  while (queue.length !== 0) {
    const [arg, index] = queue.shift();
    if (arg === '--') {
      tokens.push({ kind: 'option-terminator', index });
      for (const [rest, restIndex] of queue) tokens.push({ kind: 'positional', index: restIndex, value: rest });
      break;
    }
    if (arg.length >= 2 && arg[0] === '-' && arg[1] !== '-') {
      const char = arg[1];
      const name = longForShort(char, options) ?? char;
      const isString = typeOf(longForShort(char, options), options) === 'string';
      if (arg.length === 2) {
        // -x, taking the next argument as its value when it is a string option.
        let value;
        if (isString && queue.length !== 0) value = queue.shift()[0];
        optionToken(name, arg, index, value, value === undefined ? undefined : false, false);
      } else if (isString) {
        optionToken(name, `-${char}`, index, arg.slice(2), true, true);
      } else {
        // -abc: one option per character; a string option takes the rest as its value.
        const expanded = [];
        for (let i = 1; i < arg.length; i++) {
          const c = arg[i];
          if (typeOf(longForShort(c, options), options) === 'string' && i !== arg.length - 1) {
            expanded.push([`-${arg.slice(i)}`, index]);
            break;
          }
          expanded.push([`-${c}`, index]);
        }
        queue.unshift(...expanded);
      }
      continue;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      if (eq !== -1) {
        const name = arg.slice(2, eq);
        optionToken(name, arg.slice(0, eq), index, arg.slice(eq + 1), true, true);
        continue;
      }
      let name = arg.slice(2);
      if (allowNegative && name.startsWith('no-') && typeOf(name.slice(3), options) === 'boolean') {
        optionToken(name.slice(3), arg, index, undefined, undefined, true);
        continue;
      }
      let value;
      if (typeOf(name, options) === 'string' && queue.length !== 0) value = queue.shift()[0];
      optionToken(name, arg, index, value, value === undefined ? undefined : false, false);
      continue;
    }
    tokens.push({ kind: 'positional', index, value: arg });
  }
  return tokens;
}

function optionLabel(name, options) {
  const short = hasOwn(options, name) ? options[name].short : undefined;
  return short !== undefined ? `-${short}, --${name}` : `--${name}`;
}

function checkToken(token, options, allowPositionals) {
  const { name, rawName } = token;
  if (!hasOwn(options, name)) {
    const hint = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(rawName)}`
      : '';
    throw nodeError(TypeError, 'ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${rawName}'${hint}`);
  }
  const config = options[name];
  if (config.type === 'string') {
    if (typeof token.value !== 'string') {
      throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
        `Option '${optionLabel(name, options)} <value>' argument missing`);
    }
    if (!token.inlineValue && token.value.startsWith('-')) {
      const example = config.short !== undefined && rawName === `-${config.short}`
        ? `'--${name}=-XYZ' or '${rawName}-XYZ'`
        : `'--${name}=-XYZ'`;
      throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
        `Option '${rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${rawName}'?\n` +
        `To specify an option argument starting with a dash use ${example}.`);
    }
  } else if (token.value !== undefined) {
    throw nodeError(TypeError, 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
      `Option '${optionLabel(name, options)}' does not take an argument`);
  }
}

function parseArgs(config = {}) {
  const {
    args = (globalThis.process ? globalThis.process.argv.slice(2) : []),
    strict = true,
    options = {},
    tokens: returnTokens = false,
    allowNegative = false,
  } = config;
  const allowPositionals = config.allowPositionals === undefined ? !strict : config.allowPositionals;
  if (!Array.isArray(args)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "args" argument must be an instance of Array.${describeReceived(args)}`);
  }
  checkBoolean(strict, 'strict');
  checkBoolean(allowPositionals, 'allowPositionals');
  checkBoolean(returnTokens, 'tokens');
  checkBoolean(allowNegative, 'allowNegative');
  checkOptions(options);

  const tokens = tokenize(args.map(String), options, allowNegative);
  const values = { __proto__: null };
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === 'option') {
      if (strict) checkToken(token, options, allowPositionals);
      const { name } = token;
      let value = token.value === undefined ? true : token.value;
      if (allowNegative && token.rawName === `--no-${name}` && token.value === undefined) value = false;
      if (hasOwn(options, name) && options[name].multiple) {
        if (values[name] === undefined) values[name] = [];
        values[name].push(value);
      } else {
        values[name] = value;
      }
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw nodeError(TypeError, 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
          `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      positionals.push(token.value);
    }
  }
  for (const name of Object.keys(options)) {
    if (options[name].default !== undefined && values[name] === undefined) values[name] = options[name].default;
  }
  const result = { values, positionals };
  if (returnTokens) result.tokens = tokens;
  return result;
}

module.exports = {
  parseArgs,
};
