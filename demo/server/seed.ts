import type { Db } from './db.js';
import { insertCustomers, type Customer } from './customers.js';

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

const chineseSurnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const chineseGiven = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '晓东', '雨桐', '子涵', '浩然', '思远', '欣怡'];
const pinyin: Record<string, string> = { 王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou', 徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he', 林: 'lin', 罗: 'luo', 高: 'gao' };
const englishFirst = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Oliver', 'Sophia', 'Elijah', 'Mia', 'James', 'Amelia', 'Lucas', 'Harper', 'Mateo', 'Evelyn', 'Aiko', 'Kenji', 'Priya', 'Omar', 'Zoë', 'Seán', 'José'];
const englishLast = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Wilson', 'Anderson', 'Taylor', 'Thomas', "O'Brien", 'Nakamura', 'Patel', 'Müller', 'Kowalski'];
const chineseCompanies = ['华信科技', '东方贸易', '锦程物流', '云帆网络', '恒通电子', '瑞丰食品', '金桥建材', '天合医疗', '星辰文化', '博远教育'];
const chineseCompanySuffix = ['有限公司', '股份有限公司', '集团'];
const englishCompanies = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Acme', 'Hooli', 'Vandelay', 'Tyrell'];
const englishCompanySuffix = [' Ltd', ' Inc.', ' GmbH', ' & Co.', ' Trading', ' Labs'];
const tiers = ['bronze', 'silver', 'gold', 'platinum'];
const tagPool = ['vip', 'wholesale', 'retail', 'newsletter', 'b2b', 'b2c', '重点客户', '华东', '华南', 'priority', 'partner', 'trial'];
const owners = [
  { id: 'u_1', name: '陈静' },
  { id: 'u_2', name: 'Maya Lopez' },
  { id: 'u_3', name: '刘洋' },
  { id: 'u_4', name: 'Tom Becker' },
];
// Amounts in the minor unit of each currency (JPY has none).
const currencies = [
  { code: 'CNY', range: [500, 900_000] },
  { code: 'USD', range: [50, 120_000] },
  { code: 'JPY', range: [5_000, 9_000_000] },
] as const;

const day = 86_400_000;

/** One tenant's generated customers: Chinese and English names, companies, tiers, tags, money in CNY, USD or JPY. */
export function generateCustomers(random: Random, count: number, idStart: number, now: Date): Customer[] {
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
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
      emailUser = `${first}.${last}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    }
    const hasCompany = random.chance(0.75);
    const company = !hasCompany
      ? undefined
      : chinese
        ? random.pick(chineseCompanies) + random.pick(chineseCompanySuffix)
        : random.pick(englishCompanies) + random.pick(englishCompanySuffix);
    const domain = chinese ? random.pick(['163.com', 'qq.com', 'example.cn']) : random.pick(['example.com', 'mail.example.org']);
    const currency = chinese ? currencies[0] : random.pick(currencies);
    const createdAt = new Date(now.getTime() - random.int(30, 5 * 365) * day - random.int(0, day));
    const updatedAt = new Date(createdAt.getTime() + random.int(0, Math.max(0, now.getTime() - createdAt.getTime())));
    const tags = [...new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(tagPool)))];
    const customer: Customer = {
      id: `c_${idStart + i}`,
      name,
      tags,
      lifetimeValue: { amount: random.int(currency.range[0], currency.range[1]), currency: currency.code },
      createdAt: createdAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    };
    if (company) customer.company = company;
    if (random.chance(0.9)) customer.email = `${emailUser}@${domain}`;
    if (random.chance(0.8)) customer.phone = chinese ? `+86 1${random.int(30, 89)} ${random.int(1000, 9999)} ${random.int(1000, 9999)}` : `+1 ${random.int(201, 989)} ${random.int(200, 999)} ${random.int(1000, 9999)}`;
    if (random.chance(0.7)) customer.tier = random.pick(tiers);
    if (random.chance(0.85)) customer.owner = random.pick(owners);
    if (random.chance(0.8)) customer.lastContactAt = new Date(now.getTime() - random.int(0, 400) * day).toISOString();
    customers.push(customer);
  }
  return customers;
}

export interface SeedOptions {
  /** Customers in the `demo` tenant (ids from `c_1001`). */
  customers?: number;
  /** Customers in the `acme` tenant (ids from `c_500001`, so no id is shared with `demo`). */
  acmeCustomers?: number;
  seed?: number;
  /** The instant the data is generated relative to; fixed by default so runs are identical. */
  now?: Date;
}

/** Seeds the tenants `demo` and `acme` deterministically. */
export async function seed(db: Db, options: SeedOptions = {}): Promise<{ customers: number }> {
  const { customers = 2000, acmeCustomers = 200, seed: seedValue = 20261125, now = new Date('2026-11-01T00:00:00Z') } = options;
  await db.query(`INSERT INTO tenants (id, name) VALUES ('demo', 'Demo Trading Co.'), ('acme', 'Acme Corp.') ON CONFLICT (id) DO NOTHING`);
  const random = createRandom(seedValue);
  await insertCustomers(db, 'demo', generateCustomers(random, customers, 1001, now));
  await insertCustomers(db, 'acme', generateCustomers(random, acmeCustomers, 500_001, now));
  return { customers: customers + acmeCustomers };
}
