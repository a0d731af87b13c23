// Keeps stored insights fresh: listens to the event log's NOTIFY (from every API process), and
// recomputes a tenant once its orders or contacts have been quiet for a moment — off the request
// path (the analysis in a worker thread), one tenant at a time.
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
  /** Recompute at the latest this long after the first change of a burst, even if changes continue (30 000 ms). */
  maxWaitMs?: number;
  /** Passed to every recomputation (tests fix the clock). */
  recompute?: Omit<RecomputeOptions, 'onlyIfStale' | 'analyse'>;
  /** Run the analysis in a worker thread (true: the API process's main thread stays free). */
  worker?: boolean;
  onError?: (error: unknown, tenant: string) => void;
}

export interface InsightsRefresher {
  /** Asks for a recomputation of `tenant` after the debounce (what an event does). */
  schedule(tenant: string): void;
  /** Resolves after the next recomputation of `tenant` finishes (undefined: it found nothing new). */
  next(tenant: string): Promise<RecomputeResult | undefined>;
  /** Stops listening, drops pending work and waits for a running recomputation. */
  stop(): Promise<void>;
}

export async function startInsightsRefresher(db: Db, options: RefresherOptions = {}): Promise<InsightsRefresher> {
  const { debounceMs = 2000, maxWaitMs = 30_000, recompute = {}, worker = true } = options;
  const analyser = worker ? createWorkerAnalyser() : undefined;
  const onError = options.onError ?? ((error, tenant) => console.error(`insights for ${tenant}:`, error instanceof Error ? error.message : error));
  const pending = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  const waiters = new Map<string, ((result: RecomputeResult | undefined) => void)[]>();
  const queue: string[] = [];
  let running: Promise<void> | undefined;
  let stopped = false;

  const drain = async () => {
    while (queue.length > 0 && !stopped) {
      const tenant = queue.shift()!;
      let result: RecomputeResult | undefined;
      try {
        result = await recomputeTenant(db, tenant, { ...recompute, onlyIfStale: true, ...(analyser ? { analyse: analyser.analyse } : {}) });
      } catch (error) {
        if (!stopped) onError(error, tenant);
      }
      for (const resolve of waiters.get(tenant)?.splice(0) ?? []) resolve(result);
    }
    running = undefined;
  };

  const enqueue = (tenant: string) => {
    pending.delete(tenant);
    if (stopped || queue.includes(tenant)) return;
    queue.push(tenant);
    running ??= drain();
  };

  const schedule = (tenant: string) => {
    if (stopped) return;
    const existing = pending.get(tenant);
    const firstAt = existing?.firstAt ?? Date.now();
    if (existing) clearTimeout(existing.timer);
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - Date.now()));
    const timer = setTimeout(() => enqueue(tenant), wait);
    timer.unref();
    pending.set(tenant, { timer, firstAt });
  };

  const unlisten = await db.listen(eventsChannel, (payload) => {
    try {
      const event = JSON.parse(payload) as { tenant?: unknown; type?: unknown };
      if (typeof event.tenant === 'string' && typeof event.type === 'string' && relevantEvents.has(event.type)) schedule(event.tenant);
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
