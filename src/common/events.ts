/**
 * The function events the plugin reads: core's `http`, `httpApi` and `websocket` events, each with
 * the `apiGateway` block of per-endpoint settings when there is one. Collected once at the edge,
 * frozen, and handed to validation and the compilers.
 */
export type EventKind = 'http' | 'httpApi' | 'websocket';

export interface EventRef {
  readonly kind: EventKind;
  readonly functionName: string;
  readonly eventIndex: number;
  /** Core's event object as written (`{ method, path, cors, authorizer, … }`), or its string form. */
  readonly event: unknown;
  /** The `apiGateway` key of the event, undefined when absent. */
  readonly settings?: unknown;
}

export type EventsByKind = { readonly [K in EventKind]: readonly EventRef[] };

const KINDS: readonly EventKind[] = ['http', 'httpApi', 'websocket'];

export function emptyEvents(): EventsByKind {
  return { http: [], httpApi: [], websocket: [] };
}

/** Reads the events of every function (`functions` as core holds them after variable resolution). */
export function collectEvents(
  functions: Record<string, { events?: unknown[] } | undefined>,
): EventsByKind {
  const result: Record<EventKind, EventRef[]> = { http: [], httpApi: [], websocket: [] };
  for (const functionName of Object.keys(functions).sort()) {
    const events = functions[functionName]?.events ?? [];
    events.forEach((raw, eventIndex) => {
      if (!raw || typeof raw !== 'object') return;
      for (const kind of KINDS) {
        if (!(kind in raw)) continue;
        const event = (raw as Record<string, unknown>)[kind];
        const settings =
          event && typeof event === 'object' && 'apiGateway' in event
            ? (event as { apiGateway: unknown }).apiGateway
            : undefined;
        result[kind].push(
          structuredClone({
            kind,
            functionName,
            eventIndex,
            event,
            ...(settings === undefined ? {} : { settings }),
          }),
        );
      }
    });
  }
  return result;
}

/** Path of an event's `apiGateway` block, as the user would write it. */
export function eventSettingsPath(
  ref: Pick<EventRef, 'kind' | 'functionName' | 'eventIndex'>,
): string {
  const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(ref.functionName)
    ? `.${ref.functionName}`
    : `['${ref.functionName}']`;
  return `functions${name}.events[${ref.eventIndex}].${ref.kind}.apiGateway`;
}
