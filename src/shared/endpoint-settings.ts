/**
 * Kept for the HTTP API feature's import of DEFAULT_CORS_HEADERS until its branch imports it from
 * src/features/cors/resolve.ts; everything else of this module moved to src/features/caching,
 * src/features/cors, src/features/gateway-responses and src/shared/http-endpoint.ts.
 */
export { DEFAULT_CORS_HEADERS } from '../features/cors/resolve';
