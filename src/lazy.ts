/**
 * Loads a module when first needed. What only some commands or some configs need (the AWS SDK,
 * swagger-parser, the OpenAPI export, ajv's compiler, the VTL engine) is required lazily: every
 * `sls` command loads the plugin, and most of them never use those. `modulePath` is a package name
 * or a path relative to `src/` (where this module is).
 */
export function load<T>(modulePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load, typed by the caller
  return require(modulePath) as T;
}
