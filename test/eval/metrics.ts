// Measures for the evaluations (eval-churn.ts, eval-insights.ts), not used by the API.
import { createRandomNumbers } from '../../demo/server/insights/tree.js';

/**
 * ROC AUC by the Mann–Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting one half (average ranks). NaN when either class is absent.
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  if (scores.length !== labels.length)
    throw new RangeError(`rocAuc: ${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Assigns each row to one of `k` folds, keeping the positive share of every fold close to the
 * whole: positives and negatives are shuffled separately (seeded) and dealt round-robin.
 */
export function stratifiedFolds(labels: readonly (0 | 1)[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError('stratifiedFolds: k must be an integer ≥ 2');
  const random = createRandomNumbers(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let dealt = 0;
  for (const cls of [1, 0]) {
    const members = labels.flatMap((label, i) => (label === cls ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j], members[i]];
    }
    for (const index of members) fold[index] = dealt++ % k;
  }
  return fold;
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same points: 1 identical, ≈0 chance. */
export function adjustedRandIndex(
  truth: readonly (string | number)[],
  predicted: readonly (string | number)[],
): number {
  if (truth.length !== predicted.length) throw new Error('labelings differ in length');
  const table = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const columns = new Map<string | number, number>();
  for (let i = 0; i < truth.length; i++) {
    const key = `${truth[i]}\u0000${predicted[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(truth[i]!, (rows.get(truth[i]!) ?? 0) + 1);
    columns.set(predicted[i]!, (columns.get(predicted[i]!) ?? 0) + 1);
  }
  const index = [...table.values()].reduce((sum, n) => sum + choose2(n), 0);
  const rowSum = [...rows.values()].reduce((sum, n) => sum + choose2(n), 0);
  const columnSum = [...columns.values()].reduce((sum, n) => sum + choose2(n), 0);
  const expected = (rowSum * columnSum) / choose2(truth.length);
  const maximum = (rowSum + columnSum) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}
