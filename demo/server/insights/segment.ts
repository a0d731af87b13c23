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
};

/**
 * The centroid each label stands for, in standard scores of (recency, frequency, monetary); a
 * high recency score means a long time since the last order. Clusters get distinct labels: the
 * assignment of labels to centroids with the smallest total squared distance.
 */
export const segmentPrototypes: Record<SegmentKey, readonly [number, number, number]> = {
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
  keys: SegmentKey[];
  /** Customers per cluster (all of the tenant's customers with orders). */
  sizes: number[];
  /** Mean silhouette per candidate k (on at most `silhouetteRows` customers); empty when k = 1 was forced. */
  silhouettes: { k: number; score: number }[];
  /** Customers the clustering was fitted on (a stride sample when the tenant is large) and clustered. */
  fittedOn: number;
  customers: number;
}

export interface SegmentOptions {
  seed?: number;
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
  const keys = Object.keys(segmentPrototypes) as SegmentKey[];
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
  const { seed = 7, maxK = 6, restarts = 8, fitRows = 5000, silhouetteRows = 1500 } = options;
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
    if (score > bestScore + 1e-9) [bestScore, chosen] = [score, { k, centroids }];
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
