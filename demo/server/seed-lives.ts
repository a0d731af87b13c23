// The demo data's customer lives: each seeded customer follows an archetype (champion, regular,
// new, one-off, slipping, lapsed, prospect) whose order gaps and amounts are drawn from log-normal
// distributions, and whose contact log follows the orders (quotes before them, delivery texts and
// follow-up calls after them, a rep chasing a customer who stopped). docs/insights.md says why.
import type { channels } from './contacts.js';
import type { Random } from './seed.js';

const day = 86_400_000;

export const archetypes = ['champion', 'regular', 'new', 'one-off', 'slipping', 'lapsed', 'prospect'] as const;
export type Archetype = (typeof archetypes)[number];

/** Share of customers per archetype (sums to 1). */
export const archetypeWeights: Record<Archetype, number> = {
  champion: 0.08,
  regular: 0.27,
  new: 0.1,
  'one-off': 0.15,
  slipping: 0.12,
  lapsed: 0.2,
  prospect: 0.08,
};

/**
 * Customers whose life the demo relies on: `c_1042` (the demo page's and the screenshots'
 * customer) is a regular, `c_1001` (the benchmarks' customer with the longest order list) a
 * champion. Everyone else draws an archetype by the weights above.
 */
const showcase: Record<string, Archetype> = { c_1042: 'regular', c_1001: 'champion' };

export function archetypeOf(id: string): Archetype | undefined {
  return showcase[id];
}

export const products = [
  { sku: 'TEA-001', name: '西湖龙井 250g', price: { CNY: 16800, USD: 2400, JPY: 3500 } },
  { sku: 'TEA-014', name: 'Jasmine Pearls 100g', price: { CNY: 9800, USD: 1500, JPY: 2100 } },
  { sku: 'CUP-220', name: '青瓷茶杯（四只装）', price: { CNY: 12900, USD: 1900, JPY: 2800 } },
  { sku: 'KTL-090', name: 'Electric Kettle 1.2 L', price: { CNY: 39900, USD: 5900, JPY: 8900 } },
  { sku: 'BOX-300', name: 'Gift Box', price: { CNY: 4500, USD: 700, JPY: 1000 } },
  { sku: 'SVC-PRO', name: '年度维护服务', price: { CNY: 199900, USD: 29900, JPY: 42000 } },
  { sku: 'LIC-010', name: 'Team License (10 seats)', price: { CNY: 699900, USD: 99000, JPY: 148000 } },
  { sku: 'PAP-A4', name: 'A4 复印纸（5包）', price: { CNY: 12500, USD: 1800, JPY: 2600 } },
] as const;
type Product = (typeof products)[number];
/** How likely each product is to be among a customer's usual ones: the licence and the service contract rarely. */
const productWeights = [5, 5, 4, 2, 4, 0.6, 0.3, 4];

type Channel = (typeof channels)[number];
type Template = readonly [subject: string, body: string];

const templates = {
  quote: [
    ['Quote sent', 'Sent the quote for the next order.\nWaiting for the purchase order.'],
    ['报价已发送', '已发送下一批订单的报价，等待客户确认采购单。'],
  ],
  invoice: [
    ['Invoice sent', 'Invoice for the last order sent.'],
    ['发票问题', '客户反馈发票抬头有误，已重新开具。'],
  ],
  delivered: [
    ['', 'Delivery confirmed.'],
    ['', '已发送取件码。'],
  ],
  followUp: [
    ['Follow-up call', 'Customer is happy with the delivery and asked about volume discounts.'],
    ['回访电话', '客户对上次的交付很满意，询问批量折扣。'],
  ],
  review: [
    ['Quarterly review', 'Reviewed usage and next quarter plans. See https://example.com/notes/q3'],
    ['现场拜访', '拜访客户总部，演示了新功能。'],
  ],
  welcome: [
    ['Welcome call', 'Introduced the account manager and the ordering process.'],
    ['欢迎致电', '介绍了客户经理和下单流程。'],
  ],
  returns: [
    ['', 'Asked how to return the order.'],
    ['', '咨询退货流程。'],
  ],
  chase: [
    ['Checking in', 'No order for a while; left a message offering a catalogue update.'],
    ['回访未接通', '客户较长时间未下单，已留言并发送新品目录。'],
  ],
  note: [
    ['', 'Prefers contact in the afternoon.'],
    ['', '重要客户，春节前需确认库存。'],
  ],
} satisfies Record<string, readonly Template[]>;

export interface PlannedOrder {
  at: number;
  status: 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';
  settledAfterDays: number;
  items: { sku: string; name: string; quantity: number; price: Product['price'] }[];
}

export interface PlannedContact {
  at: number;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  subject: string;
  body: string;
}

export interface Life {
  archetype: Archetype;
  createdAt: Date;
  orders: PlannedOrder[];
  contacts: PlannedContact[];
}

/** A standard normal draw (Box–Muller). */
function normal(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** A log-normal draw with the given median and log-scale spread. */
export const logNormal = (random: Random, median: number, sigma: number) => median * Math.exp(sigma * normal(random));

const uniform = (random: Random, low: number, high: number) => low + random.next() * (high - low);

function pickWeighted<T>(random: Random, items: readonly T[], weights: readonly number[]): T {
  let roll = random.next() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < items.length; i++) if ((roll -= weights[i]!) < 0) return items[i]!;
  return items[items.length - 1]!;
}

/** How a customer buys: when their orders fall, and how big they are. */
interface Plan {
  tenureDays: number;
  /** Median days between orders, and how much the gaps vary (log scale). */
  gapDays: number;
  gapSpread: number;
  /** Days after sign-up of the first order. */
  firstAfterDays: number;
  /** No order after this many days before now. */
  stopDaysAgo: number;
  maxOrders: number;
  /** Median units per line. */
  quantity: number;
  /** Gaps stretch by this factor per order during the last `slowingDays` before stopping (slipping customers). */
  slowing: number;
}

function planFor(archetype: Archetype, random: Random): Plan {
  const base = { gapSpread: 0.35, firstAfterDays: uniform(random, 0, 20), stopDaysAgo: 0, maxOrders: 400, slowing: 1 };
  switch (archetype) {
    case 'champion':
      return {
        ...base,
        tenureDays: uniform(random, 400, 1800),
        gapDays: uniform(random, 10, 25),
        quantity: uniform(random, 4, 9),
      };
    case 'regular':
      return {
        ...base,
        tenureDays: uniform(random, 300, 1800),
        gapDays: uniform(random, 25, 80),
        gapSpread: 0.4,
        quantity: uniform(random, 1.5, 4),
      };
    case 'new':
      return {
        ...base,
        tenureDays: uniform(random, 10, 150),
        firstAfterDays: uniform(random, 0, 10),
        gapDays: uniform(random, 15, 45),
        maxOrders: random.int(1, 3),
        quantity: uniform(random, 1, 3),
      };
    case 'one-off':
      return {
        ...base,
        tenureDays: uniform(random, 60, 1800),
        maxOrders: 1,
        gapDays: 1,
        quantity: uniform(random, 1, 3),
      };
    case 'slipping':
      return {
        ...base,
        tenureDays: uniform(random, 400, 1800),
        gapDays: uniform(random, 20, 50),
        stopDaysAgo: uniform(random, 60, 200),
        slowing: 1.35,
        quantity: uniform(random, 1.5, 4),
      };
    case 'lapsed': {
      const tenureDays = uniform(random, 400, 1800);
      return {
        ...base,
        tenureDays,
        gapDays: uniform(random, 20, 90),
        gapSpread: 0.45,
        stopDaysAgo: uniform(random, 200, Math.min(tenureDays - 120, 1200)),
        quantity: uniform(random, 1, 4),
      };
    }
    case 'prospect':
      return { ...base, tenureDays: uniform(random, 30, 1800), maxOrders: 0, gapDays: 1, quantity: 1 };
  }
}

function plannedStatus(random: Random, ageDays: number): PlannedOrder['status'] {
  if (ageDays < 14) return pickWeighted(random, ['pending', 'paid', 'shipped', 'delivered'] as const, [1, 2, 3, 3]);
  return pickWeighted(random, ['delivered', 'cancelled', 'refunded'] as const, [0.8, 0.1, 0.1]);
}

function orderDays(plan: Plan, random: Random): number[] {
  const days: number[] = [];
  const end = plan.tenureDays - plan.stopDaysAgo;
  let at = plan.firstAfterDays;
  while (at <= end && days.length < plan.maxOrders) {
    days.push(at);
    // Slipping: gaps stretch over the last 40 % of the active time.
    const stretch = at > end * 0.6 ? plan.slowing ** (days.length / 4) : 1;
    at += Math.max(1, logNormal(random, plan.gapDays * stretch, plan.gapSpread));
  }
  return days;
}

/** A customer's life, `now` being the seed's reference instant. */
export function generateLife(random: Random, now: Date, pinned?: Archetype): Life {
  const archetype =
    pinned ??
    pickWeighted(
      random,
      archetypes,
      archetypes.map((a) => archetypeWeights[a]),
    );
  const plan = planFor(archetype, random);
  const createdMs = now.getTime() - Math.round(plan.tenureDays * day) - random.int(0, day);
  const usual = [0, 1, 2].map(() => pickWeighted(random, products, productWeights));
  const orders = orderDays(plan, random).map((offset): PlannedOrder => {
    const at = Math.min(now.getTime() - random.int(0, 6 * 3600_000), createdMs + Math.round(offset * day));
    const items = Array.from({ length: random.int(1, 3) }, () => {
      const product = random.chance(0.85) ? random.pick(usual) : random.pick(products);
      const quantity = Math.max(1, Math.round(logNormal(random, plan.quantity, 0.4)));
      return { sku: product.sku, name: product.name, quantity, price: product.price };
    });
    return {
      at,
      status: plannedStatus(random, (now.getTime() - at) / day),
      settledAfterDays: random.int(0, 14),
      items,
    };
  });
  return {
    archetype,
    createdAt: new Date(createdMs),
    orders,
    contacts: contactsFor(random, now, createdMs, archetype, orders),
  };
}

/** The contact log that goes with the orders. */
function contactsFor(
  random: Random,
  now: Date,
  createdMs: number,
  archetype: Archetype,
  orders: readonly PlannedOrder[],
): PlannedContact[] {
  const contacts: PlannedContact[] = [];
  const add = (at: number, channel: Channel, direction: PlannedContact['direction'], options: readonly Template[]) => {
    if (at < createdMs || at > now.getTime()) return;
    const [subject, body] = random.pick(options);
    contacts.push({ at: Math.round(at), channel, direction, subject, body });
  };
  const days = (low: number, high: number) => uniform(random, low, high) * day;
  add(createdMs + days(0, 3), 'call', 'outbound', templates.welcome);
  for (const order of orders) {
    if (random.chance(0.3)) add(order.at - days(1, 6), 'email', 'outbound', templates.quote);
    if (random.chance(0.2)) add(order.at + days(2, 6), 'sms', 'outbound', templates.delivered);
    if (random.chance(0.12)) add(order.at + days(7, 20), 'call', 'outbound', templates.followUp);
    if (random.chance(0.08)) add(order.at + days(3, 30), 'email', 'outbound', templates.invoice);
    if (order.status === 'refunded') add(order.at + days(3, 15), 'chat', 'inbound', templates.returns);
  }
  if (archetype === 'champion' || archetype === 'regular') {
    for (let at = createdMs + days(60, 120); at < now.getTime(); at += days(90, 200)) {
      if (random.chance(0.5)) add(at, 'meeting', 'outbound', templates.review);
    }
  }
  const last = orders.at(-1)?.at;
  if ((archetype === 'slipping' || archetype === 'lapsed') && last !== undefined) {
    // A rep chasing a customer who stopped ordering: a few calls and emails, fewer as time passes.
    for (let at = last + days(30, 70), n = random.int(1, 4); n > 0; n--, at += days(30, 120)) {
      add(at, random.chance(0.5) ? 'call' : 'email', 'outbound', templates.chase);
    }
  }
  if (random.chance(0.3))
    add(createdMs + random.next() * (now.getTime() - createdMs), 'note', 'outbound', templates.note);
  return contacts.sort((a, b) => a.at - b.at);
}
