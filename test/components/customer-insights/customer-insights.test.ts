import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ChurnReason, CustomerInsights } from '../../../src/api/types.js';
import type { Crm } from '../../../src/stores/crm.js';
import '../../../src/define.js';
import '../../../src/components/customer-insights/crm-customer-insights.js';
import type { CrmCustomerInsights } from '../../../src/components/customer-insights/customer-insights.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import { announcerRegion } from '../../../src/core/announcer.js';
import { json, problem } from '../../helpers/fake-fetch.js';
import { crmWith, emptyInsights, eventStream, part, parts, sampleInsights, text } from './insights.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

async function mount(crm: Crm, id: string | undefined, attributes: { locale?: string; compact?: boolean } = {}) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-customer-insights
        customer-id=${id ?? ''}
        locale=${attributes.locale ?? ''}
        ?compact=${attributes.compact}
      ></crm-customer-insights
    ></crm-provider>`,
  );
  const element = provider.querySelector('crm-customer-insights') as CrmCustomerInsights;
  await element.updateComplete;
  return element;
}

const given = (insights: CustomerInsights, locale = 'en', compact = false) =>
  fixture<CrmCustomerInsights>(
    html`<crm-customer-insights .insights=${insights} locale=${locale} ?compact=${compact}></crm-customer-insights>`,
  );

/** What Intl makes of a calendar day and a range of days in `locale` (engines differ in spaces and dashes). */
const day = (month: number, date: number, locale = 'en', year = 2099) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(year, month - 1, date));
const days = (locale = 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).formatRange(new Date(2099, 11, 3), new Date(2099, 11, 17));
const cny = (amount: number, locale = 'en') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(amount);
const reasons = (element: Element) => parts(element, 'reason').map((reason) => reason.textContent);
const loaded = (element: Element) =>
  waitUntil(() => part(element, 'segment') || part(element, 'empty'), 'the insights never showed');

describe('<crm-customer-insights>', () => {
  describe('rendering', () => {
    it('loads the customer’s insights and shows segment, figures, forecast and churn risk', async () => {
      const { crm, requests } = crmWith(() => json(sampleInsights));
      const element = await mount(crm, 'c_1042');
      await loaded(element);
      expect(requests.map((request) => request.url)).to.deep.equal([
        'https://crm.example.test/v1/customers/c_1042/insights',
      ]);
      expect(text(element, 'title')).to.equal('Customer insights');
      expect(text(element, 'segment')).to.equal('▼At risk');
      expect(text(element, 'segment-size')).to.equal('1 of 312 customers in this segment');
      expect(text(element, 'segment-meaning')).to.equal('At least 3 orders so far, but none in the last 90 days.');
      const facts = parts(element, 'facts')[0]!;
      expect([...facts.querySelectorAll('dd')].map((dd) => dd.textContent)).to.deep.equal([
        '142 days ago',
        '2',
        cny(5080.75),
      ]);
      const forecast = [...part(element, 'forecast')!.querySelectorAll('dd')].map((dd) => dd.textContent);
      expect(forecast).to.deep.equal([`${day(12, 10)}likely ${days()}`, `${cny(299)}likely ${cny(199)} – ${cny(399)}`]);
      expect(part(element, 'forecast')!.querySelector('time')!.getAttribute('datetime')).to.equal('2099-12-10');
      expect(text(element, 'based-on')).to.equal('Based on 12 orders');
      expect(text(element, 'churn-level')).to.equal('High');
      expect(text(element, 'probability')).to.equal('73% likely to stop ordering');
      expect(reasons(element)).to.deep.equal([
        'No order for 142 days (more than 90)',
        '2 orders in the last year (2 or fewer)',
        `${cny(5080.75)} spent (${cny(6000)} or less)`,
      ]);
      expect(text(element, 'updated')).to.equal('Updated 3 hours ago');
      expect(part(element, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('shows the churn level as a meter with bars, a word and a percentage, not colour alone', async () => {
      const element = await given(sampleInsights);
      const meter = part(element, 'churn')!;
      expect(meter.getAttribute('role')).to.equal('meter');
      expect(meter.getAttribute('aria-label')).to.equal('Churn risk');
      expect([
        meter.getAttribute('aria-valuemin'),
        meter.getAttribute('aria-valuemax'),
        meter.getAttribute('aria-valuenow'),
      ]).to.deep.equal(['0', '100', '73']);
      expect(meter.getAttribute('aria-valuetext')).to.equal('High churn risk, 73% likely to stop ordering');
      const filled = (level: string) => {
        meter.className = `level-${level}`;
        return [...meter.querySelectorAll('i')].map(
          (bar) => getComputedStyle(bar).backgroundColor !== getComputedStyle(meter).backgroundColor,
        );
      };
      expect(filled('low')).to.deep.equal([true, false, false]);
      expect(filled('medium')).to.deep.equal([true, true, false]);
      expect(filled('high')).to.deep.equal([true, true, true]);
    });

    it('gives every segment its own shape beside its name, and never shows the API’s label', async () => {
      const shapes = new Set<string>();
      for (const [key, name] of [
        ['champions', 'Champions'],
        ['loyal', 'Loyal'],
        ['promising', 'Promising'],
        ['new', 'New'],
        ['at-risk', 'At risk'],
        ['hibernating', 'Hibernating'],
        ['other', 'No clear segment'],
      ] as const) {
        const element = await given({
          ...sampleInsights,
          segment: { ...sampleInsights.segment!, key, label: { en: 'FROM THE API', 'zh-CN': '接口标签' } },
        });
        const badge = part(element, 'segment')!;
        const icon = badge.querySelector('[aria-hidden="true"]')!;
        shapes.add(icon.textContent!);
        expect(badge.textContent).to.equal(`${icon.textContent}${name}`);
        expect(element.shadowRoot!.textContent).not.to.contain('FROM THE API');
      }
      expect(shapes.size).to.equal(7);
    });

    it('says there is not enough order history instead of a forecast', async () => {
      const element = await given({
        ...sampleInsights,
        nextOrder: { status: 'insufficient-history', basedOnOrders: 2 },
      });
      expect(part(element, 'forecast')).to.equal(null);
      expect(parts(element, 'empty').map((empty) => empty.textContent)).to.deep.equal([
        'Not enough order history yet (2 orders; 3 needed)',
      ]);
      const single = await given({
        ...sampleInsights,
        nextOrder: { status: 'insufficient-history', basedOnOrders: 1 },
      });
      expect(text(single, 'empty')).to.equal('Not enough order history yet (1 order; 3 needed)');
    });

    it('says "No orders yet" without a segment, and that churn cannot be estimated without a tree', async () => {
      const element = await given(emptyInsights);
      expect(part(element, 'segment')).to.equal(null);
      expect(part(element, 'churn')).to.equal(null);
      expect(parts(element, 'empty').map((empty) => empty.textContent)).to.deep.equal([
        'No orders yet',
        'Not enough order history yet (0 orders; 3 needed)',
        'Not enough customers to estimate churn',
      ]);
    });

    it('shows a busy skeleton that keeps its height while loading, and announces it', async () => {
      let answer!: (response: Response) => void;
      const { crm } = crmWith(() => new Promise<Response>((resolve) => (answer = resolve)));
      const element = await mount(crm, 'c_1042');
      const base = part(element, 'base')!;
      expect(base.getAttribute('aria-busy')).to.equal('true');
      expect(element.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Loading insights…');
      expect(element.shadowRoot!.querySelectorAll('.skeleton-line')).to.have.length(2);
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      expect(base.getBoundingClientRect().height).to.be.at.least(12 * rem - 1);
      await waitUntil(() => answer !== undefined);
      answer(json(sampleInsights));
      await loaded(element);
      expect(part(element, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('says so when no customer id is given, or it is malformed, without a request', async () => {
      const { crm, requests } = crmWith(() => json(sampleInsights));
      expect(text(await mount(crm, undefined), 'message')).to.equal('No customer id was given.');
      expect(text(await mount(crm, '../admin?x=1'), 'message')).to.contain('is not a valid customer id');
      expect(requests).to.have.length(0);
    });

    it('says the page is not configured when there is no instance', async () => {
      const element = await fixture<CrmCustomerInsights>(
        html`<crm-customer-insights customer-id="c_1042"></crm-customer-insights>`,
      );
      await waitUntil(() => text(element, 'message'), 'no notice', { timeout: 3000 });
      expect(text(element, 'message')).to.contain('not configured');
    });

    it('marks an expected day that has passed as overdue, in full and compact', async () => {
      const past = {
        ...sampleInsights,
        nextOrder: { ...sampleInsights.nextOrder, expectedDate: '2020-01-02' } as CustomerInsights['nextOrder'],
      };
      expect(text(await given(sampleInsights), 'overdue')).to.equal(undefined);
      expect(part(await given(past), 'forecast')!.querySelector('dd')!.textContent).to.equal(
        `${day(1, 2, 'en', 2020)} Overduelikely ${days()}`,
      );
      expect(text(await given(past, 'en', true), 'next-order')).to.equal(
        `Next order around ${day(1, 2, 'en', 2020)} Overdue`,
      );
      expect(text(await given(past, 'zh-CN'), 'overdue')).to.equal('已逾期');
    });

    it('shows the day the server gives in every time zone, and an unparsable one as given', async () => {
      const element = await given({
        ...sampleInsights,
        nextOrder: {
          ...sampleInsights.nextOrder,
          expectedDate: 'soon',
          dateInterval: { from: 'soon', to: 'later' },
        } as CustomerInsights['nextOrder'],
      });
      expect(part(element, 'forecast')!.querySelector('dd')!.textContent).to.equal('soonlikely soon – later');
    });
  });

  describe('reasons', () => {
    // Each feature both ways: `gt` with 3 against 2.5, `lte` with 1 against 1.5 (thresholds read as whole numbers).
    const features: ChurnReason['feature'][] = [
      'recencyDays',
      'frequency',
      'tenureDays',
      'refunds',
      'cancellations',
      'contactsCall',
      'contactsEmail',
      'contactsMeeting',
      'contactsChat',
      'contactsSms',
      'contactsNote',
    ];
    const withReasons = (churnReasons: ChurnReason[], base: CustomerInsights = sampleInsights): CustomerInsights => ({
      ...base,
      churnRisk: { probability: 0.5, level: 'medium', reasons: churnReasons },
    });
    const both = features.flatMap((feature): ChurnReason[] => [
      { feature, op: 'gt', threshold: 2.5, value: 3 },
      { feature, op: 'lte', threshold: 1.5, value: 1 },
    ]);

    it('reads each feature and test as an English sentence', async () => {
      const element = await given(withReasons(both));
      expect(reasons(element)).to.deep.equal([
        'No order for 3 days (more than 2)',
        'Last order 1 day ago (1 or fewer)',
        '3 orders in the last year (more than 2)',
        '1 order in the last year (1 or fewer)',
        'Customer for 3 days (more than 2)',
        'Customer for 1 day (1 or fewer)',
        '3 refunded orders (more than 2)',
        '1 refunded order (1 or fewer)',
        '3 cancelled orders (more than 2)',
        '1 cancelled order (1 or fewer)',
        '3 calls (more than 2)',
        '1 call (1 or fewer)',
        '3 emails (more than 2)',
        '1 email (1 or fewer)',
        '3 meetings (more than 2)',
        '1 meeting (1 or fewer)',
        '3 chats (more than 2)',
        '1 chat (1 or fewer)',
        '3 text messages (more than 2)',
        '1 text message (1 or fewer)',
        '3 notes (more than 2)',
        '1 note (1 or fewer)',
      ]);
    });

    it('reads each feature and test as a Chinese sentence', async () => {
      const element = await given(withReasons(both), 'zh-CN');
      expect(reasons(element)).to.deep.equal([
        '已 3 天未下单（超过 2 天）',
        '最近一次下单在 1 天前（不超过 1 天）',
        '近一年下单 3 次（超过 2 次）',
        '近一年下单 1 次（不超过 1 次）',
        '成为客户 3 天（超过 2 天）',
        '成为客户 1 天（不超过 1 天）',
        '退款订单 3 个（超过 2 个）',
        '退款订单 1 个（不超过 1 个）',
        '取消订单 3 个（超过 2 个）',
        '取消订单 1 个（不超过 1 个）',
        '电话联系 3 次（超过 2 次）',
        '电话联系 1 次（不超过 1 次）',
        '邮件联系 3 次（超过 2 次）',
        '邮件联系 1 次（不超过 1 次）',
        '会议 3 次（超过 2 次）',
        '会议 1 次（不超过 1 次）',
        '在线聊天 3 次（超过 2 次）',
        '在线聊天 1 次（不超过 1 次）',
        '短信 3 条（超过 2 条）',
        '短信 1 条（不超过 1 条）',
        '备注 3 条（超过 2 条）',
        '备注 1 条（不超过 1 条）',
      ]);
    });

    const money: ChurnReason[] = [
      { feature: 'monetary', op: 'gt', threshold: 100000.5, value: 508075 },
      { feature: 'monetary', op: 'lte', threshold: 600000.5, value: 508075 },
    ];

    it('shows money in the segment’s currency, in minor units, each way and as a range, in both languages', async () => {
      expect(reasons(await given(withReasons([money[0]!])))).to.deep.equal([
        `${cny(5080.75)} spent (more than ${cny(1000)})`,
      ]);
      expect(reasons(await given(withReasons([money[1]!])))).to.deep.equal([
        `${cny(5080.75)} spent (${cny(6000)} or less)`,
      ]);
      expect(reasons(await given(withReasons(money)))).to.deep.equal([`${cny(1000)}–${cny(6000)} spent`]);
      expect(reasons(await given(withReasons([money[0]!]), 'zh-CN'))).to.deep.equal([
        `消费 ${cny(5080.75, 'zh-CN')}（超过 ${cny(1000, 'zh-CN')}）`,
      ]);
      expect(reasons(await given(withReasons(money), 'zh-CN'))).to.deep.equal([
        `消费 ${cny(1000, 'zh-CN')}–${cny(6000, 'zh-CN')}`,
      ]);
    });

    // A tree's path tests a feature both ways: 'frequency > 2.5' then 'frequency <= 6.5'.
    const path: ChurnReason[] = [
      { feature: 'frequency', op: 'gt', threshold: 2.5, value: 5 },
      { feature: 'tenureDays', op: 'gt', threshold: 288.5, value: 875 },
      { feature: 'recencyDays', op: 'lte', threshold: 40.5, value: 20 },
      { feature: 'frequency', op: 'lte', threshold: 6.5, value: 5 },
      { feature: 'tenureDays', op: 'lte', threshold: 1114, value: 875 },
      { feature: 'tenureDays', op: 'gt', threshold: 100.5, value: 875 },
    ];

    it('gives one reason per feature: two tests on it merge into the range they allow, where the first stood', async () => {
      expect(reasons(await given(withReasons(path)))).to.deep.equal([
        '3–6 orders in the last year',
        'Customer for 289–1,114 days',
        'Last order 20 days ago (40 or fewer)',
      ]);
      expect(reasons(await given(withReasons(path), 'zh-CN'))).to.deep.equal([
        '近一年下单 3–6 次',
        '成为客户 289–1,114 天',
        '最近一次下单在 20 天前（不超过 40 天）',
      ]);
    });

    it('says a range that leaves one value as that value, and keeps tests that leave none apart', async () => {
      const one: ChurnReason[] = [
        { feature: 'frequency', op: 'gt', threshold: 0.5, value: 1 },
        { feature: 'frequency', op: 'lte', threshold: 1.5, value: 1 },
        { feature: 'refunds', op: 'gt', threshold: 1.5, value: 2 },
        { feature: 'refunds', op: 'lte', threshold: 2, value: 2 },
      ];
      expect(reasons(await given(withReasons(one)))).to.deep.equal(['1 order in the last year', '2 refunded orders']);
      const none: ChurnReason[] = [
        { feature: 'contactsCall', op: 'gt', threshold: 2.2, value: 2.5 },
        { feature: 'contactsCall', op: 'lte', threshold: 2.8, value: 2.5 },
      ];
      expect(reasons(await given(withReasons(none)))).to.have.length(2);
    });

    it('takes the forecast’s currency without a segment, and shows a plain number without either', async () => {
      const forecastOnly = { ...sampleInsights, segment: null };
      expect(reasons(await given(withReasons(money.slice(0, 1), forecastOnly)))).to.deep.equal([
        `${cny(5080.75)} spent (more than ${cny(1000)})`,
      ]);
      expect(reasons(await given(withReasons(money.slice(0, 1), emptyInsights)))).to.deep.equal([
        '508,075 spent (more than 100,000)',
      ]);
    });

    it('shows a feature it does not know by its name and value', async () => {
      const element = await given(
        withReasons([{ feature: 'loyaltyPoints' as ChurnReason['feature'], op: 'gt', threshold: 10.5, value: 12 }]),
      );
      expect(reasons(element)).to.deep.equal(['loyaltyPoints: 12 (more than 10)']);
    });

    it('leaves the list out when the path has no tests', async () => {
      const element = await given(withReasons([]));
      expect(part(element, 'reasons')).to.equal(null);
      expect(text(element, 'churn-level')).to.equal('Medium');
    });
  });

  describe('locales', () => {
    it('speaks Simplified Chinese for zh-CN', async () => {
      const element = await given(sampleInsights, 'zh-CN');
      expect(text(element, 'title')).to.equal('客户洞察');
      expect(text(element, 'segment')).to.equal('▼流失预警');
      expect(text(element, 'segment-size')).to.equal('该分群共 312 位客户');
      expect(text(element, 'segment-meaning')).to.equal('累计下单至少 3 次，但近 90 天没有下单。');
      expect([...part(element, 'facts')!.querySelectorAll('dd')].map((dd) => dd.textContent)).to.deep.equal([
        '142 天前',
        '2',
        cny(5080.75, 'zh-CN'),
      ]);
      expect(part(element, 'forecast')!.querySelector('dd')!.textContent).to.equal(
        `${day(12, 10, 'zh-CN')}可能区间：${days('zh-CN')}`,
      );
      expect(text(element, 'based-on')).to.equal('基于 12 个订单');
      expect(text(element, 'churn-level')).to.equal('高');
      expect(text(element, 'probability')).to.equal('流失概率 73%');
      expect(part(element, 'churn')!.getAttribute('aria-valuetext')).to.equal('流失风险高，流失概率 73%');
      expect(reasons(element)[0]).to.equal('已 142 天未下单（超过 90 天）');
      expect(text(element, 'updated')).to.equal('更新于3小时前');
      const empty = await given(emptyInsights, 'zh-CN');
      expect(parts(empty, 'empty').map((note) => note.textContent)).to.deep.equal([
        '暂无订单',
        '订单记录不足（0 个订单，至少需要 3 个）',
        '客户数量不足，无法估计流失风险',
      ]);
    });

    it('switches language when the locale changes', async () => {
      const element = await given(sampleInsights);
      element.locale = 'zh-CN';
      await element.updateComplete;
      expect(text(element, 'churn-level')).to.equal('高');
    });
  });

  describe('compact', () => {
    it('shows the segment badge, the churn level and the expected day on one line', async () => {
      const element = await given(sampleInsights, 'en', true);
      expect(text(element, 'segment')).to.equal('▼At risk');
      expect(text(element, 'churn-level')).to.equal('High churn risk');
      expect(part(element, 'churn')!.getAttribute('aria-valuetext')).to.equal(
        'High churn risk, 73% likely to stop ordering',
      );
      expect(text(element, 'next-order')).to.equal(`Next order around ${day(12, 10)}`);
      for (const name of ['title', 'facts', 'forecast', 'reasons', 'probability', 'updated'])
        expect(part(element, name), name).to.equal(null);
      const [segment, churn, next] = [
        part(element, 'segment')!,
        part(element, 'churn')!,
        part(element, 'next-order')!,
      ].map((node) => node.getBoundingClientRect());
      expect(
        Math.abs(segment!.top - churn!.top) < segment!.height && Math.abs(churn!.top - next!.top) < churn!.height,
      ).to.equal(true);
    });

    it('says "No orders yet" and leaves out what it does not have', async () => {
      const element = await given(emptyInsights, 'en', true);
      expect(text(element, 'empty')).to.equal('No orders yet');
      expect(part(element, 'churn')).to.equal(null);
      expect(part(element, 'next-order')).to.equal(null);
    });
  });

  describe('properties', () => {
    it('renders insights given as data without any request', async () => {
      const { crm, requests } = crmWith(() => json(sampleInsights));
      const provider = await fixture(
        html`<crm-provider .crm=${crm}
          ><crm-customer-insights .insights=${sampleInsights}></crm-customer-insights
        ></crm-provider>`,
      );
      expect(text(provider.querySelector('crm-customer-insights')!, 'churn-level')).to.equal('High');
      expect(requests).to.have.length(0);
    });

    it('loads the new customer when customer-id changes, and makes one request for three elements', async () => {
      const { crm, requests } = crmWith((request) =>
        json({
          ...sampleInsights,
          customerId: request.url.split('/').at(-2),
          segment: { ...sampleInsights.segment!, size: requests.length },
        }),
      );
      const provider = await fixture(
        html`<crm-provider .crm=${crm}>
          <crm-customer-insights customer-id="c_1"></crm-customer-insights>
          <crm-customer-insights customer-id="c_1" compact></crm-customer-insights>
          <crm-customer-insights customer-id="c_1"></crm-customer-insights>
        </crm-provider>`,
      );
      const elements = [...provider.querySelectorAll('crm-customer-insights')];
      await waitUntil(() => elements.every((element) => part(element, 'segment')));
      expect(requests).to.have.length(1);
      elements[0]!.customerId = 'c_2';
      await waitUntil(
        () => text(elements[0]!, 'segment-size') === '1 of 2 customers in this segment',
        'the second customer never showed',
      );
      expect(requests.map((request) => request.url.split('/').at(-2))).to.deep.equal(['c_1', 'c_2']);
    });

    it('loads again a little after a live change of the customer’s orders or contacts, and announces it', async () => {
      const stream = eventStream();
      let computedAt = sampleInsights.computedAt;
      const { crm, requests } = crmWith(
        (request) => (request.url.endsWith('/v1/events') ? stream.response() : json({ ...sampleInsights, computedAt })),
        { live: true, insightsDelay: 100 },
      );
      const element = await mount(crm, 'c_1042');
      await loaded(element);
      const insightRequests = () => requests.filter((request) => request.url.endsWith('/insights')).length;
      await waitUntil(
        () => requests.some((request) => request.url.endsWith('/v1/events')),
        'the live stream never opened',
      );
      computedAt = new Date().toISOString();
      // A burst of changes is one reload; a change of another customer is none.
      stream.send('order.created', { id: 'o_1', customerId: 'c_1042' });
      stream.send('order.updated', { id: 'o_1', customerId: 'c_1042' });
      stream.send('contact.created', { id: 'e_1', customerId: 'c_9' });
      expect(insightRequests()).to.equal(1);
      await waitUntil(() => text(element, 'updated') !== 'Updated 3 hours ago', 'the new analysis never showed', {
        timeout: 3000,
      });
      expect(insightRequests()).to.equal(2);
      await waitUntil(
        () => announcerRegion()?.textContent === 'Customer insights updated',
        'the update was not announced',
      );
      stream.send('contact.created', { id: 'e_2', customerId: 'c_1042' });
      await waitUntil(() => insightRequests() === 3, 'a new contact did not reload the insights');
      // Unchanged after a change: asked for again, after twice as long.
      await waitUntil(() => insightRequests() === 4, 'unchanged insights were not asked for again', { timeout: 3000 });
    });
  });

  describe('events', () => {
    it('fires crm-error with the CrmApiError and offers a retry that loads again', async () => {
      let fail = true;
      const { crm, requests } = crmWith(() => (fail ? problem(404, 'Not found') : json(sampleInsights)));
      const errors: CrmErrorEvent[] = [];
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
          <crm-customer-insights customer-id="c_1042"></crm-customer-insights>
        </crm-provider>`,
      );
      const element = provider.querySelector('crm-customer-insights')!;
      await waitUntil(() => errors.length === 1, 'crm-error never fired');
      expect(errors[0]!.error.status).to.equal(404);
      expect(errors[0]!.bubbles && errors[0]!.composed).to.equal(true);
      expect(part(element, 'error')!.getAttribute('role')).to.equal('alert');
      const retry = part(element, 'retry') as HTMLButtonElement;
      expect(retry.getBoundingClientRect().height).to.be.at.least(44);
      fail = false;
      retry.click();
      await loaded(element);
      expect(requests).to.have.length(2);
      expect(errors).to.have.length(1);
    });

    it('shows an answer that breaks the contract as an error, not half-rendered', async () => {
      const { crm } = crmWith(() =>
        json({ ...sampleInsights, churnRisk: { ...sampleInsights.churnRisk, probability: 7 } }),
      );
      const errors: CrmErrorEvent[] = [];
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
          <crm-customer-insights customer-id="c_1042"></crm-customer-insights>
        </crm-provider>`,
      );
      await waitUntil(() => errors.length === 1);
      expect(errors[0]!.error.kind).to.equal('validation');
      expect(errors[0]!.error.field).to.equal('churnRisk.probability');
      expect(part(provider.querySelector('crm-customer-insights')!, 'segment')).to.equal(null);
    });
  });

  describe('layout', () => {
    it('stacks its sections at 320 px and sets them side by side when wide', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div><crm-customer-insights .insights=${sampleInsights}></crm-customer-insights></div>`,
      );
      const element = wrapper.querySelector('crm-customer-insights')!;
      const tops = () =>
        [...element.shadowRoot!.querySelectorAll('section')].map((section) =>
          Math.round(section.getBoundingClientRect().top),
        );
      wrapper.style.inlineSize = '320px';
      await new Promise(requestAnimationFrame);
      const narrow = tops();
      expect(narrow[0]! < narrow[1]! && narrow[1]! < narrow[2]!).to.equal(true);
      expect(element.shadowRoot!.querySelector('[part=base]')!.scrollWidth).to.be.at.most(320);
      wrapper.style.inlineSize = '800px';
      await new Promise(requestAnimationFrame);
      expect(new Set(tops()).size).to.equal(1);
    });

    it('mirrors on a right-to-left page', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl"><crm-customer-insights .insights=${sampleInsights}></crm-customer-insights></div>`,
      );
      const element = wrapper.querySelector('crm-customer-insights')!;
      const badge = part(element, 'segment')!;
      const icon = badge.querySelector('span')!.getBoundingClientRect();
      expect(icon.left).to.be.greaterThan(badge.getBoundingClientRect().left + badge.getBoundingClientRect().width / 2);
      expect(parseFloat(getComputedStyle(part(element, 'reasons')!).paddingRight)).to.be.greaterThan(0);
      // Sentences starting with a number still read in order: "2 orders in the last year (2 or fewer)".
      for (const node of [
        part(element, 'segment-size')!,
        parts(element, 'reason')[1]!,
        part(element, 'probability')!,
      ]) {
        const text = [...node.childNodes].find(
          (child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim(),
        )!;
        const left = (from: number, to: number) => {
          const range = document.createRange();
          range.setStart(text, from);
          range.setEnd(text, to);
          return range.getClientRects()[0]!.left;
        };
        const length = text.textContent!.length;
        expect(left(0, 1), text.textContent!).to.be.lessThan(left(length - 3, length - 2));
      }
    });
  });

  describe('accessibility', () => {
    const both = async (element: CrmCustomerInsights) => {
      await expect(element).to.be.accessible();
      await expectEqualAccess(element);
      element.theme = 'dark';
      await element.updateComplete;
      await expect(element).to.be.accessible();
      await expectEqualAccess(element);
    };

    it('passes axe and Equal Access with everything shown, light and dark', async () => {
      await both(await given(sampleInsights));
    });

    it('passes axe and Equal Access with no orders, no forecast and no churn estimate, light and dark', async () => {
      await both(await given(emptyInsights));
      await both(
        await given({ ...sampleInsights, nextOrder: { status: 'insufficient-history', basedOnOrders: 2 } }, 'zh-CN'),
      );
    });

    it('passes axe and Equal Access in the compact form and with an overdue forecast, light and dark', async () => {
      const past = {
        ...sampleInsights,
        nextOrder: { ...sampleInsights.nextOrder, expectedDate: '2020-01-02' } as CustomerInsights['nextOrder'],
      };
      await both(await given(sampleInsights, 'en', true));
      await both(await given(emptyInsights, 'en', true));
      await both(await given(past, 'en', true));
      await both(await given(past));
    });

    it('passes axe and Equal Access while loading, light and dark', async () => {
      const { crm } = crmWith(() => new Promise<Response>(() => undefined));
      await both(await mount(crm, 'c_1042'));
    });

    it('passes axe and Equal Access in the error state and with a bad id, light and dark', async () => {
      const { crm } = crmWith(() => problem(404, 'Not found'));
      const element = await mount(crm, 'c_1042');
      await waitUntil(() => part(element, 'retry'));
      await both(element);
      await both(await mount(crm, '../x'));
    });
  });
});
