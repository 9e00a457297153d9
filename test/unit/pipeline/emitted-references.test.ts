import assert from 'node:assert/strict';
import { writesOf } from '../../../src/cloudformation/ownership';
import type { CfnTemplate, TemplateFragment } from '../../../src/cloudformation/template';
import {
  assertEmittedReferencesResolve,
  checkEmittedReferences,
  emittedParts,
  originsOf,
} from '../../../src/pipeline/emitted-references';
import { ConfigValidationError } from '../../../src/pipeline/issues';
import { httpEvents } from '../../helpers/config-builders';

const ROUTE = "custom.apiGateway.routes['GET /legacy']";

/** A route's method through a VPC link, a CORS patch on core's method, an Output. */
const fragments: TemplateFragment[] = [
  {
    Resources: {
      ApiGatewayMethodLegacyGet: {
        Type: 'AWS::ApiGateway::Method',
        DependsOn: ['ApiGatewayRestApi'],
        Properties: {
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          Integration: { ConnectionId: { Ref: 'LegacyVpcLink' }, ConnectionType: 'VPC_LINK' },
        },
      },
    },
  },
  {
    patches: [
      {
        logicalId: 'CoreMethod',
        setProperties: { AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' } },
        addDependsOn: ['ApiGatewayAuthorizerUsers'],
      },
    ],
  },
  { Outputs: { ApiUrl: { Value: { 'Fn::Sub': 'https://${ApiGatewayRestApi}.${Missing}' } } } },
];
const origins = originsOf(fragments, [
  'custom.apiGateway.routes',
  'custom.apiGateway.authorizers',
  'custom.apiGateway.restApi',
]);

function finalTemplate(): CfnTemplate {
  const template: CfnTemplate = {
    Resources: {
      ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi' },
      CoreMethod: {
        Type: 'AWS::ApiGateway::Method',
        DependsOn: ['ApiGatewayAuthorizerUsers'],
        Properties: {
          AuthorizerId: { Ref: 'ApiGatewayAuthorizerUsers' },
          CoreOwn: { Ref: 'CoresBusiness' },
        },
      },
      ApiGatewayMethodLegacyGet: structuredClone(
        fragments[0].Resources?.ApiGatewayMethodLegacyGet,
      ) as CfnTemplate['Resources'][string],
    },
    Outputs: structuredClone(fragments[2].Outputs),
  };
  return template;
}

const userConfig = {
  routes: {
    'GET /legacy': { integration: { type: 'http_proxy', vpcLink: { Ref: 'LegacyVpcLink' } } },
  },
};

describe('references the plugin emits', () => {
  const writes = writesOf(fragments);

  it('names the config path that holds a name, what is missing and the fix', () => {
    const template = finalTemplate();
    const parts = emittedParts(template, writes, undefined, undefined, origins);
    const issues = checkEmittedReferences(template, parts, origins, userConfig, httpEvents());
    assert.deepEqual(
      issues.map((issue) => issue.path),
      [
        `${ROUTE}.integration.vpcLink`,
        'custom.apiGateway.authorizers',
        'custom.apiGateway.restApi',
      ],
    );
    assert.equal(
      issues[0].message,
      'names "LegacyVpcLink", which the plugin emits as Ref "LegacyVpcLink" (Resources.ApiGatewayMethodLegacyGet.Properties.Integration.ConnectionId); the template has no such resource or parameter, and CloudFormation would refuse the stack; declare LegacyVpcLink under resources.Resources, or name one that exists (or give the value itself, e.g. an id or ARN, instead of a reference)',
    );
    // A name the plugin derived: the config that compiled it (the patch on core's method).
    assert.match(
      issues[1].message,
      /^the plugin emits Ref "ApiGatewayAuthorizerUsers" \(Resources\.CoreMethod\.Properties\.AuthorizerId\) for this config/,
    );
    assert.match(issues[2].message, /\$\{Missing\} in Fn::Sub \(Outputs\.ApiUrl\.Value\)/);
    // Core's own property (CoreOwn) is not judged.
    assert.ok(!issues.some((issue) => issue.message.includes('CoresBusiness')));
  });

  it("passes once the user's resources declare what is named, with a did-you-mean before", () => {
    const template = finalTemplate();
    template.Resources.LegacyVpcLnk = { Type: 'AWS::ApiGateway::VpcLink' };
    const parts = emittedParts(template, writes, undefined, undefined, origins);
    const [first] = checkEmittedReferences(template, parts, origins, userConfig, httpEvents());
    assert.match(first.message, /no such resource or parameter \(did you mean "LegacyVpcLnk"\?\)/);
    template.Resources.LegacyVpcLink = { Type: 'AWS::ApiGateway::VpcLink' };
    template.Resources.ApiGatewayAuthorizerUsers = { Type: 'AWS::ApiGateway::Authorizer' };
    template.Parameters = { Missing: { Type: 'String' } };
    assert.doesNotThrow(() =>
      assertEmittedReferencesResolve(template, {
        writes,
        origins,
        reconciliation: undefined,
        user: undefined,
        inputs: { userConfig, events: httpEvents() },
      }),
    );
  });

  it("leaves what the user's resources took over to the user", () => {
    const template = finalTemplate();
    const user = {
      Resources: { CoreMethod: { Properties: { AuthorizerId: 'abc' } } },
      Outputs: { ApiUrl: { Value: 'mine' } },
    };
    const parts = emittedParts(template, writes, user, undefined, origins);
    // The DependsOn the plugin added to core's method is still the plugin's.
    assert.deepEqual([...(parts.resources.get('CoreMethod') ?? [])], ['DependsOn']);
    assert.deepEqual(parts.outputs, []);
  });

  it('finds names in an event block, as intrinsics or as the bare name', () => {
    const template = finalTemplate();
    const parts = emittedParts(template, writes, undefined, undefined, origins);
    const issues = checkEmittedReferences(
      template,
      parts,
      origins,
      {},
      httpEvents([{ functionName: 'legacy', eventIndex: 2, settings: { link: 'LegacyVpcLink' } }]),
    );
    assert.equal(issues[0].path, 'functions.legacy.events[2].http.apiGateway.link');
  });

  it('throws a ConfigValidationError with every issue', () => {
    assert.throws(
      () =>
        assertEmittedReferencesResolve(finalTemplate(), {
          writes,
          origins,
          reconciliation: undefined,
          user: undefined,
          inputs: { userConfig, events: httpEvents() },
        }),
      (error: unknown) =>
        error instanceof ConfigValidationError &&
        error.issues.length === 3 &&
        /found 3 problems in the configuration/.test(error.message),
    );
  });
});
