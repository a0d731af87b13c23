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
  ];
  for (const [what, options, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(() => createCrm({ ...base, ...options })).to.throw(TypeError, message);
    });
  }

  it('accepts http for localhost and a timeout in milliseconds', () => {
    expect(createCrm({ ...base, baseUrl: 'http://localhost:8787', timeout: 2500 }).api).to.be.an('object');
  });
});
