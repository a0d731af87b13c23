import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createCrm, type Crm } from '../../../src/stores/crm.js';
import '../../../src/define.js';
import type { Order } from '../../../src/api/types.js';
import type { CrmOrderList } from '../../../src/components/order-list/order-list.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import type { CrmOrderSelectEvent } from '../../../src/events/order-select-event.js';
import { fakeFetch, json, problem, type FakeHandler } from '../../helpers/fake-fetch.js';
import { newestFirst, pagedOrders, sampleOrder } from './orders.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

function crmWith(handler: FakeHandler) {
  const fake = fakeFetch(handler);
  const crm = createCrm({
    baseUrl: 'https://crm.example.test/',
    getToken: () => 'token',
    fetch: fake.fetch,
    live: false,
  });
  return { crm, requests: fake.requests };
}

async function mount(
  crm: Crm,
  id: string | undefined,
  options: { status?: string; locale?: string; dir?: string } = {},
) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm} dir=${options.dir ?? 'ltr'}>
      <crm-order-list
        customer-id=${id ?? ''}
        status=${options.status ?? ''}
        locale=${options.locale ?? ''}
      ></crm-order-list>
    </crm-provider>`,
  );
  const list = provider.querySelector('crm-order-list') as CrmOrderList;
  await list.updateComplete;
  return list;
}

const given = (orders: Order[], attributes: { locale?: string } = {}) =>
  fixture<CrmOrderList>(html`<crm-order-list .orders=${orders} locale=${attributes.locale ?? ''}></crm-order-list>`);

const root = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[part="${name}"]`);
const rows = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="order"]')];
const numbers = (el: Element) => rows(el).map((row) => row.querySelector('[part="number"]')!.textContent!.trim());
const rowText = (row: Element, name: string) =>
  row.querySelector(`[part="${name}"]`)!.textContent!.replace(/\s+/g, ' ').trim();
const scroller = (el: Element) => root(el).querySelector<HTMLElement>('.scroller')!;
const announced = () => document.querySelector('[data-crm-announcer]')?.textContent ?? '';
const selectStatus = (el: Element, value: string) => {
  const select = part(el, 'filter') as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change'));
};
const urls = (requests: { url: string }[]) => requests.map((request) => request.url);

describe('<crm-order-list>', () => {
  describe('rendering', () => {
    it('shows the orders from the API, newest first, with number, date, status, item count and total', async () => {
      const { crm, requests } = crmWith(pagedOrders(newestFirst(3)));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => rows(list).length === 3, 'the orders never appeared');
      expect(urls(requests)).to.deep.equal(['https://crm.example.test/v1/customers/c_1042/orders']);
      expect(numbers(list)).to.deep.equal(['SO-2023-0000003', 'SO-2023-0000002', 'SO-2023-0000001']);
      const [first] = rows(list);
      expect(rowText(first!, 'status')).to.equal('✓ Delivered');
      expect(rowText(first!, 'toggle')).to.equal('2 items');
      expect(rowText(first!, 'total')).to.equal('Total CN¥30.99');
      expect(first!.querySelector('time')!.getAttribute('datetime')).to.equal(sampleOrder(3).createdAt);
      expect(rowText(first!, 'date')).to.equal('Jan 1, 2023');
    });

    it('shows busy skeleton rows about as tall as the rows that replace them', async () => {
      let answer!: (response: Response) => void;
      const { crm } = crmWith(() => new Promise<Response>((resolve) => (answer = resolve)));
      const list = await mount(crm, 'c_1042');
      expect(part(list, 'base')!.getAttribute('aria-busy')).to.equal('true');
      expect(root(list).querySelector('[role="status"]')!.textContent).to.equal('Loading orders…');
      const skeleton = root(list).querySelector('.skeleton .order')!.getBoundingClientRect().height;
      await waitUntil(() => answer !== undefined);
      answer(json({ data: newestFirst(3), nextCursor: null }));
      await waitUntil(() => rows(list).length === 3);
      expect(part(list, 'base')!.getAttribute('aria-busy')).to.equal('false');
      const row = rows(list)[0]!.getBoundingClientRect().height;
      expect(Math.abs(row - skeleton) / row).to.be.lessThan(0.25);
    });

    it('says when there are no orders, and when none has the chosen status', async () => {
      const { crm } = crmWith(pagedOrders([]));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'message'), 'no empty state');
      expect(part(list, 'message')!.textContent).to.equal('No orders yet');
      list.status = 'paid';
      await waitUntil(() => part(list, 'message')?.textContent === 'No paid orders', 'no empty state for the filter');
      expect(part(list, 'load-more')).to.equal(null);
    });

    it('says so when no customer id is given, or a malformed one, without a request', async () => {
      const { crm, requests } = crmWith(pagedOrders(newestFirst(3)));
      const missing = await mount(crm, undefined);
      expect(part(missing, 'message')!.textContent).to.equal('No customer id was given.');
      const malformed = await mount(crm, '../admin?x=1');
      expect(part(malformed, 'message')!.textContent).to.contain('is not a valid customer id');
      expect(requests).to.have.length(0);
    });

    it('gives every status a shape and a label, not only a colour', async () => {
      const list = await given(newestFirst(6));
      await waitUntil(() => rows(list).length === 6);
      const badges = rows(list).map((row) => row.querySelector('[part="status"]')!);
      const icons = badges.map((badge) => badge.querySelector('.icon')!.textContent);
      expect(new Set(icons).size).to.equal(6);
      expect(badges.every((badge) => badge.querySelector('.icon')!.getAttribute('aria-hidden') === 'true')).to.equal(
        true,
      );
      expect(badges.map((badge) => badge.textContent!.replace(/\s+/g, ' ').trim().slice(2))).to.deep.equal([
        'Pending',
        'Refunded',
        'Cancelled',
        'Delivered',
        'Shipped',
        'Paid',
      ]);
      const borders = badges.map(
        (badge) => `${getComputedStyle(badge).borderTopStyle} ${getComputedStyle(badge).backgroundColor}`,
      );
      expect(new Set(borders).size).to.equal(6);
    });

    it('speaks Simplified Chinese for zh-CN and switches language at once', async () => {
      const list = await given(newestFirst(2), { locale: 'zh-CN' });
      await waitUntil(() => rows(list).length === 2);
      expect(part(list, 'filter-label')!.textContent).to.equal('状态');
      expect(rowText(rows(list)[0]!, 'status')).to.equal('◆ 已发货');
      expect(rowText(rows(list)[0]!, 'toggle')).to.equal('2 件商品');
      expect(rowText(rows(list)[0]!, 'date')).to.equal('2023年1月1日');
      expect([...root(list).querySelectorAll('option')].map((option) => option.textContent)).to.deep.equal([
        '全部',
        '待付款',
        '已付款',
        '已发货',
        '已送达',
        '已取消',
        '已退款',
      ]);
      list.locale = 'en';
      await list.updateComplete;
      expect(rowText(rows(list)[0]!, 'status')).to.equal('◆ Shipped');
      expect(part(list, 'filter-label')!.textContent).to.equal('Status');
    });

    it('lays out right to left under dir="rtl"', async () => {
      const page = await fixture(
        html`<div dir="rtl"><crm-order-list .orders=${newestFirst(2)}></crm-order-list></div>`,
      );
      const list = page.querySelector('crm-order-list')!;
      await waitUntil(() => rows(list).length === 2);
      const row = rows(list)[0]!;
      const number = row.querySelector('[part="number"]')!.getBoundingClientRect();
      const total = row.querySelector('[part="total"]')!.getBoundingClientRect();
      const box = row.getBoundingClientRect();
      expect(number.right).to.be.closeTo(box.right - parseFloat(getComputedStyle(row).paddingRight), 2);
      expect(total.left).to.be.lessThan(number.left);
      expect(box.left).to.be.at.least(list.getBoundingClientRect().left);
      expect(box.right).to.be.at.most(list.getBoundingClientRect().right);
    });
  });

  describe('properties', () => {
    it('renders orders given as data, newest first, without any request', async () => {
      const { crm, requests } = crmWith(pagedOrders(newestFirst(3)));
      const shuffled = [sampleOrder(2), sampleOrder(5), sampleOrder(1)];
      const provider = await fixture(
        html`<crm-provider .crm=${crm}
          ><crm-order-list customer-id="c_1042" .orders=${shuffled}></crm-order-list
        ></crm-provider>`,
      );
      const list = provider.querySelector('crm-order-list')!;
      await waitUntil(() => rows(list).length === 3);
      expect(numbers(list)).to.deep.equal(['SO-2023-0000005', 'SO-2023-0000002', 'SO-2023-0000001']);
      expect(requests).to.have.length(0);
      expect(part(list, 'load-more')).to.equal(null);
      selectStatus(list, 'paid');
      await waitUntil(() => rows(list).length === 1);
      expect(numbers(list)).to.deep.equal(['SO-2023-0000001']);
      expect(requests).to.have.length(0);
    });

    it('asks the API for the status from the attribute, and for the one chosen in the filter', async () => {
      const { crm, requests } = crmWith(pagedOrders(newestFirst(12)));
      const list = await mount(crm, 'c_1042', { status: 'paid' });
      await waitUntil(() => rows(list).length === 2, 'the paid orders never appeared');
      expect(urls(requests)).to.deep.equal(['https://crm.example.test/v1/customers/c_1042/orders?status=paid']);
      expect((part(list, 'filter') as HTMLSelectElement).value).to.equal('paid');
      selectStatus(list, 'shipped');
      expect(list.status).to.equal('shipped');
      await waitUntil(() => requests.length === 2 && rows(list).length === 2);
      expect(requests[1]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/orders?status=shipped');
      expect(rows(list).every((row) => rowText(row, 'status').endsWith('Shipped'))).to.equal(true);
      selectStatus(list, '');
      expect(list.status).to.equal(undefined);
      await waitUntil(() => requests.length === 3);
      expect(requests[2]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/orders');
    });

    it('treats an unknown status as all orders and warns in development', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args);
      try {
        const { crm, requests } = crmWith(pagedOrders(newestFirst(3)));
        const list = await mount(crm, 'c_1042', { status: 'lost' });
        await waitUntil(() => rows(list).length === 3);
        expect(urls(requests)).to.deep.equal(['https://crm.example.test/v1/customers/c_1042/orders']);
        expect((part(list, 'filter') as HTMLSelectElement).value).to.equal('');
        expect(String(warnings[0]?.[0])).to.contain('status "lost"');
      } finally {
        console.warn = warn;
      }
    });

    it('loads the next page with the load-more button and announces it, hiding the button at the end', async () => {
      const pages = pagedOrders(newestFirst(30));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { crm, requests } = crmWith(async (request) =>
        request.url.includes('cursor=') ? held.then(() => pages(request)) : pages(request),
      );
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'load-more'), 'no load-more button');
      await waitUntil(() => announced() === '20 orders loaded', 'the first page was not announced');
      expect(rows(list)[0]!.getAttribute('aria-setsize')).to.equal('-1');
      expect(requests).to.have.length(1);
      part(list, 'load-more')!.click();
      await waitUntil(() => part(list, 'loading-more'), 'no loading-more indicator');
      expect(part(list, 'loading-more')!.textContent).to.equal('Loading more orders…');
      release();
      await waitUntil(
        () => !part(list, 'load-more') && !part(list, 'loading-more'),
        'the button stayed after the last page',
      );
      expect(requests[1]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/orders?cursor=20');
      await waitUntil(() => announced() === 'Loaded 10 more orders', 'the next page was not announced');
      expect(rows(list)[0]!.getAttribute('aria-setsize')).to.equal('30');
      expect(rows(list)[0]!.getAttribute('aria-posinset')).to.equal('1');
    });

    it('loads the next page by itself as the user scrolls near the end', async () => {
      const { crm, requests } = crmWith(pagedOrders(newestFirst(60)));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => rows(list).length > 0 && part(list, 'load-more'));
      expect(requests).to.have.length(1);
      const box = scroller(list);
      // Row heights are estimated until measured, so the end moves as rows render: keep scrolling.
      await waitUntil(() => {
        box.scrollTop = box.scrollHeight;
        return requests.length >= 2;
      }, 'scrolling to the end loaded nothing');
      expect(requests[1]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/orders?cursor=20');
    });

    it('shows an error while loading more inline, keeps the loaded rows, and retries', async () => {
      let failMore = true;
      const pages = pagedOrders(newestFirst(30));
      const { crm, requests } = crmWith((request) =>
        failMore && request.url.includes('cursor=') ? problem(400, 'Bad cursor') : pages(request),
      );
      const errors: CrmErrorEvent[] = [];
      const list = await mount(crm, 'c_1042');
      list.addEventListener('crm-error', (event) => errors.push(event));
      await waitUntil(() => part(list, 'load-more'));
      part(list, 'load-more')!.click();
      await waitUntil(() => part(list, 'retry'), 'no inline retry');
      expect(errors).to.have.length(1);
      expect(part(list, 'error')!.getAttribute('role')).to.equal('alert');
      expect(rows(list).length).to.be.greaterThan(0);
      expect(part(list, 'load-more')).to.equal(null);
      failMore = false;
      part(list, 'retry')!.click();
      await waitUntil(
        () => !part(list, 'error') && !part(list, 'load-more') && requests.length === 3,
        'retry did not load the next page',
      );
      expect(requests[2]!.url).to.contain('cursor=20');
    });

    it('keeps 10,000 orders to a few rows in the page and renders later rows on scrolling', async () => {
      const many = newestFirst(10_000);
      const list = await given(many);
      await waitUntil(() => rows(list).length > 0);
      expect(rows(list).length).to.be.lessThan(200);
      expect(root(list).querySelectorAll('*').length).to.be.lessThan(2000);
      expect(rows(list)[0]!.getAttribute('aria-setsize')).to.equal('10000');
      const box = scroller(list);
      expect(box.getBoundingClientRect().height).to.be.lessThan(800);
      // Row heights are estimated until measured, so the end moves a little as it renders: keep scrolling.
      await waitUntil(
        () => {
          box.scrollTop = box.scrollHeight;
          return numbers(list).includes('SO-2023-0000001');
        },
        'the last order never rendered',
        { timeout: 5000 },
      );
      expect(rows(list).length).to.be.lessThan(200);
      expect(Number(rows(list).at(-1)!.getAttribute('aria-posinset'))).to.equal(10_000);
    });
  });

  describe('events', () => {
    it('expands an order to show its items and toggles aria-expanded', async () => {
      const list = await given(newestFirst(3));
      await waitUntil(() => rows(list).length === 3);
      const toggle = () => rows(list)[0]!.querySelector<HTMLButtonElement>('[part="toggle"]')!;
      expect(toggle().getAttribute('aria-expanded')).to.equal('false');
      const items = root(list).getElementById(toggle().getAttribute('aria-controls')!)!;
      expect(items.hidden).to.equal(true);
      const before = rows(list)[1]!.getBoundingClientRect().top;
      toggle().click();
      await list.updateComplete;
      expect(toggle().getAttribute('aria-expanded')).to.equal('true');
      const shown = rows(list)[0]!.querySelector('[part="items"]') as HTMLElement;
      expect(shown.hidden).to.equal(false);
      expect(
        [...shown.querySelectorAll('[part="item"]')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim()),
      ).to.deep.equal(['Widget 3 SKU SKU-3-A 2 × CN¥12.50', 'Gadget 3 SKU SKU-3-B 1 × CN¥0.99']);
      // The virtualizer measures the taller row and moves the next one down.
      await waitUntil(
        () => rows(list)[1]!.getBoundingClientRect().top > before + 10,
        'the next row overlaps the expanded one',
      );
      toggle().click();
      await list.updateComplete;
      expect(toggle().getAttribute('aria-expanded')).to.equal('false');
      expect((rows(list)[0]!.querySelector('[part="items"]') as HTMLElement).hidden).to.equal(true);
    });

    it('fires crm-order-select with the order when its number is activated', async () => {
      const { crm } = crmWith(pagedOrders(newestFirst(3)));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => rows(list).length === 3);
      const seen: CrmOrderSelectEvent[] = [];
      document.addEventListener('crm-order-select', (event) => seen.push(event), { once: true });
      const button = rows(list)[1]!.querySelector<HTMLButtonElement>('[part="number"]')!;
      expect(button.localName).to.equal('button');
      button.click();
      expect(seen).to.have.length(1);
      expect(seen[0]!.order).to.deep.equal(sampleOrder(2));
      expect(seen[0]!.customerId).to.equal('c_1042');
      expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    });

    it('fires crm-error and offers a retry that loads again', async () => {
      let fail = true;
      const pages = pagedOrders(newestFirst(3));
      const { crm, requests } = crmWith((request) => (fail ? problem(404, 'Not found') : pages(request)));
      const errors: CrmErrorEvent[] = [];
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
          <crm-order-list customer-id="c_1042"></crm-order-list>
        </crm-provider>`,
      );
      const list = provider.querySelector('crm-order-list')!;
      await waitUntil(() => errors.length === 1, 'crm-error never fired');
      expect(errors[0]!.error.status).to.equal(404);
      await waitUntil(() => part(list, 'retry'));
      fail = false;
      part(list, 'retry')!.click();
      await waitUntil(() => rows(list).length === 3, 'retry did not load the orders');
      expect(requests).to.have.length(2);
    });

    it('fires crm-auth-expired when even a fresh token is refused', async () => {
      const { crm } = crmWith(() => problem(401, 'Unauthorized'));
      const expired: Event[] = [];
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-auth-expired=${(event: Event) => expired.push(event)}>
          <crm-order-list customer-id="c_1042"></crm-order-list>
        </crm-provider>`,
      );
      await waitUntil(() => expired.length === 1, 'crm-auth-expired never fired');
      expect(part(provider.querySelector('crm-order-list')!, 'error')!.textContent).to.contain('sign');
    });
  });

  describe('accessibility', () => {
    async function accessibleInBothThemes(list: CrmOrderList) {
      await expect(list).to.be.accessible();
      await expectEqualAccess(list);
      list.theme = 'dark';
      await list.updateComplete;
      await expect(list).to.be.accessible();
      await expectEqualAccess(list);
    }

    it('passes axe and Equal Access while loading, light and dark', async () => {
      const { crm } = crmWith(() => new Promise<Response>(() => undefined));
      const list = await mount(crm, 'c_1042');
      await accessibleInBothThemes(list);
    });

    it('passes axe and Equal Access when loaded with more to load and an order expanded, light and dark', async () => {
      const { crm } = crmWith(pagedOrders(newestFirst(30)));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => rows(list).length > 0 && part(list, 'load-more'));
      rows(list)[0]!.querySelector<HTMLButtonElement>('[part="toggle"]')!.click();
      await list.updateComplete;
      await accessibleInBothThemes(list);
    });

    it('passes axe and Equal Access for every status, light and dark', async () => {
      const list = await given(newestFirst(6));
      await waitUntil(() => rows(list).length === 6);
      await accessibleInBothThemes(list);
    });

    it('passes axe and Equal Access when empty, light and dark', async () => {
      const { crm } = crmWith(pagedOrders([]));
      const list = await mount(crm, 'c_1042', { status: 'refunded' });
      await waitUntil(() => part(list, 'message'));
      await accessibleInBothThemes(list);
    });

    it('passes axe and Equal Access in the error state, light and dark', async () => {
      const { crm } = crmWith(() => problem(404, 'Not found'));
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'retry'));
      await accessibleInBothThemes(list);
    });

    it('passes axe and Equal Access with a failed next page, light and dark', async () => {
      const pages = pagedOrders(newestFirst(30));
      const { crm } = crmWith((request) =>
        request.url.includes('cursor=') ? problem(400, 'Bad cursor') : pages(request),
      );
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'load-more'));
      part(list, 'load-more')!.click();
      await waitUntil(() => part(list, 'retry'));
      await accessibleInBothThemes(list);
    });

    it('moves focus from the load-more button to the first new order when the last page arrives', async () => {
      const pages = pagedOrders(newestFirst(30));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { crm } = crmWith(async (request) =>
        request.url.includes('cursor=') ? held.then(() => pages(request)) : pages(request),
      );
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'load-more'), 'no load-more button');
      // Where a keyboard user is when they reach the button: at the end of the list.
      const box = scroller(list);
      await waitUntil(() => {
        box.scrollTop = box.scrollHeight;
        return numbers(list).includes('SO-2023-0000011');
      }, 'the last loaded order never rendered');
      const button = part(list, 'load-more')!;
      button.focus();
      button.click();
      await waitUntil(() => part(list, 'loading-more'), 'no loading-more indicator');
      expect(root(list).activeElement?.getAttribute('part')).to.equal('load-more');
      release();
      await waitUntil(() => !part(list, 'load-more'), 'the button stayed after the last page');
      // Focus never drops to the page: it rests on the list until the first new row is rendered.
      expect(document.activeElement?.localName).to.equal('crm-order-list');
      await waitUntil(
        () => root(list).activeElement?.closest('[part="order"]')?.getAttribute('aria-posinset') === '21',
        'focus did not reach the first new order',
      );
      expect(root(list).activeElement!.getAttribute('part')).to.equal('number');
      expect(root(list).activeElement!.textContent).to.equal('SO-2023-0000010');
      await expect(list).to.be.accessible();
      await expectEqualAccess(list);
    });

    it('moves focus from the load-more button to the retry button when the next page fails', async () => {
      const pages = pagedOrders(newestFirst(30));
      const { crm } = crmWith((request) =>
        request.url.includes('cursor=') ? problem(400, 'Bad cursor') : pages(request),
      );
      const list = await mount(crm, 'c_1042');
      await waitUntil(() => part(list, 'load-more'), 'no load-more button');
      part(list, 'load-more')!.focus();
      part(list, 'load-more')!.click();
      await waitUntil(() => part(list, 'retry'), 'no inline retry');
      expect(document.activeElement?.localName).to.equal('crm-order-list');
      expect(root(list).activeElement?.getAttribute('part')).to.equal('retry');
    });

    it('passes axe and Equal Access with a missing customer id, light and dark', async () => {
      const { crm } = crmWith(pagedOrders([]));
      const list = await mount(crm, undefined);
      await accessibleInBothThemes(list);
    });
  });
});
