/** The model's OpenAPI writer: a REST or HTTP API of the model as an OpenAPI document. */
export { writeHttpApiDocument } from './http';
export { OFFLINE_VERSION, type WriteOptions, type WrittenDocument } from './options';
export { writeRestApiDocument } from './rest';
