// Churn risk: a CART tree (tree.ts) trained on the tenant's customers as they were at a past
// cut-off, labelled by what they did next; applied to the customers as they are now.
import { predictTree, trainTree, type TreeModel } from './tree.js';
import { churnFeatures, type ChurnFeature, type ChurnReason, type ChurnRisk } from './types.js';

/** A customer counts as churned when they placed no (non-cancelled) order in this many days after the cut-off. */
export const churnHorizonDays = 180;
/** Fewer customers at the cut-off than this, or only one class among them: no tree, `churnRisk: null`. */
export const minimumTrainingCustomers = 30;
/**
 * Tree limits: depth 4 (at most four reasons), each leaf at least 2 % of the customers (5 to 40),
 * and at most 20,000 sampled rows so training stays well under a second even for a large tenant.
 */
export function treeOptionsFor(customers: number) {
  return { maxDepth: 4, minLeaf: Math.min(40, Math.max(5, Math.round(customers / 50))), maxRows: 20_000 };
}

/** A customer's features; `monetary` is null for a currency without a demo rate (the tree treats it as missing). */
export type ChurnRow = Record<ChurnFeature, number | null>;

export interface ChurnModel {
  tree: TreeModel;
  /** The cut-off (ISO 8601) the training features were computed at. */
  cutoff: string;
  horizonDays: number;
  trainedOn: number;
  churned: number;
}

export type ChurnTraining =
  | { status: 'trained'; model: ChurnModel }
  | { status: 'untrained'; reason: string; customers: number; churned: number };

/** Probability → level: below 0.3 low, below 0.6 medium, else high. */
export function churnLevel(probability: number): ChurnRisk['level'] {
  return probability < 0.3 ? 'low' : probability < 0.6 ? 'medium' : 'high';
}

export function trainChurn(
  rows: readonly ChurnRow[],
  labels: readonly (0 | 1)[],
  cutoff: Date,
  seed = 7,
): ChurnTraining {
  const churned = labels.filter((label) => label === 1).length;
  if (rows.length < minimumTrainingCustomers) {
    return {
      status: 'untrained',
      reason: `fewer than ${minimumTrainingCustomers} customers at the cut-off`,
      customers: rows.length,
      churned,
    };
  }
  if (churned === 0 || churned === rows.length) {
    return { status: 'untrained', reason: 'one class only at the cut-off', customers: rows.length, churned };
  }
  const tree = trainTree(
    rows.map((row) => ({ ...row })),
    [...labels],
    { ...treeOptionsFor(rows.length), seed },
  );
  return {
    status: 'trained',
    model: { tree, cutoff: cutoff.toISOString(), horizonDays: churnHorizonDays, trainedOn: rows.length, churned },
  };
}

/**
 * Applies the tree to a customer's features. Reasons are the numeric tests on the path, root
 * first; `monetary` is shown through `showMonetary` (the tree works in USD at the demo rates, the
 * reason speaks the customer's currency in minor units). A feature tested twice the same way
 * (`recencyDays <= 340`, then `<= 157`) is one reason, the tighter test, where the first stood.
 */
export function scoreChurn(model: ChurnModel, row: ChurnRow, showMonetary: (usd: number) => number): ChurnRisk {
  const { probability, path } = predictTree(model.tree, { ...row });
  const reasons: ChurnReason[] = [];
  for (const step of path) {
    if ((step.op !== 'lte' && step.op !== 'gt') || typeof step.threshold !== 'number') continue;
    if (!(churnFeatures as readonly string[]).includes(step.feature)) continue;
    const feature = step.feature as ChurnFeature;
    const value = row[feature];
    if (value === null) continue;
    const threshold = feature === 'monetary' ? showMonetary(step.threshold) : roundTo(step.threshold, 2);
    const same = reasons.find((reason) => reason.feature === feature && reason.op === step.op);
    if (same)
      same.threshold = step.op === 'lte' ? Math.min(same.threshold, threshold) : Math.max(same.threshold, threshold);
    else reasons.push({ feature, op: step.op, threshold, value: feature === 'monetary' ? showMonetary(value) : value });
  }
  const rounded = roundTo(probability, 4);
  return { probability: rounded, level: churnLevel(rounded), reasons };
}

const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
