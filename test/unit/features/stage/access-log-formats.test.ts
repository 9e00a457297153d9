/** Access-log presets per API type use only variables that API type logs. */
import assert from 'node:assert/strict';
import {
  expandAccessLogFormat,
  hasRequestId,
} from '../../../../src/features/stage/access-log-formats';

const PRESETS = ['clf', 'json', 'xml', 'csv'] as const;

describe('access-log presets', () => {
  for (const api of ['rest', 'http', 'websocket'] as const) {
    for (const preset of PRESETS) {
      it(`${api} ${preset} includes $context.requestId (an API Gateway requirement)`, () => {
        assert.ok(hasRequestId(expandAccessLogFormat(preset, api)));
      });
    }
  }

  it('HTTP and WebSocket presets avoid REST-only variables', () => {
    for (const api of ['http', 'websocket'] as const) {
      for (const preset of PRESETS) {
        const format = expandAccessLogFormat(preset, api);
        assert.doesNotMatch(
          format,
          /\$context\.(resourcePath|identity\.caller|identity\.user)\b/,
          `${api} ${preset}`,
        );
      }
    }
    assert.match(expandAccessLogFormat('json', 'websocket'), /\$context\.connectionId/);
    assert.match(expandAccessLogFormat('json', 'http'), /\$context\.routeKey/);
  });

  it('json presets are valid JSON', () => {
    for (const api of ['rest', 'http', 'websocket'] as const) {
      assert.doesNotThrow(() => JSON.parse(expandAccessLogFormat('json', api)));
    }
  });

  it('a custom format is kept as written', () => {
    assert.equal(
      expandAccessLogFormat('$context.requestId $context.status', 'http'),
      '$context.requestId $context.status',
    );
  });
});
