/**
 * `sls apigateway diff`: the changes between two REST APIs read into the API model, the API
 * about to be deployed (`after`) against another (`before`: a deployed stage, an OpenAPI document,
 * a previous package). Each concern compares its part (one module each); this module only puts
 * the changes together, breaking ones first, in a stable order.
 */
import { compare } from '../../model/order';
import { diffAccess } from './access';
import { diffRequestBodies } from './bodies';
import { diffCors } from './cors';
import { diffHttpCors } from './http-api';
import { diffLimits } from './limits';
import { diffOperations, diffResponses } from './operations';
import { diffParameters } from './parameters';
import type { ApiChange, ApiSide } from './types';

export type { ApiChange, ApiSide, ChangeKind, Severity } from './types';
export { formatReport, reportDocument, type DiffReport } from './report';
export {
  sideFromDocument,
  sideFromHttpDocument,
  sideFromHttpTemplate,
  sideFromTemplate,
  sideFromDeployedStage,
} from './sides';

export interface ApiDiff {
  breaking: ApiChange[];
  nonBreaking: ApiChange[];
}

export function diffApis(before: ApiSide, after: ApiSide): ApiDiff {
  const changes = [
    ...diffOperations(before.api, after.api),
    ...diffParameters(before.api, after.api),
    ...diffRequestBodies(before.api, after.api),
    ...diffResponses(before.api, after.api),
    ...diffAccess(before.api, after.api),
    ...diffCors(before.api, after.api),
    ...diffLimits(before, after),
    ...(before.http || after.http ? diffHttpCors(before.http?.cors, after.http?.cors) : []),
  ];
  // By path, then method; the order each concern found them in is kept within one operation.
  const ordered = changes
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        compare(a.item.path, b.item.path) ||
        compare(a.item.method, b.item.method) ||
        a.index - b.index,
    )
    .map(({ item }) => item);
  return {
    breaking: ordered.filter((item) => item.severity === 'breaking'),
    nonBreaking: ordered.filter((item) => item.severity === 'non-breaking'),
  };
}
