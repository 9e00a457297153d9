/**
 * The API Gateway model (DESIGN.md, decision 7): read every API of a packaged template into one
 * typed description, and write it as OpenAPI. See `./types` for what it holds.
 */
export type * from './types';
export {
  readApiModels,
  readHttpApi,
  readHttpBody,
  readRestApi,
  readRestBody,
  readWebSocketApi,
} from './read';
export {
  OFFLINE_VERSION,
  writeHttpApiDocument,
  writeRestApiDocument,
  type WriteOptions,
  type WrittenDocument,
} from './openapi';
