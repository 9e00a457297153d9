import assert from 'node:assert/strict';
import {
  ConfigValidationError,
  formatIssue,
  formatIssues,
  joinPath,
  pointerToPath,
  type ConfigIssue,
} from '../../../src/pipeline/issues';

describe('joinPath', () => {
  it('joins identifiers with dots', () => {
    assert.equal(joinPath('custom.apiGateway', 'stages'), 'custom.apiGateway.stages');
    assert.equal(joinPath('custom.apiGateway.stages', 'prod'), 'custom.apiGateway.stages.prod');
    assert.equal(
      joinPath('functions', 'get-order'),
      'functions.get-order',
      "'-' needs no brackets",
    );
    assert.equal(joinPath('functions', '_private'), 'functions._private');
  });

  it('starts a path without a leading dot', () => {
    assert.equal(joinPath('', 'functions'), 'functions');
  });

  it("brackets keys that are not identifiers: '*', spaces, punctuation, leading digits", () => {
    assert.equal(joinPath('custom.apiGateway.stages', '*'), "custom.apiGateway.stages['*']");
    assert.equal(
      joinPath('custom.apiGateway.stages', 'bad stage!'),
      "custom.apiGateway.stages['bad stage!']",
    );
    assert.equal(joinPath('tags', 'aws:owner'), "tags['aws:owner']");
    assert.equal(joinPath('tags', ''), "tags['']");
    assert.equal(joinPath('stages', '1st'), "stages['1st']");
    assert.equal(joinPath('', '*'), "['*']");
  });

  it('escapes single quotes inside brackets', () => {
    assert.equal(joinPath('tags', "it's"), "tags['it\\'s']");
  });

  it('writes numeric indices in brackets', () => {
    assert.equal(joinPath('functions.getOrder.events', 0), 'functions.getOrder.events[0]');
    assert.equal(joinPath('restApi.binaryMediaTypes', 12), 'restApi.binaryMediaTypes[12]');
  });
});

describe('pointerToPath', () => {
  const root = 'custom.apiGateway';

  it('returns the root for the empty pointer', () => {
    assert.equal(pointerToPath(root, ''), root);
  });

  it('turns pointer segments into dotted keys', () => {
    assert.equal(
      pointerToPath(root, '/stages/prod/caching'),
      'custom.apiGateway.stages.prod.caching',
    );
  });

  it("brackets '*' and stage names that are not identifiers", () => {
    assert.equal(pointerToPath(root, '/stages/*/tracing'), "custom.apiGateway.stages['*'].tracing");
    assert.equal(
      pointerToPath(root, '/stages/bad stage!/tracing'),
      "custom.apiGateway.stages['bad stage!'].tracing",
    );
  });

  it('writes numeric segments as indices', () => {
    assert.equal(
      pointerToPath(root, '/restApi/binaryMediaTypes/1'),
      'custom.apiGateway.restApi.binaryMediaTypes[1]',
    );
    assert.equal(
      pointerToPath('functions.getOrder.events[0].http.apiGateway', '/foo'),
      'functions.getOrder.events[0].http.apiGateway.foo',
    );
  });

  it('unescapes ~1 and ~0', () => {
    assert.equal(pointerToPath(root, '/stages/a~1b'), "custom.apiGateway.stages['a/b']");
    assert.equal(pointerToPath(root, '/stages/~0x'), "custom.apiGateway.stages['~x']");
    assert.equal(
      pointerToPath(root, '/stages/~01'),
      "custom.apiGateway.stages['~1']",
      '~01 is "~1", not "/"',
    );
  });
});

describe('formatIssues', () => {
  const first: ConfigIssue = {
    path: 'custom.apiGateway.stges',
    message: 'unknown key "stges"; did you mean "stages"?',
  };
  const second: ConfigIssue = {
    path: 'custom.apiGateway.stages.prod.tracing',
    message: 'expected true or false, found string "yes"',
  };

  it('formats one issue as path: message', () => {
    assert.equal(
      formatIssue(first),
      'custom.apiGateway.stges: unknown key "stges"; did you mean "stages"?',
    );
  });

  it('says "1 problem" for one issue', () => {
    assert.equal(
      formatIssues([first]),
      [
        'serverless-apigateway-kit found 1 problem in the configuration:',
        '  - custom.apiGateway.stges: unknown key "stges"; did you mean "stages"?',
      ].join('\n'),
    );
  });

  it('says "N problems" and lists every issue in order', () => {
    assert.equal(
      formatIssues([first, second]),
      [
        'serverless-apigateway-kit found 2 problems in the configuration:',
        '  - custom.apiGateway.stges: unknown key "stges"; did you mean "stages"?',
        '  - custom.apiGateway.stages.prod.tracing: expected true or false, found string "yes"',
      ].join('\n'),
    );
  });

  it('ConfigValidationError carries the issues and the formatted message', () => {
    const error = new ConfigValidationError([first, second]);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'ConfigValidationError');
    assert.deepEqual(error.issues, [first, second]);
    assert.equal(error.message, formatIssues([first, second]));
  });
});
