// Shared sample insights and helpers for the <crm-customer-insights> tests.
import { atom } from 'nanostores';
import type { CustomerInsights } from '../../../src/api/types.js';
import { createCrm, type CrmOptions } from '../../../src/stores/crm.js';
import { fakeFetch, type FakeHandler } from '../../helpers/fake-fetch.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** Every section filled: an at-risk customer with a forecast and a high churn risk. */
export const sampleInsights: CustomerInsights = {
  customerId: 'c_1042',
  segment: {
    key: 'at-risk',
    label: { en: 'At risk', 'zh-CN': '流失预警' },
    size: 312,
    recencyDays: 142,
    frequency: 2,
    monetary: cny(508075),
  },
  nextOrder: {
    status: 'forecast',
    expectedDate: '2099-12-10',
    dateInterval: { from: '2099-12-03', to: '2099-12-17' },
    amount: cny(29900),
    amountInterval: { low: cny(19900), high: cny(39900) },
    basedOnOrders: 12,
  },
  churnRisk: {
    probability: 0.734,
    level: 'high',
    reasons: [
      { feature: 'recencyDays', op: 'gt', threshold: 90.5, value: 142 },
      { feature: 'frequency', op: 'lte', threshold: 2.5, value: 2 },
      { feature: 'monetary', op: 'lte', threshold: 600000.5, value: 508075 },
    ],
  },
  computedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
};

/** A customer with no orders: no segment, no forecast, and a tenant too small for a churn tree. */
export const emptyInsights: CustomerInsights = {
  customerId: 'c_7',
  segment: null,
  nextOrder: { status: 'insufficient-history', basedOnOrders: 0 },
  churnRisk: null,
  computedAt: sampleInsights.computedAt,
};

/** An SDK instance over a fake fetch; live updates off unless asked for. */
export function crmWith(handler: FakeHandler, options: Partial<CrmOptions> = {}) {
  const fake = fakeFetch(handler);
  const crm = createCrm({
    baseUrl: 'https://crm.example.test/',
    getToken: () => 'token',
    fetch: fake.fetch,
    live: false,
    signals: { $visible: atom(true), $online: atom(true) },
    ...options,
  });
  return { crm, requests: fake.requests };
}

/** A server-sent event stream the test writes to. */
export function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (start) => void (controller = start) });
  let id = 0;
  return {
    response: () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send(event: string, data: object) {
      id += 1;
      controller.enqueue(new TextEncoder().encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    },
  };
}

export const part = (element: Element, name: string) =>
  element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
export const parts = (element: Element, name: string) => [
  ...element.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
export const text = (element: Element, name: string) => part(element, name)?.textContent?.replace(/\s+/g, ' ').trim();
