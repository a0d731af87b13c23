import { expect, waitUntil } from '@open-wc/testing';
import type { Page } from '../../src/api/types.js';
import { createPagedResource } from '../../src/stores/paged.js';

type Item = { id: string; pending?: 'sending' };

const page = (...ids: string[]): Page<Item> => ({ data: ids.map((id) => ({ id })), nextCursor: null });

/** A paged list showing `first`; the test answers each later first-page load itself (`answer`). */
async function showing(...first: string[]) {
  const loads: ((page: Page<Item>) => void)[] = [];
  const resource = createPagedResource<Item>(
    () => new Promise<Page<Item>>((resolve) => loads.push(resolve)),
    {},
    { isLocal: (item) => item.pending !== undefined },
  );
  const off = resource.$state.listen(() => undefined);
  const ids = () => resource.$state.get().data?.map((item) => item.id);
  await waitUntil(() => loads.length === 1);
  loads[0]!(page(...first));
  await waitUntil(() => ids()?.length === first.length);
  /** Reloads; `meanwhile` runs while the page is on its way, which is then answered with `next`. */
  async function reload(meanwhile: () => void, ...next: string[]) {
    const reloaded = resource.reload();
    await waitUntil(() => loads.length === 2);
    meanwhile();
    loads[1]!(page(...next));
    await reloaded;
    off();
    return ids();
  }
  return { resource, reload };
}

describe('createPagedResource', () => {
  it('keeps an item confirmed while a first page was on its way, in front of that page', async () => {
    const { resource, reload } = await showing('b', 'a');
    // The server confirms a new entry (its answer puts it in the list) before the page asked for earlier arrives.
    const ids = await reload(() => resource.edit((items) => [{ id: 'c' }, ...items]), 'b', 'a');
    expect(ids).to.deep.equal(['c', 'b', 'a']);
  });

  it('drops an item the list held when the page was asked for and the page no longer has', async () => {
    const { reload } = await showing('b', 'a');
    expect(await reload(() => undefined, 'a')).to.deep.equal(['a']);
  });

  it('keeps an entry not yet confirmed in front of every page', async () => {
    const { resource, reload } = await showing('a');
    resource.edit((items) => [{ id: 'pending:1', pending: 'sending' }, ...items]);
    expect(await reload(() => undefined, 'b', 'a')).to.deep.equal(['pending:1', 'b', 'a']);
  });
});
