/**
 * The fast path of config validation. `npm run build` compiles the schemas ahead of time into
 * `dist/schema-validators.js` (ajv standalone code, scripts/build-validators.ts): loading that
 * takes ~10 ms where compiling the schemas at run time took ~200 ms on every `sls` command, and
 * it needs no ajv compiler at all. These validators only answer "valid or not" (first error
 * wins); when a config is not valid, validate-schema.ts compiles the explaining validator (every
 * error, verbose) to say why: a mistake costs the compile, a valid config never does.
 */
import path from 'node:path';
import type { Options } from 'ajv';
import { load } from '../../lazy';
import { schemaFingerprint } from './schemas';

/** Next to `dist/` from both `src/pipeline/validate` and `dist/pipeline/validate`, like `schemas/`. */
export const PRECOMPILED_VALIDATORS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'dist',
  'schema-validators.js',
);

/**
 * How the precompiled validators are compiled: the same rules as the explaining validator
 * (strict, no coercion, no defaults), but stopping at the first error and with each `$ref`
 * compiled once as its own function (the shared definitions are used dozens of times).
 */
export const PRECOMPILED_AJV_OPTIONS: Options = {
  allErrors: false,
  verbose: false,
  strict: true,
  coerceTypes: false,
  useDefaults: false,
  inlineRefs: false,
};

export type SchemaCheck = (value: unknown) => boolean;

/** What dist/schema-validators.js exports: a check per schema file, and what it was built from. */
export interface PrecompiledValidators {
  fingerprint: string;
  [schemaFile: string]: SchemaCheck | string;
}

let precompiled: PrecompiledValidators | null | undefined;

/**
 * The precompiled check for `schemas/<file>`, or undefined when there is none to trust: not
 * built yet, or built from schemas that have changed since (a development checkout).
 */
export function precompiledValidator(file: string): SchemaCheck | undefined {
  if (precompiled === undefined) {
    precompiled = loadPrecompiledValidators(PRECOMPILED_VALIDATORS_FILE, schemaFingerprint());
  }
  const check = precompiled?.[file];
  return typeof check === 'function' ? check : undefined;
}

/** The module at `modulePath` if it exists and was built from schemas with `fingerprint`. */
export function loadPrecompiledValidators(
  modulePath: string,
  fingerprint: string,
): PrecompiledValidators | null {
  let module: PrecompiledValidators;
  try {
    module = load<PrecompiledValidators>(modulePath);
  } catch {
    return null;
  }
  return module.fingerprint === fingerprint ? module : null;
}
