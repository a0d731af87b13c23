import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRandom, generateCustomers } from '../../demo/server/seed.js';
import { version } from '../../src/version.js';

const now = new Date('2026-11-01T00:00:00Z');

describe('seed', () => {
  it('generates the same customers from the same seed', () => {
    const a = generateCustomers(createRandom(7), 200, 1001, now);
    const b = generateCustomers(createRandom(7), 200, 1001, now);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, generateCustomers(createRandom(8), 200, 1001, now));
  });

  it('mixes Chinese and English names and uses CNY, USD and JPY in minor units', () => {
    const customers = generateCustomers(createRandom(1), 500, 1001, now);
    assert.ok(customers.some((c) => /\p{Script=Han}/u.test(c.name)));
    assert.ok(customers.some((c) => /^[A-Z]/.test(c.name)));
    assert.deepEqual(new Set(customers.map((c) => c.lifetimeValue.currency)), new Set(['CNY', 'USD', 'JPY']));
    assert.ok(customers.every((c) => Number.isSafeInteger(c.lifetimeValue.amount) && c.lifetimeValue.amount > 0));
    assert.equal(new Set(customers.map((c) => c.id)).size, 500);
  });
});

describe('package', () => {
  it("keeps src/version.ts equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(version, pkg.version);
  });
});
