/**
 * `sls apigateway serve --websocket-port`: the local WebSocket API's port (default 4002; 0: any
 * free port), read as `--port` is.
 */
import { ERROR_CODES, KitError } from '../pipeline/errors';

export function parseWebSocketPortOption(options: Record<string, unknown>): number {
  const value = options['websocket-port'];
  const text = value === undefined ? '4002' : String(value);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new KitError(
      `--websocket-port: ${JSON.stringify(value)} is not a TCP port; use a number from 0 (any free port) to 65535`,
      ERROR_CODES.invalidOption,
    );
  return port;
}
