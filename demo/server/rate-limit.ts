import { createHash } from 'node:crypto';

/**
 * A token bucket per bearer token (keyed by a hash, never the token itself), in this process.
 * Behind a load balancer each process keeps its own buckets, so the effective limit scales with
 * the number of processes.
 */
export interface RateLimiter {
  /** `0` when the request may go ahead, else the seconds to wait. */
  take(token: string): number;
}

export function createRateLimiter({ perMinute, burst }: { perMinute: number; burst: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  let sweptAt = Date.now();
  return {
    take(token) {
      const now = Date.now();
      if (now - sweptAt > 60_000) {
        // Forget buckets that have refilled completely.
        for (const [key, bucket] of buckets)
          if (bucket.tokens + (now - bucket.at) * ratePerMs >= burst) buckets.delete(key);
        sweptAt = now;
      }
      const key = createHash('sha256').update(token).digest('base64url').slice(0, 22);
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * ratePerMs);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    },
  };
}
