// Segments: k-means on standardised recency / frequency / monetary value, k chosen by silhouette,
// each cluster named from its centroid.
import { kmeans } from 'ml-kmeans';
import { euclidean, mean, silhouette, skewness, standardDeviation } from './stats.js';
import type { SegmentKey } from './types.js';

/** One customer with at least one (non-cancelled) order. */
export interface RfmRow {
  /** Days since the last order. */
  recencyDays: number;
  /** Orders in the 365 days before the reference time. */
  frequency: number;
  /** Money spent, in one currency for every customer (USD at the demo rates). */
  monetaryUsd: number;
}

export const segmentLabels: Record<SegmentKey, { en: string; 'zh-CN': string }> = {
  champions: { en: 'Champions', 'zh-CN': '核心客户' },
  loyal: { en: 'Loyal', 'zh-CN': '忠诚客户' },
  promising: { en: 'Promising', 'zh-CN': '潜力客户' },
  new: { en: 'New', 'zh-CN': '新客户' },
  'at-risk': { en: 'At risk', 'zh-CN': '流失风险客户' },
  hibernating: { en: 'Hibernating', 'zh-CN': '沉睡客户' },
  other: { en: 'No clear segment', 'zh-CN': '未明确分群' },
};

/** A customer's own figures a segment's name must agree with. */
export interface SegmentFacts {
  /** Days since the last order. */
  recencyDays: number;
  /** Orders in the last 365 days. */
  frequency: number;
  /** Orders ever (non-cancelled). */
  orders: number;
  /** Days since the customer was created. */
  tenureDays: number;
}

/**
 * What each name promises, in the customer's own figures (the element shows the same sentence):
 * a customer is only ever called by a name whose rule their figures meet; anyone else is `other`.
 * So, for example, nobody who ordered in the last 30 days is "at risk" or "hibernating".
 */
export const segmentRules: Record<Exclude<SegmentKey, 'other'>, (facts: SegmentFacts) => boolean> = {
  // Ordered in the last 60 days, 6 or more orders in the last year.
  champions: (f) => f.recencyDays <= 60 && f.frequency >= 6,
  // 4 or more orders in the last year, the latest in the last 120 days.
  loyal: (f) => f.recencyDays <= 120 && f.frequency >= 4,
  // Ordered in the last 90 days, and more than once so far.
  promising: (f) => f.recencyDays <= 90 && f.orders >= 2,
  // A customer for less than 180 days who ordered in the last 90 days.
  new: (f) => f.tenureDays <= 180 && f.recencyDays <= 90,
  // 3 or more orders so far, none in the last 90 days.
  'at-risk': (f) => f.recencyDays > 90 && f.orders >= 3,
  // No order for more than 180 days.
  hibernating: (f) => f.recencyDays > 180,
};

/** Whether a name may be given to a customer with these figures (`other` always may). */
export function fitsSegment(key: SegmentKey, facts: SegmentFacts): boolean {
  return key === 'other' || segmentRules[key](facts);
}

/** A cluster keeps its name only when at least this share of its customers meet the name's rule. */
export const minimumSupport = 0.5;

/**
 * The names the clustering can support: a cluster whose customers mostly fail its name's rule is
 * called `other`. Answers the supported name per cluster and, per name, how many customers carry it
 * once every customer's own figures are checked (`segmentKeyFor`).
 */
export function supportedLabels(
  keys: readonly SegmentKey[],
  clusters: readonly number[],
  facts: readonly SegmentFacts[],
): { keys: SegmentKey[]; sizes: Partial<Record<SegmentKey, number>> } {
  const supported = keys.map((key, cluster) => {
    const members = facts.filter((_, i) => clusters[i] === cluster);
    const fitting = members.filter((f) => fitsSegment(key, f)).length;
    return members.length > 0 && fitting / members.length >= minimumSupport ? key : 'other';
  });
  const sizes: Partial<Record<SegmentKey, number>> = {};
  facts.forEach((f, i) => {
    const key = segmentKeyFor(supported[clusters[i]!]!, f);
    sizes[key] = (sizes[key] ?? 0) + 1;
  });
  return { keys: supported, sizes };
}

/** A customer's name: their cluster's supported name when their own figures meet its rule, else `other`. */
export function segmentKeyFor(clusterKey: SegmentKey, facts: SegmentFacts): SegmentKey {
  return fitsSegment(clusterKey, facts) ? clusterKey : 'other';
}

/**
 * The centroid each label stands for, in standard scores of (recency, frequency, monetary); a
 * high recency score means a long time since the last order. Clusters get distinct labels: the
 * assignment of labels to centroids with the smallest total squared distance.
 */
export const segmentPrototypes: Record<Exclude<SegmentKey, 'other'>, readonly [number, number, number]> = {
  champions: [-1, 1, 1],
  loyal: [0, 0.8, 0.8],
  promising: [-0.5, 0.2, 0],
  new: [-1, -0.5, -1],
  'at-risk': [1, -0.5, 0.8],
  hibernating: [1, -1, -1],
};

export interface SegmentModel {
  /** Per feature (recency, frequency, monetary): log1p applied (sample skewness > 1), then mean and sd of the result. */
  transform: { log: boolean[]; mean: number[]; sd: number[] };
  k: number;
  /** In the standardised space. */
  centroids: number[][];
  /** The prototype nearest each centroid (`labelCentroids`); what customers are called is `labels`. */
  keys: SegmentKey[];
  /** Customers per cluster (all of the tenant's customers with orders). */
  sizes: number[];
  /**
   * The names the clusters can support (`supportedLabels`): a cluster whose customers mostly fail
   * its name's rule is `other`; and per name, how many customers carry it after each customer's
   * own check. Set by the caller, which knows the customers' facts.
   */
  labels?: { keys: SegmentKey[]; sizes: Partial<Record<SegmentKey, number>> };
  /** Mean silhouette per candidate k (on at most `silhouetteRows` customers); empty when k = 1 was forced. */
  silhouettes: { k: number; score: number }[];
  /** Customers the clustering was fitted on (a stride sample when the tenant is large) and clustered. */
  fittedOn: number;
  customers: number;
}

export interface SegmentOptions {
  seed?: number;
  /**
   * Each row's own figures. When given, k is the one whose names the rule supports for the most
   * customers (`supportedLabels`), among the k whose silhouette is within `silhouetteSlack` of the
   * best (ties to the better silhouette); without them, the best silhouette.
   */
  facts?: readonly SegmentFacts[];
  /** How far below the best silhouette a k may be and still be chosen for naming more customers (0.1). */
  silhouetteSlack?: number;
  /** Candidate k from 2 to this (6). */
  maxK?: number;
  /** Seeded k-means++ restarts per k; the one with the smallest within-cluster sum of squares wins (8). */
  restarts?: number;
  /** Fit on at most this many customers (5000), a deterministic stride sample beyond. */
  fitRows?: number;
  /** Silhouette on at most this many of them (1500); it costs O(n²). */
  silhouetteRows?: number;
}

const vector = (row: RfmRow) => [row.recencyDays, row.frequency, row.monetaryUsd];

/** Every `ceil(n / max)`-th item: deterministic, spread over the whole list. */
export function strideSample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]!);
}

export function standardise(model: Pick<SegmentModel, 'transform'>, row: RfmRow): number[] {
  const { log, mean: means, sd } = model.transform;
  return vector(row).map((x, i) => {
    const value = log[i] ? Math.log1p(Math.max(0, x)) : x;
    return sd[i]! > 0 ? (value - means[i]!) / sd[i]! : 0;
  });
}

/** The cluster a customer belongs to: the nearest centroid. */
export function nearestCluster(model: Pick<SegmentModel, 'centroids'>, point: readonly number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  model.centroids.forEach((centroid, i) => {
    const distance = euclidean(point, centroid);
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  });
  return best;
}

/** Distinct labels for the centroids: the injective assignment with the smallest total squared distance to the prototypes. */
export function labelCentroids(centroids: readonly (readonly number[])[]): SegmentKey[] {
  const keys = Object.keys(segmentPrototypes) as (keyof typeof segmentPrototypes)[];
  let best: SegmentKey[] = [];
  let bestCost = Infinity;
  const chosen: SegmentKey[] = [];
  const walk = (i: number, cost: number) => {
    if (cost >= bestCost) return;
    if (i === centroids.length) {
      [best, bestCost] = [[...chosen], cost];
      return;
    }
    for (const key of keys) {
      if (chosen.includes(key)) continue;
      chosen.push(key);
      walk(i + 1, cost + euclidean(centroids[i]!, segmentPrototypes[key]) ** 2);
      chosen.pop();
    }
  };
  walk(0, 0);
  return best;
}

function bestOfRestarts(
  points: number[][],
  k: number,
  seed: number,
  restarts: number,
): { clusters: number[]; centroids: number[][] } {
  let best: { clusters: number[]; centroids: number[][] } | undefined;
  let bestInertia = Infinity;
  for (let r = 0; r < restarts; r++) {
    const result = kmeans(points, k, { seed: seed + r, initialization: 'kmeans++', maxIterations: 100 });
    const inertia = points.reduce(
      (sum, point, i) => sum + euclidean(point, result.centroids[result.clusters[i]!]!) ** 2,
      0,
    );
    if (inertia < bestInertia - 1e-9)
      [best, bestInertia] = [{ clusters: result.clusters, centroids: result.centroids }, inertia];
  }
  return best!;
}

/**
 * Clusters the customers: features log-scaled where skewed and standardised; k from 2 to 6 by the
 * largest mean silhouette (ties to the smaller k); k = 1 when fewer than two distinct customers.
 * Answers the model and each row's cluster.
 */
export function fitSegments(
  rows: readonly RfmRow[],
  options: SegmentOptions = {},
): { model: SegmentModel; clusters: number[] } {
  const { seed = 7, maxK = 6, restarts = 8, fitRows = 5000, silhouetteRows = 1500, silhouetteSlack = 0.1 } = options;
  if (rows.length === 0) throw new Error('fitSegments needs at least one customer');
  const fitted = strideSample(rows, fitRows);
  const raw = fitted.map(vector);
  const log = [0, 1, 2].map((i) => skewness(raw.map((v) => v[i]!)) > 1);
  const logged = raw.map((v) => v.map((x, i) => (log[i] ? Math.log1p(Math.max(0, x)) : x)));
  const transform = {
    log,
    mean: [0, 1, 2].map((i) => mean(logged.map((v) => v[i]!))),
    sd: [0, 1, 2].map((i) => standardDeviation(logged.map((v) => v[i]!))),
  };
  const points = fitted.map((row) => standardise({ transform }, row));
  const distinct = new Set(points.map((p) => p.map((x) => x.toFixed(9)).join())).size;

  const silhouettes: { k: number; score: number }[] = [];
  const fittedFacts = options.facts ? strideSample(options.facts, fitRows) : undefined;
  const candidates: { k: number; centroids: number[][]; score: number; named: number }[] = [];
  /** Share of the fitted customers a clustering names (not `other`) once the rule is applied. */
  const namedShare = (centroids: number[][], clusters: number[]) => {
    if (!fittedFacts) return 0;
    const { sizes } = supportedLabels(labelCentroids(centroids), clusters, fittedFacts);
    return 1 - (sizes.other ?? 0) / fittedFacts.length;
  };
  let chosen: { k: number; centroids: number[][] } = {
    k: 1,
    centroids: [[0, 1, 2].map((i) => mean(points.map((p) => p[i]!)))],
  };
  let bestScore = -Infinity;
  const sampleIndexes = strideSample(
    points.map((_, i) => i),
    silhouetteRows,
  );
  for (let k = 2; k <= Math.min(maxK, distinct, points.length - 1); k++) {
    const { clusters, centroids } = bestOfRestarts(points, k, seed, restarts);
    const score = silhouette(
      sampleIndexes.map((i) => points[i]!),
      sampleIndexes.map((i) => clusters[i]!),
    );
    silhouettes.push({ k, score: Math.round(score * 1e4) / 1e4 });
    candidates.push({ k, centroids, score, named: namedShare(centroids, clusters) });
    if (score > bestScore + 1e-9) [bestScore, chosen] = [score, { k, centroids }];
  }
  if (fittedFacts) {
    const eligible = candidates.filter((c) => c.score >= bestScore - silhouetteSlack - 1e-9);
    const best = eligible.sort((a, b) => b.named - a.named || b.score - a.score)[0];
    if (best) chosen = { k: best.k, centroids: best.centroids };
  }
  // Every customer (not only the fitted sample) goes to its nearest centroid; empty clusters drop out.
  const all = rows.map((row) => nearestCluster(chosen, standardise({ transform }, row)));
  const used = [...new Set(all)].sort((a, b) => a - b);
  const centroids = used.map((i) => chosen.centroids[i]!);
  const renumber = new Map(used.map((old, i) => [old, i]));
  const clusters = all.map((c) => renumber.get(c)!);
  const sizes = centroids.map((_, i) => clusters.filter((c) => c === i).length);
  const model: SegmentModel = {
    transform,
    k: centroids.length,
    centroids,
    keys: labelCentroids(centroids),
    sizes,
    silhouettes,
    fittedOn: fitted.length,
    customers: rows.length,
  };
  return { model, clusters };
}
