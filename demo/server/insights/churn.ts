// Churn risk: a logistic regression (logistic.ts) trained on the tenant's customers as they were at
// a past cut-off, labelled by what they did next; applied to the customers as they are now. Its
// reasons are the features that move the customer's log-odds the most.
import { predictLogistic, trainLogistic, type LogisticModel } from './logistic.js';
import { churnFeatures, type ChurnFeature, type ChurnReason, type ChurnRisk } from './types.js';

/** A customer counts as churned when they placed no (non-cancelled) order in this many days after the cut-off. */
export const churnHorizonDays = 180;
/** Fewer customers at the cut-off than this, or only one class among them: no tree, `churnRisk: null`. */
export const minimumTrainingCustomers = 30;
/** Ridge penalty of the tenant's model (the value chosen by cross-validation on the Telco sample, docs/insights.md). */
export const churnL2 = 0.001;
/** At most this many reasons, each moving the log-odds by at least `minimumContribution`. */
export const maximumReasons = 3;
export const minimumContribution = 0.05;

/** A customer's features; `monetary` is null for a currency without a demo rate (the model imputes the typical value). */
export type ChurnRow = Record<ChurnFeature, number | null>;

export interface ChurnModel {
  logistic: LogisticModel;
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

export function trainChurn(rows: readonly ChurnRow[], labels: readonly (0 | 1)[], cutoff: Date): ChurnTraining {
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
  const logistic = trainLogistic(
    rows.map((row) => ({ ...row })),
    labels,
    { l2: churnL2 },
  );
  return {
    status: 'trained',
    model: { logistic, cutoff: cutoff.toISOString(), horizonDays: churnHorizonDays, trainedOn: rows.length, churned },
  };
}

/**
 * Applies the model to a customer's features. The reasons are the features that move this
 * customer's log-odds most in the direction of the answer — toward churn when the probability is
 * at or above the tenant's base rate, toward staying below it — at most three, strongest first,
 * one per feature. Each says how the customer's value compares with the typical (mean) customer
 * the model was trained on: `op: 'gt'` when above it, `'lte'` otherwise, `threshold` the typical
 * value. `monetary` is shown through `showMonetary` (the model works in USD at the demo rates, the
 * reason speaks the customer's currency in minor units); a missing value is never a reason.
 */
export function scoreChurn(model: ChurnModel, row: ChurnRow, showMonetary: (usd: number) => number): ChurnRisk {
  const { probability, contributions } = predictLogistic(model.logistic, { ...row });
  const prior = model.churned / Math.max(1, model.trainedOn);
  const sign = probability >= prior ? 1 : -1;
  const reasons: ChurnReason[] = [];
  for (const { feature: name, contribution } of [...contributions].sort(
    (a, b) => sign * (b.contribution - a.contribution),
  )) {
    if (reasons.length >= maximumReasons || sign * contribution < minimumContribution) break;
    if (!(churnFeatures as readonly string[]).includes(name)) continue;
    const feature = name as ChurnFeature;
    const value = row[feature];
    const typical = model.logistic.typical[feature];
    if (value === null || typical === undefined) continue;
    const show = (x: number) => (feature === 'monetary' ? showMonetary(x) : roundTo(x, 2));
    reasons.push({ feature, op: value > typical ? 'gt' : 'lte', threshold: show(typical), value: show(value) });
  }
  const rounded = roundTo(probability, 4);
  return { probability: rounded, level: churnLevel(rounded), reasons };
}

const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
