/**
 * L2-regularised logistic regression for the churn risk: our own, no library, plain JSON model.
 *
 * Why a logistic model: on the Telco churn sample it ranks customers better than the single tree
 * (docs/insights.md has the figures), and it explains every prediction the same way — the
 * prediction's log-odds are a sum of one contribution per feature, so the features that add the
 * most toward "churn" are its reasons, read straight off the model.
 *
 * Encoding, learned from the training rows:
 * - a numeric feature becomes its standardised value and, when it has more than 10 distinct
 *   values, the standardised `log1p(x − min)` too (a curve: the first months of tenure matter more
 *   than the fifth year's). A missing value is imputed with the training mean (contribution 0);
 * - a categorical feature becomes one centred 0/1 column per category seen in training (a category
 *   never seen counts as missing: all columns at their mean, contribution 0).
 * Training: Newton–Raphson (iteratively reweighted least squares) on the mean log-loss plus
 * `l2/2 · |w|²` (intercept unpenalised), at most 25 steps, stopping when no weight moves by 1e-6.
 */
import type { FeatureValue } from './tree.js';

export interface LogisticOptions {
  /** Ridge penalty on the (standardised) weights. Default 0.001 per row-mean loss. */
  l2?: number;
  /** Add the standardised `log1p(x − min)` of numeric features with more than 10 distinct values. Default true. */
  logTerms?: boolean;
}

/** One column of the design matrix, and the feature it belongs to. */
export interface LogisticColumn {
  feature: string;
  kind: 'value' | 'log' | 'category';
  /** For `category`: the category the column is 1 for. */
  category?: string;
  /** For `log`: the training minimum subtracted before `log1p`. */
  min?: number;
  /** Centre and scale of the column (after the transform). */
  mean: number;
  sd: number;
  /** For `value`: the mean imputed for a missing value, in the feature's own units. */
  impute?: number;
}

export interface LogisticModel {
  format: 'crm-logistic-1';
  columns: LogisticColumn[];
  intercept: number;
  weights: number[];
  /** Per numeric feature: its training mean in its own units (what "typical" means in a reason). */
  typical: Record<string, number>;
  trainingRows: number;
  options: Required<LogisticOptions>;
}

export interface LogisticPrediction {
  probability: number;
  /** Per feature, its share of the log-odds (sum of its columns' weight × centred value); largest first. */
  contributions: { feature: string; contribution: number }[];
}

const isMissing = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)) || value === '';

function encodeColumns(rows: readonly Record<string, FeatureValue>[], logTerms: boolean): LogisticColumn[] {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns: LogisticColumn[] = [];
  for (const feature of names) {
    const present = rows.map((row) => row[feature]).filter((v) => !isMissing(v));
    if (present.length === 0) continue;
    if (present.every((v) => typeof v === 'number')) {
      const values = present as number[];
      const impute = values.reduce((s, v) => s + v, 0) / values.length;
      columns.push({ feature, kind: 'value', mean: 0, sd: 1, impute });
      if (logTerms && new Set(values).size > 10) {
        columns.push({ feature, kind: 'log', min: Math.min(...values), mean: 0, sd: 1, impute });
      }
    } else {
      for (const category of [...new Set(present.map(String))].sort()) {
        columns.push({ feature, kind: 'category', category, mean: 0, sd: 1 });
      }
    }
  }
  return columns;
}

/** A column's raw (uncentred) value for a row. */
function rawValue(column: LogisticColumn, row: Record<string, FeatureValue>): number | null {
  const value = row[column.feature];
  if (column.kind === 'category') {
    if (isMissing(value)) return null;
    return String(value) === column.category ? 1 : 0;
  }
  const x = typeof value === 'number' && !Number.isNaN(value) ? value : (column.impute ?? 0);
  return column.kind === 'log' ? Math.log1p(Math.max(0, x - column.min!)) : x;
}

/** The standardised design row: missing values sit at the column's mean (0). */
function designRow(columns: readonly LogisticColumn[], row: Record<string, FeatureValue>): Float64Array {
  const out = new Float64Array(columns.length);
  columns.forEach((column, j) => {
    const raw = rawValue(column, row);
    out[j] = raw === null ? 0 : (raw - column.mean) / column.sd;
  });
  return out;
}

/** Solves A x = b (A symmetric positive definite) by Cholesky; A is overwritten. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= a[j]![k]! ** 2;
    const root = Math.sqrt(Math.max(d, 1e-12));
    a[j]![j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= a[i]![k]! * a[j]![k]!;
      a[i]![j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i]![k]! * y[k]!;
    y[i] = s / a[i]![i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k]![i]! * x[k]!;
    x[i] = s / a[i]![i]!;
  }
  return x;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function trainLogistic(
  rows: readonly Record<string, FeatureValue>[],
  labels: readonly (0 | 1)[],
  options: LogisticOptions = {},
): LogisticModel {
  const resolved: Required<LogisticOptions> = { l2: options.l2 ?? 0.001, logTerms: options.logTerms ?? true };
  const columns = encodeColumns(rows, resolved.logTerms);
  for (const column of columns) {
    const raws = rows.map((row) => rawValue(column, row)).filter((v): v is number => v !== null);
    const mean = raws.reduce((s, v) => s + v, 0) / Math.max(1, raws.length);
    const sd = Math.sqrt(raws.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, raws.length));
    column.mean = mean;
    column.sd = sd > 1e-12 ? sd : 1;
  }
  const n = rows.length;
  const p = columns.length + 1; // the intercept last
  // Each design row carries a trailing 1 for the intercept, so the loops below need no branch.
  const design = rows.map((row) => {
    const x = new Float64Array(p);
    x.set(designRow(columns, row));
    x[p - 1] = 1;
    return x;
  });
  const w = new Float64Array(p);
  const prior = labels.filter((l) => l === 1).length / Math.max(1, n);
  w[p - 1] = Math.log(Math.max(prior, 1e-6) / Math.max(1 - prior, 1e-6));
  for (let step = 0; step < 25; step++) {
    const gradient = new Float64Array(p);
    const hessian = Array.from({ length: p }, () => new Float64Array(p));
    for (let i = 0; i < n; i++) {
      const x = design[i]!;
      let z = 0;
      for (let j = 0; j < p; j++) z += w[j]! * x[j]!;
      const mu = sigmoid(z);
      const r = (mu - labels[i]!) / n;
      const h = Math.max(mu * (1 - mu), 1e-10) / n;
      for (let j = 0; j < p; j++) {
        const xj = x[j]!;
        if (xj === 0) continue; // one-hot columns are mostly zero before centring; centred ones rarely
        gradient[j] += r * xj;
        const row = hessian[j]!;
        const hx = h * xj;
        for (let k = 0; k <= j; k++) row[k] += hx * x[k]!;
      }
    }
    for (let j = 0; j < p - 1; j++) {
      gradient[j] += resolved.l2 * w[j]!;
      hessian[j]![j] += resolved.l2;
    }
    for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) hessian[j]![k] = hessian[k]![j]!;
    const delta = solve(hessian, gradient);
    let moved = 0;
    for (let j = 0; j < p; j++) {
      w[j] -= delta[j]!;
      moved = Math.max(moved, Math.abs(delta[j]!));
    }
    if (moved < 1e-6) break;
  }
  const typical: Record<string, number> = {};
  for (const column of columns) if (column.kind === 'value') typical[column.feature] = column.impute!;
  return {
    format: 'crm-logistic-1',
    columns,
    intercept: w[p - 1]!,
    weights: [...w.slice(0, p - 1)],
    typical,
    trainingRows: n,
    options: resolved,
  };
}

export function predictLogistic(model: LogisticModel, row: Record<string, FeatureValue>): LogisticPrediction {
  const x = designRow(model.columns, row);
  const byFeature = new Map<string, number>();
  let z = model.intercept;
  model.columns.forEach((column, j) => {
    const part = model.weights[j]! * x[j]!;
    z += part;
    byFeature.set(column.feature, (byFeature.get(column.feature) ?? 0) + part);
  });
  const contributions = [...byFeature]
    .map(([feature, contribution]) => ({ feature, contribution }))
    .sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature));
  return { probability: sigmoid(z), contributions };
}
