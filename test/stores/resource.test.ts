import { expect, waitUntil } from '@open-wc/testing';
import { createResource } from '../../src/stores/resource.js';

describe('createResource', () => {
  it('loads on the first subscriber and shares one request among many', async () => {
    let calls = 0;
    const resource = createResource(async () => (++calls, { data: 'value' }));
    const off = [resource.$state.listen(() => undefined), resource.$state.listen(() => undefined)];
    await waitUntil(() => resource.$state.get().data === 'value');
    expect(calls).to.equal(1);
    off.forEach((unsubscribe) => unsubscribe());
  });

  it('starts afresh when a subscriber returns while an abandoned load has not settled', async () => {
    const loads: { signal: AbortSignal; resolve: (value: { data: string }) => void }[] = [];
    // Like a token provider that ignores the abort signal: the first load settles late.
    const resource = createResource(
      (signal) => new Promise<{ data: string }>((resolve) => loads.push({ signal, resolve })),
    );
    const unsubscribe = resource.$state.listen(() => undefined);
    await waitUntil(() => loads.length === 1);
    unsubscribe();
    await waitUntil(() => loads[0]!.signal.aborted, 'the abandoned load was never aborted', { timeout: 3000 });
    const again = resource.$state.listen(() => undefined);
    await waitUntil(() => loads.length === 2, 'the returning subscriber got the doomed load');
    loads[0]!.resolve({ data: 'stale' });
    loads[1]!.resolve({ data: 'fresh' });
    await waitUntil(() => resource.$state.get().data === 'fresh');
    expect(resource.$state.get().loading).to.equal(false);
    again();
  });

  it('answers a reload asked for mid-load with a load of its own, sent after it was asked', async () => {
    const loads: { resolve: (value: { data: number }) => void }[] = [];
    const resource = createResource(() => new Promise<{ data: number }>((resolve) => loads.push({ resolve })));
    const off = resource.$state.listen(() => undefined);
    await waitUntil(() => loads.length === 1);
    // A change is announced while the first load is on its way: its answer may predate the change.
    const reloaded = resource.reload();
    expect(loads).to.have.length(1);
    loads[0]!.resolve({ data: 1 });
    await waitUntil(() => loads.length === 2, 'the reload was folded into the older request');
    loads[1]!.resolve({ data: 2 });
    await reloaded;
    expect(resource.$state.get().data).to.equal(2);
    off();
  });
});
