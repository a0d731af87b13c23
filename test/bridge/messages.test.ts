import { expect } from '@open-wc/testing';
import { maxMessageLength, parseMessage } from '../../src/bridge/messages.js';

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1XzEifQ.c2lnbmF0dXJl';

describe('bridge messages', () => {
  describe('accepted', () => {
    it('reads a config message from an object and from its JSON text', () => {
      const message = {
        v: 1,
        type: 'config',
        payload: { baseUrl: 'https://crm.example.test/', locale: 'zh-CN', theme: 'dark', customerId: 'c_1042' },
      };
      const expected = { type: 'config', id: undefined, payload: message.payload };
      expect(parseMessage(message)).to.deep.equal(expected);
      expect(parseMessage(JSON.stringify(message))).to.deep.equal(expected);
    });

    it('reads offline and its key material in a config message, and signout', () => {
      const offlineKey = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
      expect(parseMessage({ v: 1, type: 'config', payload: { offline: true, offlineKey } })).to.deep.equal({
        type: 'config',
        id: undefined,
        payload: { offline: true, offlineKey },
      });
      // base64url, without padding, as some Keystore wrappers write it.
      const url = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80';
      expect(parseMessage({ v: 1, type: 'config', payload: { offlineKey: url } })).to.deep.include({
        payload: { offlineKey: url },
      });
      expect(parseMessage({ v: 1, type: 'signout' })).to.deep.equal({
        type: 'signout',
        id: undefined,
        payload: undefined,
      });
    });

    it('reads a token answer with its request id', () => {
      expect(parseMessage({ v: 1, type: 'token', id: 'token-1', payload: { token } })).to.deep.equal({
        type: 'token',
        id: 'token-1',
        payload: { token },
      });
    });

    it('reads pause, resume, online, offline and theme', () => {
      for (const type of ['pause', 'resume', 'online', 'offline'])
        expect(parseMessage({ v: 1, type })).to.deep.equal({ type, id: undefined, payload: undefined });
      expect(parseMessage({ v: 1, type: 'theme', payload: { theme: 'light' } })).to.deep.include({
        type: 'theme',
        payload: { theme: 'light' },
      });
    });

    it('keeps only the fields it knows', () => {
      const parsed = parseMessage({
        v: 1,
        type: 'config',
        extra: 1,
        payload: { customerId: 'c_1', script: 'alert(1)' },
      });
      expect(parsed).to.deep.equal({ type: 'config', id: undefined, payload: { customerId: 'c_1' } });
    });

    it('takes a message of exactly 64 KiB', () => {
      const base = JSON.stringify({ v: 1, type: 'pause', pad: '' });
      const text = JSON.stringify({ v: 1, type: 'pause', pad: 'x'.repeat(maxMessageLength - base.length) });
      expect(text.length).to.equal(maxMessageLength);
      expect(parseMessage(text)).to.deep.include({ type: 'pause' });
    });
  });

  describe('dropped, with the reason', () => {
    const cases: [string, unknown, RegExp][] = [
      ['a string over 64 KiB', JSON.stringify({ v: 1, type: 'pause', pad: 'x'.repeat(maxMessageLength) }), /64 KiB/],
      [
        'an object over 64 KiB',
        { v: 1, type: 'config', payload: { customerId: 'c_1', pad: 'x'.repeat(maxMessageLength) } },
        /64 KiB/,
      ],
      ['text that is not JSON', '{v:1,type:"pause"}', /not JSON/],
      ['undefined', undefined, /not JSON/],
      ['a function', () => ({ v: 1, type: 'pause' }), /not JSON/],
      [
        'a cyclic object',
        (() => {
          const cyclic: Record<string, unknown> = { v: 1, type: 'pause' };
          cyclic['self'] = cyclic;
          return cyclic;
        })(),
        /not JSON/,
      ],
      ['a BigInt', { v: 1, type: 'pause', n: BigInt(1) }, /not JSON/],
      ['null', null, /expected an object/],
      ['an array', [1, 'pause'], /expected an object/],
      ['version 2', { v: 2, type: 'pause' }, /^v: expected version 1/],
      ['version "1"', { v: '1', type: 'pause' }, /^v: expected version 1/],
      ['no version', { type: 'pause' }, /^v: /],
      ['an unknown type', { v: 1, type: 'eval', payload: 'alert(1)' }, /^type: expected one of/],
      ['an outgoing type', { v: 1, type: 'token-request', id: 'x' }, /^type: /],
      ['a long id', { v: 1, type: 'pause', id: 'x'.repeat(65) }, /^id: /],
      ['an id that is not a string', { v: 1, type: 'token', id: 7, payload: { token } }, /^id: /],
      ['a token without an id', { v: 1, type: 'token', payload: { token } }, /needs the id/],
      [
        'an empty token',
        { v: 1, type: 'token', id: 'token-1', payload: { token: '' } },
        /^payload\.token: expected a token/,
      ],
      [
        'a token over 8 KiB',
        { v: 1, type: 'token', id: 'token-1', payload: { token: 'a'.repeat(8193) } },
        /^payload\.token: /,
      ],
      [
        'a token with a line break',
        { v: 1, type: 'token', id: 'token-1', payload: { token: 'a\r\nX-Evil: 1' } },
        /^payload\.token: /,
      ],
      [
        'a token payload that is a string',
        { v: 1, type: 'token', id: 'token-1', payload: token },
        /^payload: expected an object/,
      ],
      ['a config without payload', { v: 1, type: 'config' }, /^payload: expected an object/],
      [
        'a javascript: base URL',
        { v: 1, type: 'config', payload: { baseUrl: 'javascript:alert(1)' } },
        /^payload\.baseUrl: /,
      ],
      ['a relative base URL', { v: 1, type: 'config', payload: { baseUrl: '//evil.example/' } }, /^payload\.baseUrl: /],
      // Once a backtracking pattern: ~0.8 s of a frozen page per message like this one.
      [
        'a base URL of 65,000 host characters and a space',
        { v: 1, type: 'config', payload: { baseUrl: `https://${'a'.repeat(65_000)} ` } },
        /^payload\.baseUrl: /,
      ],
      [
        'a base URL with a space in its path',
        { v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/a b' } },
        /^payload\.baseUrl: /,
      ],
      [
        'a base URL that is not a string',
        { v: 1, type: 'config', payload: { baseUrl: { href: 'https://x/' } } },
        /^payload\.baseUrl: /,
      ],
      ['a locale that is no tag', { v: 1, type: 'config', payload: { locale: 'en_US; drop' } }, /^payload\.locale: /],
      [
        'a customer id with a path',
        { v: 1, type: 'config', payload: { customerId: '../admin' } },
        /^payload\.customerId: /,
      ],
      [
        'a customer id too long',
        { v: 1, type: 'config', payload: { customerId: 'c'.repeat(65) } },
        /^payload\.customerId: /,
      ],
      ['a theme that is not light or dark', { v: 1, type: 'theme', payload: { theme: 'url(x)' } }, /^payload\.theme: /],
      ['a config with a bad theme', { v: 1, type: 'config', payload: { theme: 'blue' } }, /^payload\.theme: /],
      ['offline as a string', { v: 1, type: 'config', payload: { offline: 'true' } }, /^payload\.offline: /],
      [
        'key material of 16 bytes',
        { v: 1, type: 'config', payload: { offlineKey: 'q83vEjRWeJq83vEjRWeJqw==' } },
        /^payload\.offlineKey: expected base64 of 32 bytes/,
      ],
      [
        'key material of 33 bytes',
        { v: 1, type: 'config', payload: { offlineKey: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83v' } },
        /^payload\.offlineKey: /,
      ],
      [
        'key material with bits past its 32 bytes',
        { v: 1, type: 'config', payload: { offlineKey: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq81=' } },
        /^payload\.offlineKey: /,
      ],
      [
        'key material that is not base64',
        { v: 1, type: 'config', payload: { offlineKey: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8!=' } },
        /^payload\.offlineKey: /,
      ],
    ];
    for (const [name, input, reason] of cases) {
      it(`drops ${name}`, () => {
        const parsed = parseMessage(input);
        expect(parsed).to.be.a('string').that.matches(reason);
      });
    }

    it('does not read fields from a prototype or a __proto__ key', () => {
      const inherited = Object.create({ v: 1, type: 'pause' }) as object;
      expect(parseMessage(inherited)).to.be.a('string');
      expect(parseMessage('{"__proto__":{"v":1,"type":"pause"}}')).to.be.a('string');
      const parsed = parseMessage(
        '{"v":1,"type":"config","payload":{"__proto__":{"customerId":"c_9"},"constructor":{"prototype":{"polluted":1}}}}',
      );
      expect(parsed).to.deep.equal({ type: 'config', id: undefined, payload: {} });
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect(({} as Record<string, unknown>)['customerId']).to.equal(undefined);
    });

    it('never names the token or the payload in the reason', () => {
      const secret = 'secret-token-value';
      for (const input of [
        { v: 1, type: 'token', payload: { token: secret } },
        { v: 1, type: 'token', id: 'token-1', payload: { token: `${secret} with spaces` } },
        { v: 1, type: 'config', payload: { customerId: secret + '/' } },
        { v: 2, type: 'token', id: 'x', payload: { token: secret } },
      ]) {
        const reason = parseMessage(input);
        expect(reason).to.be.a('string');
        expect(reason).not.to.contain('secret');
      }
    });
  });
});
