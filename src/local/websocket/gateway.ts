/**
 * The local WebSocket API (issue 18): one HTTP server on its own port that upgrades
 * `ws://<host>:<port>/<stage>` after the `$connect` route accepted the handshake (./connect.ts),
 * routes each text message (./messages.ts), runs `$disconnect` when a connection closes, and
 * serves the `@connections` management API (./management.ts) over plain HTTP on the same port, so
 * a handler's `http://${requestContext.domainName}/${requestContext.stage}` endpoint reaches it.
 * As on AWS, binary frames close the connection with 1003 and messages over 128 KB with 1009.
 * A reload swaps the API model for the next handshake and message; open connections stay open.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CfnTemplate } from '../../cloudformation/template';
import type { WebSocketApiModel } from '../../model';
import { renderValue } from '../../openapi/intrinsics';
import type { LocalValues } from '../lambda/local-values';
import type { FunctionPool } from '../lambda/pool';
import { LOCAL_API_ID } from '../rest/context';
import { grouped, headerPairs } from '../rest/request';
import type { RequestLogger } from '../server';
import { refusal, runConnect, type Refused } from './connect';
import {
  disconnectEvent,
  newId,
  webSocketRequestContext,
  type ApiInfo,
  type ConnectionInfo,
} from './events';
import { WebSocketIntegrations } from './integration';
import { handleManagement, MAX_PAYLOAD_BYTES, type ManagedConnection } from './management';
import { handleMessage } from './messages';

export interface WebSocketGatewayOptions {
  api: WebSocketApiModel;
  template: CfnTemplate;
  stage: string;
  values: LocalValues;
  functions: FunctionPool;
  host: string;
  port: number;
  log: RequestLogger;
}

interface Served {
  api: WebSocketApiModel;
  template: CfnTemplate;
  integrations: WebSocketIntegrations;
  stageVariables: Record<string, string>;
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

/** Refuses an upgrade with an HTTP response, as API Gateway does before the connection exists. */
function writeRefusal(socket: Duplex, answer: Refused, requestId: string) {
  const body = Buffer.from(answer.body, 'utf8');
  const lines = [
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}`,
    ...Object.entries(answer.headers).map(([name, value]) => `${oneLine(name)}: ${oneLine(value)}`),
    `x-amzn-RequestId: ${requestId}`,
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

export class WebSocketGateway {
  private served: Served;
  private readonly connections = new Map<string, ManagedConnection & { socket: WebSocket }>();
  private readonly sockets = new Set<Socket>();
  /** The subprotocol `$connect` agreed on, per handshake request. */
  private readonly protocols = new WeakMap<IncomingMessage, string>();
  private readonly wss: WebSocketServer;
  private readonly server: Server;
  private closing = false;
  private info: ApiInfo;

  private constructor(private readonly options: WebSocketGatewayOptions) {
    this.served = this.serve(options.api, options.template);
    this.info = { stage: options.stage, domainName: '', apiId: LOCAL_API_ID };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_PAYLOAD_BYTES,
      handleProtocols: (_, request) => this.protocols.get(request) ?? false,
    });
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const started = process.hrtime.bigint();
        const path = (request.url ?? '/').split('?')[0];
        const answer = handleManagement(
          { method: request.method ?? 'GET', path, body: Buffer.concat(chunks) },
          options.stage,
          this.connections,
        ) ?? {
          statusCode: 426,
          headers: { 'Content-Type': 'application/json' },
          body: '{"message":"Upgrade Required: connect with a WebSocket client"}',
        };
        response.writeHead(answer.statusCode, { ...answer.headers, 'x-amzn-RequestId': newId(8) });
        response.end(answer.body);
        this.log(`${request.method ?? ''} ${path} ${answer.statusCode}`, started, '@connections');
      });
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(request, socket, head).catch((error: unknown) => {
        writeRefusal(socket, refusal(500, String(error)), '-');
        this.options.log(`CONNECT $connect 500 local gateway error: ${String(error)}`);
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
    const gateway = new WebSocketGateway(options);
    await new Promise<void>((resolve, reject) => {
      gateway.server.once('error', reject);
      gateway.server.listen(options.port, options.host, () => {
        gateway.server.off('error', reject);
        resolve();
      });
    });
    const { port } = gateway.server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    gateway.info = { ...gateway.info, domainName: `${host}:${port}` };
    return gateway;
  }

  /** `ws://<host>:<port>/<stage>`. */
  get url(): string {
    return `ws://${this.info.domainName}/${this.info.stage}`;
  }

  /** Serves another template's WebSocket API from the next handshake and message on. */
  reload(api: WebSocketApiModel, template: CfnTemplate): void {
    this.served = this.serve(api, template);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      for (const socket of this.sockets) socket.destroy();
    });
    this.wss.close();
  }

  private serve(api: WebSocketApiModel, template: CfnTemplate): Served {
    const { options } = this;
    const stage = api.stages.find(
      (candidate) => renderValue(candidate.stageName) === options.stage,
    );
    const variables = stage?.variables;
    const stageVariables: Record<string, string> = {};
    if (variables !== null && typeof variables === 'object')
      for (const [name, value] of Object.entries(variables))
        stageVariables[name] = renderValue(value);
    return {
      api,
      template,
      stageVariables,
      integrations: new WebSocketIntegrations({
        template,
        values: options.values,
        functions: options.functions,
      }),
    };
  }

  private log(line: string, started: bigint, integration: string, detail?: string): void {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.options.log(`${line} ${ms.toFixed(1)} ms ${integration}${detail ? ` (${detail})` : ''}`);
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const started = process.hrtime.bigint();
    const served = this.served;
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const requestId = newId(8);
    const requestTimeEpoch = Date.now();
    if (path !== `/${this.options.stage}` && path !== `/${this.options.stage}/`) {
      const answer = refusal(403, `no WebSocket API stage at ${path}`);
      writeRefusal(socket, answer, requestId);
      this.log(`CONNECT ${path} 403`, started, '-', answer.detail);
      return;
    }
    const headers = grouped(headerPairs(request.rawHeaders));
    const query = grouped(
      queryStart === -1 ? [] : new URLSearchParams(url.slice(queryStart + 1)).entries(),
    );
    const connection: ConnectionInfo = {
      connectionId: newId(),
      connectedAt: requestTimeEpoch,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      userAgent: request.headers['user-agent'] ?? '',
      headers: headers.single,
      multiValueHeaders: headers.multi,
      queryString: query.single,
      multiValueQueryString: query.multi,
    };
    const call = {
      routeKey: '$connect',
      eventType: 'CONNECT' as const,
      requestId,
      requestTimeEpoch,
    };
    const input = {
      api: this.info,
      connection,
      call,
      stageVariables: served.stageVariables,
      context: webSocketRequestContext(this.info, connection, call),
    };
    const route = served.api.routes.find((candidate) => candidate.routeKey === '$connect');
    const handshake = await runConnect(
      served.api,
      route,
      input,
      { template: served.template, values: this.options.values, functions: this.options.functions },
      served.integrations,
    );
    const id = connection.connectionId;
    if (socket.destroyed || this.closing) {
      this.log(
        `CONNECT $connect ${id} -`,
        started,
        handshake.integration,
        'the client left during $connect',
      );
      return;
    }
    if (handshake.kind === 'refused') {
      writeRefusal(socket, handshake, requestId);
      this.log(
        `CONNECT $connect ${id} ${handshake.status}`,
        started,
        handshake.integration,
        handshake.detail,
      );
      return;
    }
    if (handshake.protocol !== undefined) this.protocols.set(request, handshake.protocol);
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.open(ws, connection);
      this.log(`CONNECT $connect ${id} 101`, started, handshake.integration);
    });
  }

  private open(socket: WebSocket, info: ConnectionInfo): void {
    const id = info.connectionId;
    const connection = {
      info,
      socket,
      lastActiveAt: Date.now(),
      send: (data: string) => socket.send(data),
      close: () => socket.close(1000),
    };
    this.connections.set(id, connection);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      connection.lastActiveAt = Date.now();
      if (isBinary) {
        socket.close(1003, 'Binary frames are not supported');
        return;
      }
      const started = process.hrtime.bigint();
      const served = this.served;
      void handleMessage(
        served.api,
        this.info,
        info,
        data.toString('utf8'),
        served.integrations,
      ).then((outcome) => {
        if (outcome.reply !== undefined && socket.readyState === socket.OPEN)
          socket.send(outcome.reply);
        this.log(`MESSAGE ${outcome.routeKey} ${id}`, started, outcome.integration, outcome.detail);
      });
    });
    socket.on('error', () => undefined);
    socket.on('close', (code: number, reason: Buffer) => {
      this.connections.delete(id);
      if (!this.closing) void this.disconnect(info, code, reason.toString('utf8'));
    });
  }

  /** `$disconnect`, best effort as on AWS: its result is not sent anywhere. */
  private async disconnect(info: ConnectionInfo, code: number, reason: string): Promise<void> {
    const started = process.hrtime.bigint();
    const served = this.served;
    const route = served.api.routes.find((candidate) => candidate.routeKey === '$disconnect');
    if (!route?.integration) {
      this.log(`DISCONNECT $disconnect ${info.connectionId} ${code}`, started, '-');
      return;
    }
    const event = disconnectEvent(
      this.info,
      info,
      {
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        requestId: newId(8),
        requestTimeEpoch: Date.now(),
      },
      { code, reason },
    );
    const outcome = await served.integrations.invoke(route.integration, event);
    this.log(
      `DISCONNECT $disconnect ${info.connectionId} ${code}`,
      started,
      route.integration.type,
      outcome.kind === 'result' ? undefined : outcome.detail,
    );
  }
}
