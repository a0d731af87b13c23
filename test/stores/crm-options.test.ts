// createCrm's options: a bad one is a TypeError that names it, before anything is requested.
import { expect } from '@open-wc/testing';
import { createCrm, type CrmOptions } from '../../src/stores/crm.js';

const base: CrmOptions = { baseUrl: 'https://crm.example.com/', getToken: () => 'token', live: false };

describe('createCrm options', () => {
  const refused: [string, Partial<CrmOptions>, RegExp][] = [
    ['a baseUrl that is not a URL', { baseUrl: 'http://[' }, /baseUrl "http:\/\/\[" is not a URL/],
    ['plain http to another host', { baseUrl: 'http://crm.example.com/' }, /must be an https URL/],
    ['a getToken that is not a function', { getToken: 'token' as never }, /getToken must be a function/],
    ['a timeout of zero', { timeout: 0 }, /timeout must be a positive number of milliseconds, not 0/],
    ['a timeout that is not a number', { timeout: '5000' as never }, /timeout must be a positive number/],
    ['an endless timeout', { timeout: Infinity }, /timeout must be a positive number/],
    ['offline as a string', { offline: 'yes' as never }, /offline must be true, false or \{ key \}/],
    ['an offline key that is no CryptoKey', { offline: { key: 'secret' as never } }, /offline must be true/],
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => createCrm({ ...base, ...options })).to.throw(TypeError, message);
    });
  }

  it('refuses an offline key with the same TypeError where CryptoKey is not defined (outside secure contexts)', () => {
    const own = Object.getOwnPropertyDescriptor(globalThis, 'CryptoKey')!;
    Reflect.deleteProperty(globalThis, 'CryptoKey');
    try {
      expect(() => createCrm({ ...base, offline: { key: {} as never } })).to.throw(TypeError, /offline must be true/);
    } finally {
      Object.defineProperty(globalThis, 'CryptoKey', own);
    }
  });

  it('accepts http for localhost and a timeout in milliseconds', () => {
    expect(createCrm({ ...base, baseUrl: 'http://localhost:8787', timeout: 2500 }).api).to.be.an('object');
  });

  it('with offline off (the default), opens no database and counts nothing', async () => {
    const open = indexedDB.open;
    let opened = 0;
    indexedDB.open = (...args: Parameters<IDBFactory['open']>) => (opened++, open.apply(indexedDB, args));
    try {
      const crm = createCrm({ ...base, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
      expect(crm.$offline.get()).to.equal('off');
      await crm.addContactEntry('c_1', { channel: 'note', body: 'x' }).catch(() => undefined);
      await crm.clearOfflineData();
      expect(crm.$outbox.get()).to.deep.equal({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
      expect(crm.pendingEdit('c_1').get()).to.equal(undefined);
      expect(opened).to.equal(0);
    } finally {
      indexedDB.open = open;
    }
  });
});
