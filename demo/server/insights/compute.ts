// Computes a tenant's insights (segments, next-order forecasts, churn risk), stores them, and
// answers them per customer — from the stored row, or by applying the stored models on the fly.
import type { Db, Queryable } from '../db.js';
import { churnHorizonDays, scoreChurn, trainChurn, type ChurnRow, type ChurnTraining } from './churn.js';
import {
  daysBetween,
  demoRates,
  featuresAsOf,
  orderHistories,
  referenceTime,
  usdPerMinorUnit,
  type FeatureRow,
} from './features.js';
import { forecastNextOrder, type OrderHistory } from './forecast.js';
import {
  fitSegments,
  nearestCluster,
  segmentKeyFor,
  segmentLabels,
  standardise,
  supportedLabels,
  type RfmRow,
  type SegmentFacts,
  type SegmentModel,
} from './segment.js';
import type { CustomerInsights, CustomerSegment } from './types.js';

const day = 86_400_000;

/** Everything a tenant's answers are derived from, stored as JSON in `insight_models`. */
export interface TenantModel {
  /** 2: the churn model is logistic and segments carry their supported labels (1: a tree; read as no model). */
  version: 2;
  /** The instant features are measured from (see `referenceTime`). */
  reference: string;
  computedAt: string;
  rates: typeof demoRates;
  /** Null when no customer has an order. */
  segments: SegmentModel | null;
  churn: ChurnTraining;
}

export interface AnalysisInput {
  now: FeatureRow[];
  atCutoff: FeatureRow[];
  histories: Map<string, OrderHistory>;
  reference: Date;
  cutoff: Date;
  computedAt: Date;
  seed: number;
}

export interface Timings {
  readMs: number;
  segmentMs: number;
  forecastMs: number;
  churnMs: number;
  writeMs: number;
  totalMs: number;
}

const hasRfm = (row: FeatureRow): row is FeatureRow & { lastOrderAt: number; monetaryUsd: number } =>
  row.orders > 0 && row.lastOrderAt !== null && row.monetaryUsd !== null;

const rfmOf = (row: FeatureRow & { lastOrderAt: number; monetaryUsd: number }, at: number): RfmRow => ({
  recencyDays: daysBetween(row.lastOrderAt, at),
  frequency: row.frequency,
  monetaryUsd: row.monetaryUsd,
});

/**
 * The tree's features as of `at`: days since the last order (since sign-up when there is none),
 * orders in the last 365 days, money spent (USD at the demo rates), days since sign-up, refunded
 * and cancelled orders, and contacts per channel, all counted up to `at`.
 */
export function churnRowOf(row: FeatureRow, at: number): ChurnRow {
  return {
    recencyDays: daysBetween(row.lastOrderAt ?? row.createdAt, at),
    frequency: row.frequency,
    monetary: row.monetaryUsd,
    tenureDays: daysBetween(row.createdAt, at),
    refunds: row.refunds,
    cancellations: row.cancellations,
    contactsCall: row.contacts.call,
    contactsEmail: row.contacts.email,
    contactsMeeting: row.contacts.meeting,
    contactsChat: row.contacts.chat,
    contactsSms: row.contacts.sms,
    contactsNote: row.contacts.note,
  };
}

/** USD at the demo rates → the customer's currency, minor units. */
const monetaryIn = (currency: string) => (usd: number) => {
  const rate = usdPerMinorUnit(currency);
  return rate ? Math.round(usd / rate) : Math.round(usd);
};

const factsOf = (row: FeatureRow & { lastOrderAt: number }, at: number): SegmentFacts => ({
  recencyDays: daysBetween(row.lastOrderAt, at),
  frequency: row.frequency,
  orders: row.orders,
  tenureDays: daysBetween(row.createdAt, at),
});

function segmentOf(
  model: SegmentModel,
  cluster: number,
  row: FeatureRow & { lastOrderAt: number },
  at: number,
): CustomerSegment {
  const clusterKey = model.labels?.keys[cluster] ?? model.keys[cluster]!;
  const key = segmentKeyFor(clusterKey, factsOf(row, at));
  return {
    key,
    label: segmentLabels[key],
    // A customer the last run did not see may carry a name nobody else does yet: then only they share it.
    size: model.labels?.sizes[key] ?? 1,
    recencyDays: daysBetween(row.lastOrderAt!, at),
    frequency: row.frequency,
    monetary: { amount: row.monetary, currency: row.currency },
  };
}

export interface AnalysisOutput {
  model: TenantModel;
  results: CustomerInsights[];
  timings: Omit<Timings, 'readMs' | 'writeMs' | 'totalMs'>;
}

/** The analysis itself, without the database: features in, models and answers out (plain data both ways, so it can run in a worker). */
export function analyseTenant(input: AnalysisInput): AnalysisOutput {
  const at = input.reference.getTime();
  const computedAt = input.computedAt.toISOString();

  let started = performance.now();
  const clustered = input.now.filter(hasRfm);
  const fitted =
    clustered.length > 0
      ? fitSegments(
          clustered.map((row) => rfmOf(row, at)),
          { seed: input.seed, facts: clustered.map((row) => factsOf(row, at)) },
        )
      : undefined;
  if (fitted) {
    fitted.model.labels = supportedLabels(
      fitted.model.keys,
      fitted.clusters,
      clustered.map((row) => factsOf(row, at)),
    );
  }
  const clusterOf = new Map(clustered.map((row, i) => [row.id, fitted!.clusters[i]!]));
  const segmentMs = performance.now() - started;

  started = performance.now();
  const cutoffMs = input.cutoff.getTime();
  const trainable = input.atCutoff.filter((row) => row.createdAt <= cutoffMs);
  const churn = trainChurn(
    trainable.map((row) => churnRowOf(row, cutoffMs)),
    trainable.map((row) => (row.ordersAfter === 0 ? 1 : 0)),
    input.cutoff,
  );
  const churnTrainMs = performance.now() - started;

  const model: TenantModel = {
    version: 2,
    reference: input.reference.toISOString(),
    computedAt,
    rates: demoRates,
    segments: fitted?.model ?? null,
    churn,
  };

  let forecastMs = 0;
  let churnScoreMs = 0;
  const results = input.now.map((row): CustomerInsights => {
    let t = performance.now();
    const nextOrder = forecastNextOrder(input.histories.get(row.id) ?? { times: [], amounts: [] }, row.currency);
    forecastMs += performance.now() - t;
    t = performance.now();
    const churnRisk =
      churn.status === 'trained' ? scoreChurn(churn.model, churnRowOf(row, at), monetaryIn(row.currency)) : null;
    churnScoreMs += performance.now() - t;
    const cluster = clusterOf.get(row.id);
    return {
      customerId: row.id,
      segment: fitted && cluster !== undefined && hasRfm(row) ? segmentOf(fitted.model, cluster, row, at) : null,
      nextOrder,
      churnRisk,
      computedAt,
    };
  });
  return { model, results, timings: { segmentMs, forecastMs, churnMs: churnTrainMs + churnScoreMs } };
}

export interface RecomputeOptions {
  /** The clock (tests and evaluations fix it); the reference time never passes it. */
  now?: Date;
  seed?: number;
  /** Skip when the stored models already cover the tenant's newest event (the refresher sets this). */
  onlyIfStale?: boolean;
  /** Runs the analysis (a worker thread: analyser.ts); in this thread by default. */
  analyse?: (input: AnalysisInput) => Promise<AnalysisOutput>;
  /**
   * When another caller — on PostgreSQL, possibly another process — is computing the tenant:
   * wait for it, then compute (`wait`, the default: seeding, the CLI), or return undefined at once
   * (`skip`: the refresher, so processes sharing a database do the work once).
   */
  ifBusy?: 'wait' | 'skip';
  /** Told why a call returned undefined for an existing tenant: nothing new, or busy elsewhere. */
  onSkip?: (reason: 'fresh' | 'busy') => void;
}

export interface RecomputeResult {
  tenant: string;
  /** False when skipped (nothing new) or when a newer computation was stored meanwhile. */
  written: boolean;
  customers: number;
  reference: string;
  segments: { k: number; silhouettes: { k: number; score: number }[]; sizes: Record<string, number> } | null;
  churn: { status: 'trained'; trainedOn: number; churned: number } | { status: 'untrained'; reason: string };
  timings: Timings;
}

const latestEventId = async (db: Queryable, tenant: string) =>
  Number(
    (
      await db.query<{ id: string | number }>('SELECT coalesce(max(id), 0) AS id FROM events WHERE tenant_id = $1', [
        tenant,
      ])
    ).rows[0]!.id,
  );

const storedEventsThrough = async (db: Queryable, tenant: string) => {
  const { rows } = await db.query<{ events_through: string | number }>(
    'SELECT events_through FROM insight_models WHERE tenant_id = $1',
    [tenant],
  );
  return rows[0] ? Number(rows[0].events_through) : undefined;
};

/** Stable advisory-lock key per tenant (so processes sharing a PostgreSQL compute it one at a time). */
const lockKey = (tenant: string) => {
  let hash = 727_007;
  for (const char of tenant) hash = (Math.imul(hash, 31) + char.codePointAt(0)!) | 0;
  return hash;
};

/** Customer answers written per statement (see the write below). */
const writeBatch = 250;

/**
 * Reads a tenant's data, analyses it and stores models and answers, holding the tenant's advisory
 * lock from the first read to the last write (`Db.withLock`).
 */
export async function recomputeTenant(
  db: Db,
  tenant: string,
  options: RecomputeOptions = {},
): Promise<RecomputeResult | undefined> {
  const locked = await db.withLock(lockKey(tenant), { wait: options.ifBusy !== 'skip' }, () =>
    recomputeLocked(db, tenant, options),
  );
  if (!locked.acquired) {
    options.onSkip?.('busy');
    return undefined;
  }
  return locked.value;
}

async function recomputeLocked(
  db: Db,
  tenant: string,
  options: RecomputeOptions,
): Promise<RecomputeResult | undefined> {
  const total = performance.now();
  const { now = new Date(), seed = 7 } = options;
  if ((await db.query('SELECT 1 FROM tenants WHERE id = $1', [tenant])).rows.length === 0) return undefined;
  // Read before the data: an event after this id may not be reflected, so it triggers another run.
  const eventsThrough = await latestEventId(db, tenant);
  if (options.onlyIfStale) {
    const stored = await storedEventsThrough(db, tenant);
    if (stored !== undefined && stored >= eventsThrough) {
      options.onSkip?.('fresh');
      return undefined;
    }
  }
  let started = performance.now();
  const reference = await referenceTime(db, tenant, now);
  const cutoff = new Date(reference.getTime() - churnHorizonDays * day);
  const [current, atCutoff, histories] = [
    await featuresAsOf(db, tenant, reference),
    await featuresAsOf(db, tenant, cutoff, { until: reference }),
    await orderHistories(db, tenant, reference),
  ];
  const readMs = performance.now() - started;
  const input: AnalysisInput = { now: current, atCutoff, histories, reference, cutoff, computedAt: new Date(), seed };
  const { model, results, timings } = options.analyse ? await options.analyse(input) : analyseTenant(input);

  // The write is several short statements rather than one transaction: on PGlite every statement
  // and transaction runs alone, so one transaction writing a large tenant (~0.9 s for 2,000
  // customers) held up every request meanwhile. The lock keeps other computations out; readers
  // see old and new answers side by side for a moment (each one whole). Marking the stored
  // models stale first means an interrupted write is redone (the next run, or the next start).
  started = performance.now();
  let written = false;
  const stored = await storedEventsThrough(db, tenant);
  // A computation that read newer data (before this lock was taken) is never overwritten.
  if (stored === undefined || stored <= eventsThrough) {
    await db.query('UPDATE insight_models SET events_through = -1 WHERE tenant_id = $1', [tenant]);
    for (let i = 0; i < results.length; i += writeBatch) {
      await db.query(
        `INSERT INTO customer_insights (tenant_id, customer_id, insights, computed_at)
         SELECT $1, r.value->>'customerId', r.value, $3 FROM json_array_elements($2::json) AS r(value)
         ON CONFLICT (tenant_id, customer_id) DO UPDATE SET insights = excluded.insights, computed_at = excluded.computed_at`,
        [tenant, JSON.stringify(results.slice(i, i + writeBatch)), model.computedAt],
      );
    }
    await db.query(
      `INSERT INTO insight_models (tenant_id, model, events_through, reference_at, computed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET model = excluded.model, events_through = excluded.events_through,
         reference_at = excluded.reference_at, computed_at = excluded.computed_at`,
      [tenant, JSON.stringify(model), eventsThrough, model.reference, model.computedAt],
    );
    written = true;
  }
  const writeMs = performance.now() - started;

  const sizes: Record<string, number> = { ...model.segments?.labels?.sizes };
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    tenant,
    written,
    customers: results.length,
    reference: model.reference,
    segments: model.segments ? { k: model.segments.k, silhouettes: model.segments.silhouettes, sizes } : null,
    churn:
      model.churn.status === 'trained'
        ? { status: 'trained', trainedOn: model.churn.model.trainedOn, churned: model.churn.model.churned }
        : { status: 'untrained', reason: model.churn.reason },
    timings: {
      readMs: round(readMs),
      segmentMs: round(timings.segmentMs),
      forecastMs: round(timings.forecastMs),
      churnMs: round(timings.churnMs),
      writeMs: round(writeMs),
      totalMs: round(performance.now() - total),
    },
  };
}

/** Every tenant, one after another. */
export async function recomputeAll(db: Db, options: RecomputeOptions = {}): Promise<RecomputeResult[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
  const results: RecomputeResult[] = [];
  for (const { id } of rows) {
    const result = await recomputeTenant(db, id, options);
    if (result) results.push(result);
  }
  return results;
}

/**
 * A customer's insights: the stored answer, or — for a customer the last computation did not see
 * — the tenant's stored models applied to their features now (no training). Undefined when the
 * tenant has no such customer.
 */
export async function readInsights(
  db: Queryable,
  tenant: string,
  customerId: string,
  now = new Date(),
): Promise<CustomerInsights | undefined> {
  const { rows } = await db.query<{ insights: CustomerInsights | string }>(
    'SELECT insights FROM customer_insights WHERE tenant_id = $1 AND customer_id = $2',
    [tenant, customerId],
  );
  if (rows[0])
    return typeof rows[0].insights === 'string' ? (JSON.parse(rows[0].insights) as CustomerInsights) : rows[0].insights;
  return insightsOnTheFly(db, tenant, customerId, now);
}

async function insightsOnTheFly(
  db: Queryable,
  tenant: string,
  customerId: string,
  now: Date,
): Promise<CustomerInsights | undefined> {
  const { rows } = await db.query<{ model: TenantModel | string }>(
    'SELECT model FROM insight_models WHERE tenant_id = $1',
    [tenant],
  );
  const parsed = rows[0]
    ? typeof rows[0].model === 'string'
      ? (JSON.parse(rows[0].model) as TenantModel)
      : rows[0].model
    : undefined;
  // Models stored by an older server (another version) are not applied: as if not computed yet.
  const stored = parsed?.version === 2 ? parsed : undefined;
  const reference = stored
    ? new Date(Math.min(Math.max(Date.parse(stored.reference), 0), now.getTime()))
    : await referenceTime(db, tenant, now);
  const [row] = await featuresAsOf(db, tenant, reference, { customerId });
  if (!row) return undefined;
  // The answer rests on the stored models and the data up to the reference time, so it carries the
  // models' time: asked again with nothing changed, it is the same body (same ETag, a 304), and
  // the SDK does not announce an update that is none. Without models (before a tenant's first
  // computation) it carries the reference time; where that is the clock itself (a tenant with no
  // order or contact yet, so nothing in the answer depends on the time), the customer's sign-up.
  const asOf =
    stored?.computedAt ??
    (reference.getTime() === now.getTime()
      ? new Date(Math.min(row.createdAt, now.getTime())).toISOString()
      : reference.toISOString());
  const at = reference.getTime();
  const history = (await orderHistories(db, tenant, reference, customerId)).get(customerId) ?? {
    times: [],
    amounts: [],
  };
  const segments = stored?.segments;
  let segment: CustomerSegment | null = null;
  if (segments && hasRfm(row))
    segment = segmentOf(segments, nearestCluster(segments, standardise(segments, rfmOf(row, at))), row, at);
  const churn = stored?.churn;
  return {
    customerId,
    segment,
    nextOrder: forecastNextOrder(history, row.currency),
    churnRisk:
      churn?.status === 'trained' ? scoreChurn(churn.model, churnRowOf(row, at), monetaryIn(row.currency)) : null,
    computedAt: asOf,
  };
}
