// The classic script's bridge part (src/bridged-page.ts): the bridge, and the webview host page
// made of the page while that bridge runs.
import { expect } from '@open-wc/testing';
import { atom } from 'nanostores';
import { startBridgedPage } from '../../src/bridged-page.js';
import type { Crm } from '../../src/stores/crm.js';
import { installHost, pageCrm, type FakeHost } from './helpers.js';

describe('bridged page (the classic script’s bridge part)', () => {
  const root = document.documentElement;
  let host: FakeHost | undefined;
  afterEach(() => {
    host?.uninstall();
    host = undefined;
    pageCrm.set(undefined);
    root.removeAttribute('data-crm-state');
  });

  it('makes the page a host page once per bridge, and stops following a bridge that stopped', () => {
    host = installHost('webkit');
    const first = startBridgedPage();
    expect(startBridgedPage(), 'a second start answers the bridge started').to.equal(first);
    expect(root.dataset['crmState']).to.equal('waiting');
    first.stop();
    const second = startBridgedPage();
    try {
      expect(second).not.to.equal(first);
      second.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/' } });
      expect(root.dataset['crmState']).to.equal('ready');
      // The page's instance changes: a host page still following the stopped bridge would write
      // that bridge's state (`waiting`, it never had a config) before the running one wrote its own.
      const writes = new MutationObserver(() => undefined);
      writes.observe(root, { attributeFilter: ['data-crm-state'], attributeOldValue: true });
      pageCrm.set({ $outbox: atom({ queued: 0, sending: 0 }) } as unknown as Crm);
      const records = writes.takeRecords();
      writes.disconnect();
      expect(records.map((record) => record.oldValue)).to.not.include('waiting');
      expect(root.dataset['crmState']).to.equal('ready');
    } finally {
      second.stop();
    }
  });
});
