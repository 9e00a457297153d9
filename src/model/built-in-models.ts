/** API Gateway creates these two models on every REST API; a document repeats them as schemas. */
export const BUILT_IN_MODELS: Readonly<Record<string, Record<string, unknown>>> = {
  Empty: { title: 'Empty Schema', type: 'object' },
  Error: { title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } },
};
