import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRandom, generateCustomers, generateTenant } from '../../demo/server/seed.js';
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
    assert.ok(customers.every((c) => Number.isSafeInteger(c.lifetimeValue.amount) && c.lifetimeValue.amount >= 0));
    assert.ok(customers.filter((c) => c.lifetimeValue.amount > 0).length > 400);
    assert.equal(new Set(customers.map((c) => c.id)).size, 500);
  });

  it('gives customers ~20 orders and ~10 contact entries across every status and channel', () => {
    const generated = [...generateTenant(createRandom(3), 300, 1001, now)].flat();
    const orders = generated.flatMap((g) => g.orders);
    const contacts = generated.flatMap((g) => g.contacts);
    assert.ok(Math.abs(orders.length / 300 - 20) < 3, `orders per customer ${orders.length / 300}`);
    assert.ok(Math.abs(contacts.length / 300 - 10) < 2, `contacts per customer ${contacts.length / 300}`);
    assert.deepEqual(
      new Set(orders.map((o) => o.status)),
      new Set(['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded']),
    );
    assert.deepEqual(
      new Set(contacts.map((c) => c.channel)),
      new Set(['call', 'email', 'meeting', 'chat', 'sms', 'note']),
    );
    for (const { customer, orders: own } of generated) {
      const paid = own
        .filter((o) => ['paid', 'shipped', 'delivered'].includes(o.status))
        .reduce((sum, o) => sum + o.total.amount, 0);
      assert.equal(customer.lifetimeValue.amount, paid);
      assert.ok(
        own.every((o) => o.total.currency === customer.lifetimeValue.currency && o.createdAt >= customer.createdAt),
      );
    }
  });
});

describe('package', () => {
  it("keeps src/version.ts equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(version, pkg.version);
  });
});
