// Segment names never contradict the figures beside them: every name has a rule in the customer's
// own figures (segmentRules), checked here for every customer of a seeded tenant.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../demo/server/db.js';
import { daysBetween, featuresAsOf, referenceTime } from '../../demo/server/insights/features.js';
import {
  fitsSegment,
  segmentKeyFor,
  segmentRules,
  supportedLabels,
  type SegmentFacts,
} from '../../demo/server/insights/segment.js';
import type { CustomerInsights, SegmentKey } from '../../demo/server/insights/types.js';
import { seed } from '../../demo/server/seed.js';

const facts = (recencyDays: number, frequency: number, orders = frequency, tenureDays = 1000): SegmentFacts => ({
  recencyDays,
  frequency,
  orders,
  tenureDays,
});

describe('segment label rule', () => {
  it('never calls a recent, frequent customer "hibernating" or "at risk"', () => {
    for (let recency = 0; recency <= 30; recency++) {
      for (const frequency of [3, 4, 10, 50]) {
        for (const key of ['hibernating', 'at-risk'] as const) {
          assert.equal(fitsSegment(key, facts(recency, frequency)), false, `${key} at ${recency} days, ${frequency}`);
          assert.equal(segmentKeyFor(key, facts(recency, frequency)), 'other');
        }
      }
    }
  });

  it('keeps a name only for the customers whose figures meet it', () => {
    assert.equal(segmentKeyFor('champions', facts(10, 8)), 'champions');
    assert.equal(segmentKeyFor('champions', facts(10, 2)), 'other');
    assert.equal(segmentKeyFor('hibernating', facts(400, 0, 2)), 'hibernating');
    assert.equal(segmentKeyFor('new', facts(20, 1, 1, 60)), 'new');
    assert.equal(segmentKeyFor('new', facts(20, 1, 1, 900)), 'other');
    assert.equal(segmentKeyFor('other', facts(20, 1)), 'other');
  });

  it('calls a cluster "other" when most of its customers fail its name, and counts each name once checked', () => {
    // Cluster 0 named champions: 3 of 4 meet the rule. Cluster 1 named hibernating: 1 of 3 does.
    const given = [facts(5, 9), facts(10, 7), facts(30, 6), facts(200, 1), facts(10, 5), facts(20, 4), facts(300, 0)];
    const clusters = [0, 0, 0, 0, 1, 1, 1];
    const { keys, sizes } = supportedLabels(['champions', 'hibernating'], clusters, given);
    assert.deepEqual(keys, ['champions', 'other']);
    assert.deepEqual(sizes, { champions: 3, other: 4 });
  });
});

describe('segment labels on the seeded demo data', () => {
  let db: Db;
  const customers = 600;
  before(async () => {
    db = await openDatabase({ dataDir: 'memory' });
    await seed(db, { customers, acmeCustomers: 0 });
  });
  after(async () => db.close());

  it("meets every name's rule for every customer, counts sizes by name, and names most customers", async () => {
    const { rows } = await db.query<{ insights: CustomerInsights | string }>(
      "SELECT insights FROM customer_insights WHERE tenant_id = 'demo'",
    );
    const answers = rows.map(
      (r) => (typeof r.insights === 'string' ? JSON.parse(r.insights) : r.insights) as CustomerInsights,
    );
    assert.equal(answers.length, customers);
    const reference = await referenceTime(db, 'demo', new Date());
    const features = new Map((await featuresAsOf(db, 'demo', reference)).map((row) => [row.id, row]));
    const counts = new Map<SegmentKey, number>();
    let checked = 0;
    for (const { customerId, segment } of answers) {
      if (!segment) continue;
      const row = features.get(customerId)!;
      const own: SegmentFacts = {
        recencyDays: segment.recencyDays,
        frequency: segment.frequency,
        orders: row.orders,
        tenureDays: daysBetween(row.createdAt, reference.getTime()),
      };
      // The example, spelled out, then the rule of whichever name was given.
      if (own.recencyDays <= 30 && own.frequency >= 3) assert.ok(!['hibernating', 'at-risk'].includes(segment.key));
      if (segment.key !== 'other')
        assert.ok(segmentRules[segment.key](own), `${customerId}: ${JSON.stringify({ segment, own })}`);
      counts.set(segment.key, (counts.get(segment.key) ?? 0) + 1);
      checked++;
    }
    assert.ok(checked > customers * 0.8, `only ${checked} customers with a segment`);
    for (const { segment } of answers) if (segment) assert.equal(segment.size, counts.get(segment.key));
    assert.ok((counts.get('other') ?? 0) < checked * 0.3, `"other": ${counts.get('other')} of ${checked}`);
    assert.ok(counts.size >= 4, `names used: ${[...counts.keys()].join(', ')}`);
  });
});
