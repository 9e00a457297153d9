/**
 * The HTTP side of the local gateway: reads each request whole, hands it to the REST gateway,
 * writes its answer, and logs one line per request. A path outside every served stage gets
 * API Gateway's answer for a URL it has no API and stage for: 403 "Missing Authentication Token"
 * (no API's gateway responses apply there). Sockets are tracked so `close()` ends keep-alive
 * connections too instead of waiting for clients to let go.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { GatewayResponse, RawRequest } from './rest/request';

export type RequestLogger = (line: string) => void;

/** A served API (REST stage or HTTP API): its answer, or undefined when the path is not its. */
export interface RequestHandler {
  handle(raw: RawRequest): Promise<GatewayResponse | undefined>;
}

const NO_STAGE: GatewayResponse = {
  statusCode: 403,
  headers: {
    'Content-Type': ['application/json'],
    'x-amzn-ErrorType': ['MissingAuthenticationTokenException'],
  },
  body: Buffer.from('{"message":"Missing Authentication Token"}'),
  integration: '-',
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Header names compared without case: the last one set wins, with the spelling it was set with. */
function finalHeaders(
  headers: Readonly<Record<string, string[]>>,
): Map<string, { name: string; values: string[] }> {
  const result = new Map<string, { name: string; values: string[] }>();
  for (const [name, values] of Object.entries(headers))
    result.set(name.toLowerCase(), { name, values });
  return result;
}

function writeResponse(response: ServerResponse, answer: GatewayResponse): void {
  const headers = finalHeaders(answer.headers);
  for (const { name, values } of headers.values())
    response.setHeader(name, values.length === 1 ? values[0] : values);
  if (answer.requestId && !headers.has('x-amzn-requestid'))
    response.setHeader('x-amzn-RequestId', answer.requestId);
  response.setHeader('Content-Length', answer.body.length);
  response.writeHead(answer.statusCode);
  response.end(answer.body);
}

export interface GatewayServer {
  server: Server;
  close(): Promise<void>;
}

/**
 * `gateways()` is read once per request, when it arrives: a reload swaps what it returns, and a
 * request already in flight finishes on the gateways it started with.
 */
export function createGatewayServer(
  gateways: () => readonly RequestHandler[],
  log: RequestLogger,
): GatewayServer {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    const serving = gateways();
    void (async () => {
      let answer: GatewayResponse;
      try {
        const body = await readBody(request);
        const raw = {
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          rawHeaders: request.rawHeaders,
          body,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        };
        let found: GatewayResponse | undefined;
        for (const gateway of serving) {
          found = await gateway.handle(raw);
          if (found) break;
        }
        answer = found ?? NO_STAGE;
      } catch (error) {
        // The gateway's own failure (a bug here, not the service's): say so, as a 500.
        answer = {
          statusCode: 500,
          headers: { 'Content-Type': ['application/json'] },
          body: Buffer.from('{"message": "Internal server error"}'),
          integration: '-',
          detail: `local gateway error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        };
      }
      writeResponse(response, answer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(
        `${request.method ?? ''} ${request.url ?? ''} ${answer.statusCode} ${ms.toFixed(1)} ms ${answer.integration}${answer.canary ? ' canary' : ''}${answer.detail ? ` (${answer.detail})` : ''}`,
      );
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
