import { expect, waitUntil } from '@open-wc/testing';
import type { Page } from '../../src/api/types.js';
import { createPagedResource } from '../../src/stores/paged.js';

type Item = { id: string; pending?: 'sending' };

/** A paged list whose first-page loads the test answers one by one. */
function list() {
  const loads: ((page: Page<Item>) => void)[] = [];
  const resource = createPagedResource<Item>(
    () => new Promise<Page<Item>>((resolve) => loads.push(resolve)),
    {},
    { isLocal: (item) => item.pending !== undefined },
  );
  const off = resource.$state.listen(() => undefined);
  const ids = () => resource.$state.get().data?.map((item) => item.id);
  return { resource, loads, off, ids };
}

const page = (...ids: string[]): Page<Item> => ({ data: ids.map((id) => ({ id })), nextCursor: null });

describe('createPagedResource', () => {
  it('keeps an item confirmed while a first page was on its way, in front of that page', async () => {
    const { resource, loads, off, ids } = list();
    await waitUntil(() => loads.length === 1);
    loads[0]!(page('b', 'a'));
    await waitUntil(() => ids()?.length === 2);
    const reloaded = resource.reload();
    await waitUntil(() => loads.length === 2);
    // The server confirms a new entry (its answer puts it in the list) before the page asked for earlier arrives.
    resource.edit((items) => [{ id: 'c' }, ...items]);
    loads[1]!(page('b', 'a'));
    await reloaded;
    expect(ids()).to.deep.equal(['c', 'b', 'a']);
    off();
  });

  it('drops an item the list held when the page was asked for and the page no longer has', async () => {
    const { resource, loads, off, ids } = list();
    await waitUntil(() => loads.length === 1);
    loads[0]!(page('b', 'a'));
    await waitUntil(() => ids()?.length === 2);
    const reloaded = resource.reload();
    await waitUntil(() => loads.length === 2);
    loads[1]!(page('a'));
    await reloaded;
    expect(ids()).to.deep.equal(['a']);
    off();
  });

  it('keeps an entry not yet confirmed in front of every page', async () => {
    const { resource, loads, off, ids } = list();
    await waitUntil(() => loads.length === 1);
    loads[0]!(page('a'));
    await waitUntil(() => ids()?.length === 1);
    resource.edit((items) => [{ id: 'pending:1', pending: 'sending' }, ...items]);
    const reloaded = resource.reload();
    await waitUntil(() => loads.length === 2);
    loads[1]!(page('b', 'a'));
    await reloaded;
    expect(ids()).to.deep.equal(['pending:1', 'b', 'a']);
    off();
  });
});
