// Keeps stored insights fresh: listens to the event log's NOTIFY (from every API process), and
// recomputes a tenant once its orders or contacts have been quiet for a moment and its last run
// is far enough behind — off the request path (the analysis in a worker thread), one tenant at a
// time, and per tenant in one process at a time (the others skip).
import type { Db } from '../db.js';
import { createWorkerAnalyser } from './analyser.js';
import { recomputeTenant, type RecomputeOptions, type RecomputeResult } from './compute.js';

/** The channel events.ts notifies on (`recordEvent`). */
const eventsChannel = 'crm_events';
/** Events that change what the insights rest on; `customer.updated` (name, email, tags…) does not. */
const relevantEvents = new Set(['order.created', 'order.updated', 'contact.created']);

export interface RefresherOptions {
  /** Quiet time after the last change before recomputing (2 000 ms). */
  debounceMs?: number;
  /** Recompute at the latest this long after the first change of a burst, even if changes continue (30 000 ms) — unless the cooldown says later. */
  maxWaitMs?: number;
  /**
   * The least time between the end of a tenant's run and the start of its next one (10 000 ms);
   * the gap is at least three times the last run's duration when that is longer. Changes in the
   * meantime are coalesced into that next run.
   */
  minGapMs?: number;
  /** Passed to every recomputation (tests fix the clock). */
  recompute?: Omit<RecomputeOptions, 'onlyIfStale' | 'analyse' | 'ifBusy' | 'onSkip'>;
  /** Run the analysis in a worker thread (true: the API process's main thread stays free). */
  worker?: boolean;
  onError?: (error: unknown, tenant: string) => void;
}

export interface InsightsRefresher {
  /** Asks for a recomputation of `tenant` after the debounce and the cooldown (what an event does). */
  schedule(tenant: string): void;
  /** Resolves after the next recomputation of `tenant` finishes (undefined: it found nothing new, or another process was computing it). */
  next(tenant: string): Promise<RecomputeResult | undefined>;
  /** Stops listening, drops pending work and waits for a running recomputation. */
  stop(): Promise<void>;
}

export async function startInsightsRefresher(db: Db, options: RefresherOptions = {}): Promise<InsightsRefresher> {
  const { debounceMs = 2000, maxWaitMs = 30_000, minGapMs = 10_000, recompute = {}, worker = true } = options;
  const analyser = worker ? createWorkerAnalyser() : undefined;
  const onError =
    options.onError ??
    ((error, tenant) => console.error(`insights for ${tenant}:`, error instanceof Error ? error.message : error));
  const pending = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  const waiters = new Map<string, ((result: RecomputeResult | undefined) => void)[]>();
  /** Per tenant, the earliest start of its next run (set when a run ends). */
  const cooldownUntil = new Map<string, number>();
  const queue: string[] = [];
  let current: string | undefined;
  /** Tenants that changed while being computed: one more run after the cooldown. */
  const again = new Set<string>();
  let running: Promise<void> | undefined;
  let stopped = false;

  const drain = async () => {
    while (queue.length > 0 && !stopped) {
      const tenant = (current = queue.shift()!);
      const started = Date.now();
      let result: RecomputeResult | undefined;
      let busy = false;
      let failed = false;
      try {
        result = await recomputeTenant(db, tenant, {
          ...recompute,
          onlyIfStale: true,
          // Another process holding the tenant's lock is computing it: skip, look again after the gap.
          ifBusy: 'skip',
          onSkip: (reason) => (busy = reason === 'busy'),
          ...(analyser ? { analyse: analyser.analyse } : {}),
        });
      } catch (error) {
        failed = true;
        if (!stopped) onError(error, tenant);
      }
      const ended = Date.now();
      current = undefined;
      // A run that found nothing new cost two small queries and sets no cooldown.
      if (result || busy || failed) cooldownUntil.set(tenant, ended + Math.max(minGapMs, 3 * (ended - started)));
      for (const resolve of waiters.get(tenant)?.splice(0) ?? []) resolve(result);
      if (again.delete(tenant) || busy) schedule(tenant);
    }
    running = undefined;
  };

  const due = (tenant: string) => {
    const entry = pending.get(tenant);
    pending.delete(tenant);
    if (stopped) return;
    if (current === tenant) {
      again.add(tenant);
      return;
    }
    // The cooldown began after this timer was set (a run ended meanwhile): wait it out.
    const until = cooldownUntil.get(tenant) ?? 0;
    if (until > Date.now()) {
      arm(tenant, until - Date.now(), entry?.firstAt ?? Date.now());
      return;
    }
    if (queue.includes(tenant)) return;
    queue.push(tenant);
    running ??= drain();
  };

  const arm = (tenant: string, wait: number, firstAt: number) => {
    const timer = setTimeout(() => due(tenant), Math.max(0, wait));
    timer.unref();
    pending.set(tenant, { timer, firstAt });
  };

  function schedule(tenant: string) {
    if (stopped) return;
    const existing = pending.get(tenant);
    const now = Date.now();
    const firstAt = existing?.firstAt ?? now;
    if (existing) clearTimeout(existing.timer);
    const debounced = Math.min(debounceMs, firstAt + maxWaitMs - now);
    arm(tenant, Math.max(debounced, (cooldownUntil.get(tenant) ?? 0) - now), firstAt);
  }

  const unlisten = await db.listen(eventsChannel, (payload) => {
    try {
      const event = JSON.parse(payload) as { tenant?: unknown; type?: unknown };
      if (typeof event.tenant === 'string' && typeof event.type === 'string' && relevantEvents.has(event.type))
        schedule(event.tenant);
    } catch {
      // Not an event of ours.
    }
  });

  return {
    schedule,
    next(tenant) {
      return new Promise((resolve) => {
        let list = waiters.get(tenant);
        if (!list) waiters.set(tenant, (list = []));
        list.push(resolve);
      });
    },
    async stop() {
      stopped = true;
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
      queue.length = 0;
      await unlisten();
      await running;
      await analyser?.close();
      for (const list of waiters.values()) for (const resolve of list.splice(0)) resolve(undefined);
    },
  };
}
