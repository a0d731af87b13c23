import { insertContacts, type ContactEntry } from './contacts.js';
import { insertCustomers, type Customer } from './customers.js';
import type { Db } from './db.js';
import { recomputeAll, type RecomputeResult } from './insights/compute.js';
import { insertOrders, type Order } from './orders.js';
import { archetypeOf, generateLife } from './seed-lives.js';

/** mulberry32: a small, fast, seeded PRNG, so every seed run writes the same data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof createRandom>;

const chineseSurnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const chineseGiven = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '晓东',
  '雨桐',
  '子涵',
  '浩然',
  '思远',
  '欣怡',
];
const pinyin: Record<string, string> = {
  王: 'wang',
  李: 'li',
  张: 'zhang',
  刘: 'liu',
  陈: 'chen',
  杨: 'yang',
  黄: 'huang',
  赵: 'zhao',
  吴: 'wu',
  周: 'zhou',
  徐: 'xu',
  孙: 'sun',
  马: 'ma',
  朱: 'zhu',
  胡: 'hu',
  郭: 'guo',
  何: 'he',
  林: 'lin',
  罗: 'luo',
  高: 'gao',
};
const englishFirst = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Oliver',
  'Sophia',
  'Elijah',
  'Mia',
  'James',
  'Amelia',
  'Lucas',
  'Harper',
  'Mateo',
  'Evelyn',
  'Aiko',
  'Kenji',
  'Priya',
  'Omar',
  'Zoë',
  'Seán',
  'José',
];
const englishLast = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  "O'Brien",
  'Nakamura',
  'Patel',
  'Müller',
  'Kowalski',
];
const chineseCompanies = [
  '华信科技',
  '东方贸易',
  '锦程物流',
  '云帆网络',
  '恒通电子',
  '瑞丰食品',
  '金桥建材',
  '天合医疗',
  '星辰文化',
  '博远教育',
];
const chineseCompanySuffix = ['有限公司', '股份有限公司', '集团'];
const englishCompanies = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Hooli',
  'Vandelay',
  'Tyrell',
];
const englishCompanySuffix = [' Ltd', ' Inc.', ' GmbH', ' & Co.', ' Trading', ' Labs'];
const tiers = ['bronze', 'silver', 'gold', 'platinum'];
const tagPool = [
  'vip',
  'wholesale',
  'retail',
  'newsletter',
  'b2b',
  'b2c',
  '重点客户',
  '华东',
  '华南',
  'priority',
  'partner',
  'trial',
];
const owners = [
  { id: 'u_1', name: '陈静' },
  { id: 'u_2', name: 'Maya Lopez' },
  { id: 'u_3', name: '刘洋' },
  { id: 'u_4', name: 'Tom Becker' },
];
const day = 86_400_000;

interface GeneratedCustomer {
  customer: Customer;
  orders: Order[];
  contacts: ContactEntry[];
}

/**
 * One customer with their order history and contact log. Orders are in the customer's currency;
 * the lifetime value is the sum of orders that were paid and not refunded or cancelled.
 */
function generateCustomer(
  random: Random,
  id: string,
  orderCounter: { next: number },
  contactCounter: { next: number },
  now: Date,
): GeneratedCustomer {
  const chinese = random.chance(0.6);
  let name: string;
  let emailUser: string;
  if (chinese) {
    const surname = random.pick(chineseSurnames);
    name = surname + random.pick(chineseGiven);
    emailUser = `${pinyin[surname]}${random.int(1, 999)}`;
  } else {
    const first = random.pick(englishFirst);
    const last = random.pick(englishLast);
    name = `${first} ${last}`;
    emailUser = `${first}.${last}`
      .normalize('NFD')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
  }
  const company = !random.chance(0.75)
    ? undefined
    : chinese
      ? random.pick(chineseCompanies) + random.pick(chineseCompanySuffix)
      : random.pick(englishCompanies) + random.pick(englishCompanySuffix);
  const domain = chinese
    ? random.pick(['163.com', 'qq.com', 'example.cn'])
    : random.pick(['example.com', 'mail.example.org']);
  const currency = chinese ? 'CNY' : random.pick(['USD', 'USD', 'JPY', 'CNY'] as const);
  // The customer's life (archetype, orders, contact log) comes from a generator of its own, so
  // the identity fields above and below are drawn the same whatever the life turned out to be.
  const life = generateLife(createRandom(random.int(0, 2 ** 31)), now, archetypeOf(id));
  const createdAt = life.createdAt;
  const span = now.getTime() - createdAt.getTime();
  const tags = [...new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(tagPool)))];
  const owner = random.chance(0.85) ? random.pick(owners) : undefined;
  const orders: Order[] = life.orders.map((planned) => {
    const number = orderCounter.next++;
    return {
      id: `o_${number}`,
      number: `SO-${new Date(planned.at).getUTCFullYear()}-${String(number).padStart(7, '0')}`,
      customerId: id,
      status: planned.status,
      total: { amount: planned.items.reduce((sum, item) => sum + item.quantity * item.price[currency], 0), currency },
      items: planned.items.map((item) => ({
        sku: item.sku,
        name: item.name,
        quantity: item.quantity,
        unitPrice: { amount: item.price[currency], currency },
      })),
      createdAt: new Date(planned.at).toISOString(),
      updatedAt: new Date(Math.min(now.getTime(), planned.at + planned.settledAfterDays * day)).toISOString(),
    };
  });
  const contacts: ContactEntry[] = life.contacts.map((planned) => {
    const occurredAt = new Date(planned.at).toISOString();
    const entry: ContactEntry = {
      id: `ct_${contactCounter.next++}`,
      customerId: id,
      channel: planned.channel,
      direction: planned.channel === 'note' ? null : planned.direction,
      body: planned.body,
      author: random.pick(owners),
      occurredAt,
      createdAt: occurredAt,
    };
    if (planned.subject) entry.subject = planned.subject;
    return entry;
  });

  const paid = orders.filter((order) => ['paid', 'shipped', 'delivered'].includes(order.status));
  const customer: Customer = {
    id,
    name,
    tags,
    lifetimeValue: { amount: paid.reduce((sum, order) => sum + order.total.amount, 0), currency },
    createdAt: createdAt.toISOString(),
    updatedAt: new Date(createdAt.getTime() + random.int(0, span)).toISOString(),
  };
  if (company) customer.company = company;
  if (random.chance(0.9)) customer.email = `${emailUser}@${domain}`;
  if (random.chance(0.8)) {
    customer.phone = chinese
      ? `+86 1${random.int(30, 89)} ${random.int(1000, 9999)} ${random.int(1000, 9999)}`
      : `+1 ${random.int(201, 989)} ${random.int(200, 999)} ${random.int(1000, 9999)}`;
  }
  if (random.chance(0.7)) customer.tier = random.pick(tiers);
  if (owner) customer.owner = owner;
  const lastContact = contacts.reduce<string | undefined>(
    (latest, entry) => (!latest || entry.occurredAt > latest ? entry.occurredAt : latest),
    undefined,
  );
  if (lastContact) customer.lastContactAt = lastContact;
  return { customer, orders, contacts };
}

/** Generates `count` customers (with orders and contacts) with ids from `c_<idStart>`, in chunks. */
export function* generateTenant(
  random: Random,
  count: number,
  idStart: number,
  now: Date,
  chunkSize = 1000,
): Generator<GeneratedCustomer[]> {
  const orderCounter = { next: idStart * 10 };
  const contactCounter = { next: idStart * 10 };
  for (let start = 0; start < count; start += chunkSize) {
    const chunk: GeneratedCustomer[] = [];
    for (let i = start; i < Math.min(count, start + chunkSize); i++) {
      chunk.push(generateCustomer(random, `c_${idStart + i}`, orderCounter, contactCounter, now));
    }
    yield chunk;
  }
}

/** Just the customers (tests of the generator). */
export function generateCustomers(random: Random, count: number, idStart: number, now: Date): Customer[] {
  return [...generateTenant(random, count, idStart, now)].flat().map((generated) => generated.customer);
}

export interface SeedOptions {
  /** Customers in the `demo` tenant (ids from `c_1001`). */
  customers?: number;
  /** Customers in the `acme` tenant (ids from `c_500001`, so no id is shared with `demo`). */
  acmeCustomers?: number;
  seed?: number;
  /** The instant the data is generated relative to; fixed by default so runs are identical. */
  now?: Date;
  /** Compute and store every tenant's insights once the data is in (true). */
  insights?: boolean;
}

export interface SeedResult {
  customers: number;
  orders: number;
  contacts: number;
  /** Per tenant, when `insights` was on. */
  insights?: RecomputeResult[];
}

/**
 * Seeds the tenants `demo` and `acme` deterministically: customers, their orders and their contact
 * logs, one transaction per chunk of customers (so 100,000 customers stream through in bounded
 * memory).
 */
export async function seed(
  db: Db,
  options: SeedOptions = {},
  onProgress?: (done: SeedResult) => void,
): Promise<SeedResult> {
  const {
    customers = 2000,
    acmeCustomers = 200,
    seed: seedValue = 20261125,
    now = new Date('2026-11-01T00:00:00Z'),
  } = options;
  await db.query(
    `INSERT INTO tenants (id, name) VALUES ('demo', 'Demo Trading Co.'), ('acme', 'Acme Corp.') ON CONFLICT (id) DO NOTHING`,
  );
  for (const tenant of ['demo', 'acme']) {
    for (const user of [...owners, { id: 'u_demo', name: 'Demo User' }]) {
      await db.query('INSERT INTO users (tenant_id, id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        tenant,
        user.id,
        user.name,
      ]);
    }
  }
  const random = createRandom(seedValue);
  const done: SeedResult = { customers: 0, orders: 0, contacts: 0 };
  for (const [tenant, count, idStart] of [
    ['demo', customers, 1001],
    ['acme', acmeCustomers, 500_001],
  ] as const) {
    for (const chunk of generateTenant(random, count, idStart, now)) {
      const orders = chunk.flatMap((generated) => generated.orders);
      const contacts = chunk.flatMap((generated) => generated.contacts);
      await db.transaction(async (tx) => {
        await insertCustomers(
          tx,
          tenant,
          chunk.map((generated) => generated.customer),
        );
        await insertOrders(tx, tenant, orders);
        await insertContacts(tx, tenant, contacts);
      });
      done.customers += chunk.length;
      done.orders += orders.length;
      done.contacts += contacts.length;
      onProgress?.(done);
    }
  }
  if (options.insights ?? true) done.insights = await recomputeAll(db);
  return done;
}
