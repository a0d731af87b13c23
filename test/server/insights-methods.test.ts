// The insights' methods without a database: statistics, segments, forecasts, churn training.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { churnLevel, scoreChurn, trainChurn, type ChurnRow } from '../../demo/server/insights/churn.js';
import { predictLogistic } from '../../demo/server/insights/logistic.js';
import { forecastNextOrder, predictLinear, predictNextOrder } from '../../demo/server/insights/forecast.js';
import { fitSegments, labelCentroids, type RfmRow } from '../../demo/server/insights/segment.js';
import { silhouette, studentTQuantile } from '../../demo/server/insights/stats.js';
import { adjustedRandIndex } from '../eval/metrics.js';
import { createRandom } from '../../demo/server/seed.js';

const day = 86_400_000;
const start = Date.parse('2025-01-01T00:00:00Z');

/** Customers in four behavioural groups (as eval-insights.ts makes them), with noise. */
function archetypes(perGroup: number, seed: number) {
  const random = createRandom(seed);
  const noise = (scale: number) => (random.next() - 0.5) * 2 * scale;
  const groups = {
    champions: () => ({
      recencyDays: 5 + random.int(0, 20),
      frequency: 18 + random.int(0, 10),
      monetaryUsd: 9000 + noise(2000),
    }),
    new: () => ({ recencyDays: random.int(0, 25), frequency: 1 + random.int(0, 1), monetaryUsd: 80 + noise(40) }),
    'at-risk': () => ({
      recencyDays: 250 + random.int(0, 100),
      frequency: random.int(0, 1),
      monetaryUsd: 7000 + noise(2000),
    }),
    hibernating: () => ({ recencyDays: 400 + random.int(0, 200), frequency: 0, monetaryUsd: 60 + noise(30) }),
  };
  const rows: RfmRow[] = [];
  const truth: string[] = [];
  for (const [name, make] of Object.entries(groups)) {
    for (let i = 0; i < perGroup; i++) {
      rows.push(make());
      truth.push(name);
    }
  }
  return { rows, truth };
}

describe('insights statistics', () => {
  it("gives Student's t quantiles from tables", () => {
    assert.ok(Math.abs(studentTQuantile(0.95, 1) - 6.3138) < 1e-3);
    assert.ok(Math.abs(studentTQuantile(0.95, 10) - 1.8125) < 1e-3);
    assert.ok(Math.abs(studentTQuantile(0.975, 30) - 2.0423) < 1e-3);
    assert.ok(Math.abs(studentTQuantile(0.95, 10_000) - 1.645) < 1e-3);
  });

  it('scores the adjusted Rand index: 1 for the same partition under other names, about 0 for chance', () => {
    assert.equal(adjustedRandIndex([0, 0, 1, 1, 2, 2], ['b', 'b', 'a', 'a', 'c', 'c']), 1);
    // By hand: pairs together in both 2, rows 6, columns 3, expected 6·3/15 = 1.2, max 4.5.
    assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.8 / 3.3) < 1e-9);
    const random = createRandom(5);
    const truth = Array.from({ length: 2000 }, () => random.int(0, 3));
    const noise = Array.from({ length: 2000 }, () => random.int(0, 3));
    assert.ok(Math.abs(adjustedRandIndex(truth, noise)) < 0.02);
  });

  it('gives well-separated clusters a silhouette near 1 and a mixed-up labelling a negative one', () => {
    const points = [
      [0, 0],
      [0, 0.1],
      [0.1, 0],
      [10, 10],
      [10, 10.1],
      [10.1, 10],
    ];
    assert.ok(silhouette(points, [0, 0, 0, 1, 1, 1]) > 0.95);
    assert.ok(silhouette(points, [0, 1, 0, 1, 0, 1]) < 0);
  });
});

describe('segments', () => {
  it('recovers four behavioural groups and names them after their centroids', () => {
    const { rows, truth } = archetypes(60, 11);
    const { model, clusters } = fitSegments(rows, { seed: 3 });
    assert.equal(model.k, 4, JSON.stringify(model.silhouettes));
    assert.ok(adjustedRandIndex(truth, clusters) > 0.95);
    const named = clusters.map((c) => model.keys[c]);
    const agree = named.filter((key, i) => key === truth[i]).length / named.length;
    assert.ok(agree > 0.95, `labels agree with the groups for ${agree}`);
    assert.deepEqual([...model.sizes].sort(), [60, 60, 60, 60]);
  });

  it('is deterministic for a seed', () => {
    const { rows } = archetypes(30, 12);
    assert.deepEqual(fitSegments(rows, { seed: 9 }), fitSegments(rows, { seed: 9 }));
  });

  it('puts identical customers in one segment', () => {
    const rows = Array.from({ length: 35 }, () => ({ recencyDays: 10, frequency: 3, monetaryUsd: 500 }));
    const { model, clusters } = fitSegments(rows);
    assert.equal(model.k, 1);
    assert.deepEqual(model.sizes, [35]);
    assert.ok(clusters.every((c) => c === 0));
    assert.deepEqual(model.silhouettes, []);
  });

  it('clusters one customer, and ten', () => {
    assert.equal(fitSegments([{ recencyDays: 3, frequency: 1, monetaryUsd: 10 }]).model.k, 1);
    const { rows } = archetypes(3, 13);
    const ten = fitSegments(rows.slice(0, 10));
    assert.ok(ten.model.k >= 2 && ten.model.k <= 6);
    assert.equal(ten.clusters.length, 10);
    assert.equal(new Set(ten.model.keys).size, ten.model.k);
  });

  it('labels centroids by the nearest prototypes, each label once', () => {
    assert.deepEqual(
      labelCentroids([
        [1.2, -1, -1],
        [-1, 1.1, 1],
      ]),
      ['hibernating', 'champions'],
    );
    assert.deepEqual(
      labelCentroids([
        [0, 0, 0],
        [0.1, 0, 0],
      ]).length,
      2,
    );
  });
});

describe('next-order forecast', () => {
  const history = (days: number[], amounts: number[]) => ({ times: days.map((d) => start + d * day), amounts });

  it('says "not enough history" below three orders', () => {
    assert.deepEqual(forecastNextOrder(history([], []), 'CNY'), { status: 'insufficient-history', basedOnOrders: 0 });
    assert.deepEqual(forecastNextOrder(history([0], [100]), 'CNY'), {
      status: 'insufficient-history',
      basedOnOrders: 1,
    });
    assert.deepEqual(forecastNextOrder(history([0, 30], [100, 100]), 'CNY'), {
      status: 'insufficient-history',
      basedOnOrders: 2,
    });
  });

  it('continues a perfectly regular history exactly', () => {
    const forecast = forecastNextOrder(history([0, 30, 60, 90], [1200, 1200, 1200, 1200]), 'USD');
    assert.deepEqual(forecast, {
      status: 'forecast',
      expectedDate: '2025-05-01', // day 120
      dateInterval: { from: '2025-05-01', to: '2025-05-01' },
      amount: { amount: 1200, currency: 'USD' },
      amountInterval: { low: { amount: 1200, currency: 'USD' }, high: { amount: 1200, currency: 'USD' } },
      basedOnOrders: 4,
    });
  });

  it('serves the mean gap and the mean amount, and the regressions continue a trend when asked', () => {
    const trending = history([0, 30, 60, 90], [1000, 1100, 1200, 1300]);
    const served = predictNextOrder(trending);
    assert.equal(Math.round(served.amount), 1150);
    assert.equal(Math.round((served.dateMs - start) / day), 120);
    const regression = predictNextOrder(trending, { date: 'regression', amount: 'regression' });
    assert.equal(Math.round(regression.amount), 1400);
    assert.equal(regression.amountMargin, 0);
    // Speeding up (gaps 40, 30, 20): the mean gap is 30, the regression's slope 30 too; the line is straight in neither.
    const faster = history([0, 40, 70, 90], [1, 1, 1, 1]);
    assert.equal(Math.round((predictNextOrder(faster).dateMs - start) / day), 120);
  });

  it('gives a noisy history an interval around the expected day, never before the last order', () => {
    const forecast = forecastNextOrder(history([0, 20, 65, 80, 130, 150], [500, 900, 400, 800, 600, 700]), 'JPY');
    assert.equal(forecast.status, 'forecast');
    if (forecast.status !== 'forecast') return;
    const lastDay = new Date(start + 150 * day).toISOString().slice(0, 10);
    assert.ok(forecast.dateInterval.from >= lastDay);
    assert.ok(forecast.dateInterval.from <= forecast.expectedDate && forecast.expectedDate < forecast.dateInterval.to);
    assert.ok(
      forecast.amountInterval.low.amount < forecast.amount.amount &&
        forecast.amount.amount < forecast.amountInterval.high.amount,
    );
    assert.equal(forecast.basedOnOrders, 6);
  });

  it('falls back to the mean amount when every order is on the same day', () => {
    const prediction = predictLinear([5, 5, 5], [10, 20, 30], 5);
    assert.equal(prediction.value, 20);
    assert.ok(prediction.margin > 0);
    const forecast = forecastNextOrder(history([5, 5, 5], [10, 20, 30]), 'CNY');
    assert.equal(forecast.status, 'forecast');
  });
});

describe('churn model', () => {
  const row = (recencyDays: number, frequency: number): ChurnRow => ({
    recencyDays,
    frequency,
    monetary: 100,
    tenureDays: 400,
    refunds: 0,
    cancellations: 0,
    contactsCall: 0,
    contactsEmail: 0,
    contactsMeeting: 0,
    contactsChat: 0,
    contactsSms: 0,
    contactsNote: 0,
  });

  it('is not trained on fewer than 30 customers or on one class', () => {
    const few = Array.from({ length: 29 }, (_, i) => row(i * 10, 1));
    const mixed = few.map((_, i) => (i % 2) as 0 | 1);
    assert.equal(trainChurn(few, mixed, new Date()).status, 'untrained');
    const many = Array.from({ length: 60 }, (_, i) => row(i * 10, 1));
    assert.equal(
      trainChurn(
        many,
        many.map(() => 0),
        new Date(),
      ).status,
      'untrained',
    );
  });

  it('learns a recency rule and gives it as the reason, against the typical customer', () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(i * 5, 3));
    const labels = rows.map((r) => (r.recencyDays! > 300 ? 1 : 0) as 0 | 1);
    const training = trainChurn(rows, labels, new Date('2026-05-01T00:00:00Z'));
    assert.equal(training.status, 'trained');
    if (training.status !== 'trained') return;
    const lapsed = scoreChurn(training.model, row(500, 3), (usd) => usd);
    assert.equal(lapsed.level, 'high');
    // The mean recency of the training rows (0, 5, …, 595) is 297.5: the typical customer.
    assert.deepEqual(lapsed.reasons, [{ feature: 'recencyDays', op: 'gt', threshold: 297.5, value: 500 }]);
    const active = scoreChurn(training.model, row(20, 3), (usd) => usd);
    assert.equal(active.level, 'low');
    assert.deepEqual(active.reasons, [{ feature: 'recencyDays', op: 'lte', threshold: 297.5, value: 20 }]);
  });

  it('gives at most three reasons, one per feature, strongest first, in the direction of the answer', () => {
    const random = createRandom(5);
    const rows = Array.from({ length: 400 }, () => ({
      ...row(random.int(0, 600), random.int(0, 12)),
      tenureDays: random.int(30, 2000),
      contactsCall: random.int(0, 8),
    }));
    const logit = (r: ChurnRow) => r.recencyDays! / 100 - r.frequency! / 2 - r.contactsCall! / 4 - 1;
    const labels = rows.map((r) => (random.next() < 1 / (1 + Math.exp(-logit(r))) ? 1 : 0) as 0 | 1);
    const training = trainChurn(rows, labels, new Date('2026-05-01T00:00:00Z'));
    assert.equal(training.status, 'trained');
    if (training.status !== 'trained') return;
    const prior = training.model.churned / training.model.trainedOn;
    let withReasons = 0;
    for (const candidate of rows) {
      const risk = scoreChurn(training.model, candidate, (usd) => usd);
      assert.ok(risk.reasons.length <= 3);
      assert.equal(new Set(risk.reasons.map((r) => r.feature)).size, risk.reasons.length);
      if (risk.reasons.length) withReasons++;
      const { contributions } = predictLogistic(training.model.logistic, { ...candidate });
      const sign = risk.probability >= Math.round(prior * 1e4) / 1e4 ? 1 : -1;
      const moved = risk.reasons.map((r) => contributions.find((c) => c.feature === r.feature)!.contribution * sign);
      assert.ok(
        moved.every((m, i) => m > 0 && (i === 0 || m <= moved[i - 1]!)),
        `${JSON.stringify(risk)}: ${moved.join(', ')}`,
      );
    }
    assert.ok(withReasons > rows.length / 2, `only ${withReasons} predictions had reasons`);
  });

  it('maps probabilities to levels at 0.3 and 0.6', () => {
    assert.deepEqual([0, 0.29, 0.3, 0.59, 0.6, 1].map(churnLevel), ['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});
