import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { archetypes, archetypeWeights, generateLife, type Life } from '../../demo/server/seed-lives.js';
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

  it('gives customers ~15 orders and ~15 contact entries across every status and channel', () => {
    const generated = [...generateTenant(createRandom(3), 300, 1001, now)].flat();
    const orders = generated.flatMap((g) => g.orders);
    const contacts = generated.flatMap((g) => g.contacts);
    assert.ok(Math.abs(orders.length / 300 - 15) < 5, `orders per customer ${orders.length / 300}`);
    assert.ok(Math.abs(contacts.length / 300 - 15) < 5, `contacts per customer ${contacts.length / 300}`);
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

describe('seeded customer lives', () => {
  const days = (from: string, to: Date) => (to.getTime() - Date.parse(from)) / 86_400_000;
  const lives = (count: number, seedValue: number) =>
    Array.from({ length: count }, (_, i) => generateLife(createRandom(seedValue + i), now));

  it('draws every archetype about as often as its weight', () => {
    const drawn = lives(3000, 11);
    for (const archetype of archetypes) {
      const share = drawn.filter((life) => life.archetype === archetype).length / drawn.length;
      assert.ok(Math.abs(share - archetypeWeights[archetype]) < 0.03, `${archetype}: ${share}`);
    }
  });

  it('gives each archetype the order history its name says', () => {
    const placed = (life: Life) => life.orders.map((o) => new Date(o.at).toISOString());
    for (const life of lives(1500, 21)) {
      const at = placed(life);
      const last = at.at(-1);
      const sinceLast = last === undefined ? Infinity : days(last, now);
      const tenure = days(life.createdAt.toISOString(), now);
      assert.ok(at.every((t, i) => i === 0 || t >= at[i - 1]!) && at.every((t) => t >= life.createdAt.toISOString()));
      switch (life.archetype) {
        case 'prospect':
          assert.equal(at.length, 0);
          break;
        case 'one-off':
          assert.equal(at.length, 1);
          break;
        case 'new':
          assert.ok(at.length >= 1 && at.length <= 3 && tenure <= 151, `new: ${at.length} orders, ${tenure} days`);
          break;
        case 'champion':
          assert.ok(at.length >= 12 && sinceLast < 90, `champion: ${at.length} orders, last ${sinceLast} days ago`);
          break;
        case 'slipping':
          assert.ok(sinceLast >= 60, `slipping: last ${sinceLast} days ago`);
          break;
        case 'lapsed':
          assert.ok(sinceLast >= 200, `lapsed: last ${sinceLast} days ago`);
          break;
        case 'regular':
          assert.ok(at.length >= 3, `regular: ${at.length} orders`);
      }
    }
  });

  it('has reps chase customers who stopped ordering, and nobody else', () => {
    for (const life of lives(1500, 31)) {
      const chased = life.contacts.some((c) => c.subject === 'Checking in' || c.subject === '回访未接通');
      if (chased) assert.ok(life.archetype === 'slipping' || life.archetype === 'lapsed', life.archetype);
      assert.ok(life.contacts.every((c) => c.at >= life.createdAt.getTime() && c.at <= now.getTime()));
    }
  });

  it('keeps the showcase customers: c_1042 a regular, c_1001 a champion', () => {
    const [demo] = [...generateTenant(createRandom(20261125), 50, 1001, now)];
    const byId = new Map(demo!.map((g) => [g.customer.id, g]));
    assert.ok(byId.get('c_1001')!.orders.length >= 12);
    const regular = byId.get('c_1042')!;
    assert.ok(regular.orders.length >= 3 && regular.customer.phone !== undefined);
  });
});

describe('package', () => {
  it("keeps src/version.ts equal to package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(version, pkg.version);
  });
});
