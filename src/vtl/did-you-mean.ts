/**
 * The closest candidate to a misspelt name: the linter's hints and (through src/common/did-you-mean.ts)
 * the config errors' hints. It lives here so that src/vtl imports nothing outside itself (it is
 * published on its own as `serverless-apigateway-kit/vtl`).
 */

/** Levenshtein distance, small inputs only. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}

/**
 * The candidate a misspelt word most likely meant: an exact case-insensitive match first, then the
 * closest within a distance that grows with the word (2 for short words, a third of longer ones).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  // Numbers are values, not misspellings: "3" did not mean "237".
  if (!/[A-Za-z]/.test(word)) return undefined;
  const lower = word.toLowerCase();
  const caseOnly = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (caseOnly) return caseOnly;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < word.length && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}
