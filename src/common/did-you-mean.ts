/**
 * Did-you-mean hints for config errors. The matching rule is the VTL linter's (src/vtl stands
 * alone, published as `serverless-apigateway-kit/vtl`, so the rule lives there and is reused here).
 */
import { didYouMean } from '../vtl/did-you-mean';

export { didYouMean, editDistance } from '../vtl/did-you-mean';

/** ` (did you mean "x"?)` when a candidate is close enough, else nothing: the hint of our messages. */
export function didYouMeanHint(word: string, candidates: readonly string[]): string {
  const match = didYouMean(word, candidates);
  return match ? ` (did you mean "${match}"?)` : '';
}
