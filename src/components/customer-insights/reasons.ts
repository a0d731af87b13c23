import type { ChurnReason } from '../../api/types.js';

/** A reason as the element shows it: one test, or two tests on one feature merged into a range. */
export type ShownReason =
  | (ChurnReason & { kind: 'test' })
  | { kind: 'range'; feature: ChurnReason['feature']; low: number; high: number; value: number };

/**
 * One reason per feature: a feature tested both ways (`> 2.5` and `<= 6.5`) becomes the range of
 * whole values it allows (3–6), in the place of its first test. Every feature counts whole things
 * (days, orders, contacts, minor units of money), so `> t` starts at `⌊t⌋ + 1` and `<= t` ends at
 * `⌊t⌋` — except money, whose range starts at `⌊t⌋` (one minor unit off, but "¥1,000–¥6,000 spent"
 * reads better than "¥1,000.01–¥6,000.00"). Of several tests the same way, the tightest counts. Tests that leave no whole value
 * between them (a malformed answer) stay as they were.
 */
export function mergeReasons(reasons: readonly ChurnReason[]): ShownReason[] {
  const byFeature = new Map<string, ChurnReason[]>();
  for (const reason of reasons) byFeature.set(reason.feature, [...(byFeature.get(reason.feature) ?? []), reason]);
  const shown: ShownReason[] = [];
  for (const tests of byFeature.values()) {
    const above = tests.filter((test) => test.op === 'gt');
    const below = tests.filter((test) => test.op === 'lte');
    const tightest = (list: ChurnReason[], pick: (a: number, b: number) => number) =>
      list.reduce((best, test) => (pick(test.threshold, best.threshold) === test.threshold ? test : best));
    const gt = above.length ? tightest(above, Math.max) : undefined;
    const lte = below.length ? tightest(below, Math.min) : undefined;
    if (gt && lte && Math.floor(gt.threshold) + 1 <= Math.floor(lte.threshold)) {
      const low = Math.floor(gt.threshold) + (gt.feature === 'monetary' ? 0 : 1);
      shown.push({ kind: 'range', feature: gt.feature, low, high: Math.floor(lte.threshold), value: gt.value });
    } else {
      for (const test of [gt, lte]
        .filter((t): t is ChurnReason => !!t)
        .sort((a, b) => tests.indexOf(a) - tests.indexOf(b)))
        shown.push({ ...test, kind: 'test' });
    }
  }
  return shown;
}
