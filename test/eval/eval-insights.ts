/**
 * `npm run eval:insights -- [--seeds N] [--customers N]`: measures two of the insights' methods
 * (the churn tree has its own `eval:churn`).
 *
 * (a) Segmentation: customers generated from four behavioural archetypes (order histories drawn
 *     at random per archetype, features computed as the server computes them) are clustered by
 *     the server's `fitSegments`; the adjusted Rand index compares clusters with the archetypes,
 *     and label agreement says how often a customer's segment key is its archetype's name.
 * (b) Next-order forecast: for every customer with at least four non-cancelled orders, the last
 *     one is held out and forecast from the others, by the server's regression and by a naive
 *     baseline (the last interval and the last amount repeated); mean absolute errors in days and
 *     in US dollars (demo rates), and how often the 90 % intervals hold the truth. On the seeded
 *     demo histories (the same generator and seed as `npm start`) and on generated histories with
 *     a steady cadence and a trend in amounts.
 *
 * Prints one JSON line per result, then a table.
 */
import { parseArgs } from 'node:util';
import { usdPerMinorUnit } from '../../demo/server/insights/features.js';
import {
  forecastNextOrder,
  meanNextOrder,
  predictLinear,
  predictNextOrder,
  type OrderHistory,
} from '../../demo/server/insights/forecast.js';
import { fitSegments, type RfmRow } from '../../demo/server/insights/segment.js';
import { mean } from '../../demo/server/insights/stats.js';
import type { SegmentKey } from '../../demo/server/insights/types.js';
import { createRandom, generateTenant, type Random } from '../../demo/server/seed.js';
import { adjustedRandIndex } from './metrics.js';

/** The naive baseline the evaluation compares against: the last interval repeated, the last amount repeated. */
function naiveNextOrder(history: OrderHistory): { dateMs: number; amount: number } | undefined {
  const n = history.times.length;
  if (n < 2) return undefined;
  const last = history.times[n - 1]!;
  return { dateMs: last + (last - history.times[n - 2]!), amount: history.amounts[n - 1]! };
}

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '5' }, customers: { type: 'string', default: '2000' } },
});
const seeds = Number(values.seeds);
const seededCustomers = Number(values.customers);
const day = 86_400_000;
const lines: Record<string, unknown>[] = [];
const emit = (line: Record<string, unknown>) => {
  lines.push(line);
  console.log(JSON.stringify(line));
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// (a) Segmentation against known groups

/** A log-normal draw with the given median and spread (σ of the log). */
const logNormal = (random: Random, median: number, sigma: number) => {
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
};

type Archetype = 'champions' | 'new' | 'at-risk' | 'hibernating';

/** Order days (days before the reference, ascending age) and USD amounts for one customer of an archetype. */
function archetypeOrders(random: Random, archetype: Archetype): { ago: number[]; amounts: number[] } {
  const ago: number[] = [];
  const orderEvery = (from: number, to: number, gap: number) => {
    for (let t = from + random.next() * gap; t < to; t += logNormal(random, gap, 0.5)) ago.push(t);
  };
  switch (archetype) {
    case 'champions': // ordering every ~2 weeks for one to three years, up to now
      orderEvery(random.int(0, 10), random.int(365, 1100), 14);
      break;
    case 'new': // one to three orders, all in the last two months
      for (let i = random.int(1, 3); i > 0; i--) ago.push(random.int(0, 60));
      break;
    case 'at-risk': // used to order every ~3 weeks, stopped 7–14 months ago
      orderEvery(random.int(200, 420), random.int(700, 1400), 21);
      break;
    case 'hibernating': // a few orders long ago
      for (let i = random.int(1, 4); i > 0; i--) ago.push(random.int(300, 1100));
      break;
  }
  const median = { champions: 250, new: 80, 'at-risk': 220, hibernating: 60 }[archetype];
  return { ago: ago.sort((a, b) => a - b), amounts: ago.map(() => logNormal(random, median, 0.6)) };
}

function segmentationRun(seed: number, perGroup: number) {
  const random = createRandom(seed);
  const archetypes: Archetype[] = ['champions', 'new', 'at-risk', 'hibernating'];
  const rows: RfmRow[] = [];
  const truth: Archetype[] = [];
  for (let i = 0; i < perGroup * archetypes.length; i++) {
    const archetype = archetypes[i % archetypes.length]!;
    const { ago, amounts } = archetypeOrders(random, archetype);
    rows.push({
      recencyDays: Math.floor(ago[0]!),
      frequency: ago.filter((t) => t < 365).length,
      monetaryUsd: amounts.reduce((sum, x) => sum + x, 0),
    });
    truth.push(archetype);
  }
  const started = performance.now();
  const { model, clusters } = fitSegments(rows, { seed });
  const ms = performance.now() - started;
  const keys = clusters.map((c) => model.keys[c]!);
  const agreement = keys.filter((key: SegmentKey, i) => key === truth[i]).length / keys.length;
  return {
    ari: adjustedRandIndex(truth, clusters),
    k: model.k,
    silhouettes: model.silhouettes,
    agreement,
    ms,
    customers: rows.length,
  };
}

const segmentRuns = Array.from({ length: seeds }, (_, i) => ({ seed: 101 + i, ...segmentationRun(101 + i, 250) }));
for (const run of segmentRuns) {
  emit({
    eval: 'segments',
    data: 'generated-4-archetypes',
    seed: run.seed,
    customers: run.customers,
    k: run.k,
    silhouetteBest: Math.max(...run.silhouettes.map((s) => s.score)),
    ari: round(run.ari),
    labelAgreement: round(run.agreement),
    ms: Math.round(run.ms),
  });
}

// ---------------------------------------------------------------------------------------------
// (b) Next-order forecast against the last-interval baseline

interface Case {
  history: OrderHistory;
  truth: { dateMs: number; amount: number };
  /** US dollars per minor unit of the customer's currency. */
  usd: number;
}

function seededCases(): Case[] {
  const cases: Case[] = [];
  const random = createRandom(20261125); // seed.ts's default: the demo tenant as seeded
  for (const chunk of generateTenant(random, seededCustomers, 1001, new Date('2026-11-01T00:00:00Z'))) {
    for (const { customer, orders } of chunk) {
      const kept = orders
        .filter((o) => o.status !== 'cancelled')
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      if (kept.length < 4) continue; // three to forecast from, one to hold out
      const last = kept.pop()!;
      cases.push({
        history: { times: kept.map((o) => Date.parse(o.createdAt)), amounts: kept.map((o) => o.total.amount) },
        truth: { dateMs: Date.parse(last.createdAt), amount: last.total.amount },
        usd: usdPerMinorUnit(customer.lifetimeValue.currency)!,
      });
    }
  }
  return cases;
}

/** Customers with a steady cadence (7–60 days, ±30 % jitter) and amounts drifting by a trend, in USD cents. */
function steadyCases(seed: number, count: number): Case[] {
  const random = createRandom(seed);
  const cases: Case[] = [];
  for (let c = 0; c < count; c++) {
    const gap = random.int(7, 60);
    const n = random.int(4, 30);
    const base = random.int(2000, 50_000);
    const trend = (random.next() - 0.5) * 0.02 * base; // per order
    const times: number[] = [];
    const amounts: number[] = [];
    let t = Date.parse('2024-01-01T00:00:00Z');
    for (let i = 0; i < n; i++) {
      t += gap * day * (0.7 + 0.6 * random.next());
      times.push(t);
      amounts.push(Math.max(100, Math.round((base + trend * i) * (0.8 + 0.4 * random.next()))));
    }
    cases.push({
      history: { times: times.slice(0, -1), amounts: amounts.slice(0, -1) },
      truth: { dateMs: times.at(-1)!, amount: amounts.at(-1)! },
      usd: 0.01,
    });
  }
  return cases;
}

function scoreForecasts(data: string, cases: Case[]) {
  const errors = { regression: [] as number[], lineAtNext: [] as number[], naive: [] as number[] };
  const amountErrors = { regression: [] as number[], naive: [] as number[] };
  let dateCovered = 0;
  let amountCovered = 0;
  for (const { history, truth, usd } of cases) {
    const ours = predictNextOrder(history, { date: 'regression', amount: 'regression' });
    const naive = naiveNextOrder(history)!;
    const days = history.times.map((t) => t / day);
    const line = predictLinear(
      days.map((_, i) => i + 1),
      days,
      days.length + 1,
    );
    errors.regression.push(Math.abs(ours.dateMs - truth.dateMs) / day);
    errors.lineAtNext.push(Math.abs(Math.max(line.value, days.at(-1)!) - truth.dateMs / day));
    errors.naive.push(Math.abs(naive.dateMs - truth.dateMs) / day);
    amountErrors.regression.push(Math.abs(Math.max(0, ours.amount) - truth.amount) * usd);
    amountErrors.naive.push(Math.abs(naive.amount - truth.amount) * usd);
    const served = forecastNextOrder(history, 'USD');
    if (served.status === 'forecast') {
      const truthDay = new Date(truth.dateMs).toISOString().slice(0, 10);
      if (truthDay >= served.dateInterval.from && truthDay <= served.dateInterval.to) dateCovered++;
      if (truth.amount >= served.amountInterval.low.amount && truth.amount <= served.amountInterval.high.amount)
        amountCovered++;
    }
  }
  emit({
    eval: 'next-order',
    data,
    customers: cases.length,
    maeDays: {
      regression: round(mean(errors.regression), 1),
      naiveLastInterval: round(mean(errors.naive), 1),
      regressionLineAtNPlus1: round(mean(errors.lineAtNext), 1),
    },
    maeAmountUsd: {
      regression: round(mean(amountErrors.regression), 2),
      naiveLastAmount: round(mean(amountErrors.naive), 2),
    },
    intervalCoverage: { date: round(dateCovered / cases.length), amount: round(amountCovered / cases.length) },
  });
}

/** History lengths (orders the forecast rests on) the regression and the mean baseline are compared by. */
const lengthBands = [
  [3, 3],
  [4, 5],
  [6, 9],
  [10, 19],
  [20, Infinity],
] as const;

/** Regression against the naive "mean gap, mean amount", per history length: which errs less. */
function scoreByLength(data: string, cases: Case[]) {
  for (const [low, high] of lengthBands) {
    const band = cases.filter((c) => c.history.times.length >= low && c.history.times.length <= high);
    if (band.length === 0) continue;
    const err = {
      regressionDays: [] as number[],
      meanDays: [] as number[],
      regressionUsd: [] as number[],
      meanUsd: [] as number[],
    };
    for (const { history, truth, usd } of band) {
      const ours = predictNextOrder(history, { date: 'regression', amount: 'regression' });
      const naive = meanNextOrder(history);
      err.regressionDays.push(Math.abs(ours.dateMs - truth.dateMs) / day);
      err.meanDays.push(Math.abs(naive.dateMs - truth.dateMs) / day);
      err.regressionUsd.push(Math.abs(Math.max(0, ours.amount) - truth.amount) * usd);
      err.meanUsd.push(Math.abs(naive.amount - truth.amount) * usd);
    }
    emit({
      eval: 'next-order-by-length',
      data,
      orders: high === Infinity ? `${low}+` : low === high ? `${low}` : `${low}-${high}`,
      customers: band.length,
      maeDays: { regression: round(mean(err.regressionDays), 1), meanGap: round(mean(err.meanDays), 1) },
      maeAmountUsd: { regression: round(mean(err.regressionUsd), 2), meanAmount: round(mean(err.meanUsd), 2) },
    });
  }
}

/** Every customer with at least `minimum` orders before the held-out last one (3: the forecast's own minimum). */
function casesFrom(histories: Case[]): Case[] {
  return histories;
}

const seeded = seededCases();
const steady = steadyCases(7, 2000);
scoreForecasts(`seeded-demo-${seededCustomers}`, seeded);
scoreForecasts('generated-steady-cadence', steady);
scoreByLength(`seeded-demo-${seededCustomers}`, casesFrom(seeded));
scoreByLength('generated-steady-cadence', casesFrom(steady));

// ---------------------------------------------------------------------------------------------
// Table

console.log('');
console.log('Segmentation (generated customers, 4 archetypes × 250):');
console.log('  seed  k  best silhouette  ARI    label agreement');
for (const line of lines.filter((l) => l.eval === 'segments')) {
  console.log(
    `  ${String(line.seed).padEnd(5)} ${String(line.k).padEnd(2)} ${String(line.silhouetteBest).padEnd(16)} ${String(line.ari).padEnd(6)} ${line.labelAgreement}`,
  );
}
const aris = segmentRuns.map((r) => r.ari);
console.log(`  mean ARI ${round(mean(aris))} (min ${round(Math.min(...aris))}, max ${round(Math.max(...aris))})`);
console.log('');
console.log('Next order (last order held out; MAE):');
console.log(
  '  data                        n      days: regression  naive  line@n+1   amount USD: regression  naive   90% interval holds: date  amount',
);
for (const line of lines.filter((l) => l.eval === 'next-order')) {
  const d = line.maeDays as Record<string, number>;
  const a = line.maeAmountUsd as Record<string, number>;
  const c = line.intervalCoverage as Record<string, number>;
  console.log(
    `  ${String(line.data).padEnd(27)} ${String(line.customers).padEnd(6)} ${String(d.regression).padStart(16)} ${String(d.naiveLastInterval).padStart(6)} ${String(d.regressionLineAtNPlus1).padStart(9)} ${String(a.regression).padStart(23)} ${String(a.naiveLastAmount).padStart(7)} ${String(c.date).padStart(25)} ${String(c.amount).padStart(7)}`,
  );
}
