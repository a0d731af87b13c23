import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { ContactEntry } from '../../../src/api/types.js';
import type { CrmContactLog } from '../../../src/components/contact-log/contact-log.js';
import { announcerRegion } from '../../../src/core/announcer.js';
import { createCrm, type Crm } from '../../../src/stores/crm.js';
import type { CrmContactAddEvent } from '../../../src/events/contact-add-event.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import { fakeFetch, json, problem, type FakeHandler, type RecordedRequest } from '../../helpers/fake-fetch.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

/** An ISO time `daysAgo` local calendar days before today, at `hour`:05 local time. */
function at(daysAgo: number, hour = 10): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hour, 5).toISOString();
}

function entry(id: string, overrides: Partial<ContactEntry> = {}): ContactEntry {
  return {
    id,
    customerId: 'c_1042',
    channel: 'call',
    direction: 'outbound',
    subject: `Subject ${id}`,
    body: `Body ${id}`,
    author: { id: 'u_1', name: '陈静' },
    occurredAt: at(0),
    createdAt: at(0),
    ...overrides,
  };
}

const sample = [
  entry('e_1', { occurredAt: at(0, 9), channel: 'email', direction: 'inbound' }),
  entry('e_2', { occurredAt: at(1, 15), channel: 'meeting', direction: null }),
  entry('e_3', { occurredAt: at(0, 11), channel: 'call' }),
  entry('e_4', { occurredAt: '2024-03-05T09:30:00.000Z', channel: 'note', direction: null, subject: undefined }),
];

/** Entries of earlier days only, so an entry written now is always the newest. */
const past = [sample[1]!, sample[3]!];

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

/** A contact-log API: GETs answer `pages` by cursor, POSTs go to `post` (default: accept as e_new). */
function logApi(pages: ContactEntry[][], post?: (request: Request) => Response | Promise<Response>): FakeHandler {
  return async (request) => {
    if (request.method === 'POST') {
      if (post) return post(request);
      const body = (await request.json()) as Partial<ContactEntry>;
      return json(
        { ...entry('e_new'), ...body, subject: body.subject, direction: body.direction ?? null },
        { status: 201 },
      );
    }
    const cursor = Number(new URL(request.url).searchParams.get('cursor') ?? 0);
    return json({ data: pages[cursor] ?? [], nextCursor: cursor + 1 < pages.length ? String(cursor + 1) : null });
  };
}

async function mount(crm: Crm | undefined, id: string | undefined, locale?: string): Promise<CrmContactLog> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-contact-log customer-id=${id ?? ''} locale=${locale ?? ''}></crm-contact-log
    ></crm-provider>`,
  );
  const log = provider.querySelector('crm-contact-log')!;
  await log.updateComplete;
  return log;
}

const root = (el: Element) => el.shadowRoot!;
const part = (el: Element, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: Element, name: string) => [...root(el).querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const loaded = (log: CrmContactLog) =>
  waitUntil(() => part(log, 'entry') || part(log, 'message'), 'the log never loaded');

async function openForm(log: CrmContactLog): Promise<void> {
  part(log, 'add')!.click();
  await log.updateComplete;
}

async function type(log: CrmContactLog, id: 'subject' | 'body', value: string): Promise<void> {
  const field = root(log).querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await log.updateComplete;
}

async function choose(log: CrmContactLog, id: 'channel' | 'direction', value: string): Promise<void> {
  const field = root(log).querySelector<HTMLSelectElement>(`#${id}`)!;
  field.value = value;
  field.dispatchEvent(new Event('change', { bubbles: true }));
  await log.updateComplete;
}

async function submit(log: CrmContactLog): Promise<void> {
  part(log, 'submit')!.click();
  await log.updateComplete;
}

const bodyField = (log: CrmContactLog) => root(log).querySelector<HTMLTextAreaElement>('#body')!;
const posts = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'POST');
const announced = (message: string) =>
  waitUntil(() => announcerRegion()?.textContent === message, `“${message}” was never announced`);

describe('<crm-contact-log>', () => {
  describe('rendering', () => {
    it('groups entries by day, newest first, under Today, Yesterday and dated headings', async () => {
      const { crm, requests } = crmWith(logApi([sample]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      expect(requests[0]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/contacts');
      const days = parts(log, 'day');
      expect(days.map(text)).to.deep.equal(['Today', 'Yesterday', 'Tuesday, March 5, 2024']);
      expect(days[0]!.tagName).to.equal('H3');
      expect(days[2]!.querySelector('time')!.getAttribute('datetime')).to.equal('2024-03-05');
      const groups = [...root(log).querySelectorAll('.day')].map((day) =>
        [...day.querySelectorAll('[part~="subject"]')].map(text),
      );
      expect(groups).to.deep.equal([['Subject e_3', 'Subject e_1'], ['Subject e_2'], []]);
    });

    it('shows each entry’s channel with an icon and its name, direction, author and time', async () => {
      const { crm } = crmWith(logApi([sample]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      const [first, second] = parts(log, 'entry');
      expect(text(first!.querySelector('[part="channel"]'))).to.equal('Call');
      const icon = first!.querySelector('[part="channel"] svg')!;
      expect(icon.getAttribute('aria-hidden')).to.equal('true');
      expect(text(first!.querySelector('[part="direction"]'))).to.equal('Outbound');
      expect(text(second!.querySelector('[part="direction"]'))).to.equal('Inbound');
      expect(text(first!.querySelector('[part="author"]'))).to.equal('陈静');
      const time = first!.querySelector('time[part="time"]')!;
      expect(time.getAttribute('datetime')).to.equal(sample[2]!.occurredAt);
      expect(text(time)).to.match(/11:05/);
      const meeting = parts(log, 'entry')[2]!;
      expect(meeting.querySelector('[part="direction"]')).to.equal(null);
    });

    it('shows a busy skeleton of the same height while loading', async () => {
      let answer!: (response: Response) => void;
      const { crm } = crmWith(() => new Promise<Response>((resolve) => (answer = resolve)));
      const log = await mount(crm, 'c_1042');
      const base = part(log, 'base')!;
      expect(base.getAttribute('aria-busy')).to.equal('true');
      expect(text(root(log).querySelector('[role="status"]'))).to.equal('Loading contact history…');
      const skeletonHeight = base.getBoundingClientRect().height;
      expect(skeletonHeight).to.be.at.least(parseFloat(getComputedStyle(base).minBlockSize));
      await waitUntil(() => answer !== undefined);
      answer(json({ data: [sample[0]], nextCursor: null }));
      await loaded(log);
      expect(part(log, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('says there was no contact yet for an empty log', async () => {
      const { crm } = crmWith(logApi([[]]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      expect(text(part(log, 'message'))).to.equal('No contact yet');
      expect(part(log, 'add')).not.to.equal(null);
    });

    it('says so when the customer id is missing or malformed, or the page is not configured, without a request', async () => {
      const { crm, requests } = crmWith(logApi([sample]));
      expect(text(part(await mount(crm, undefined), 'message'))).to.equal('No customer id was given.');
      expect(text(part(await mount(crm, '../admin'), 'message'))).to.contain('is not a valid customer id');
      const alone = await fixture<CrmContactLog>(html`<crm-contact-log customer-id="c_1042"></crm-contact-log>`);
      await waitUntil(() => part(alone, 'message'), 'no notice', { timeout: 3000 });
      expect(text(part(alone, 'message'))).to.contain('not configured');
      expect(requests).to.have.length(0);
    });

    it('links only http and https URLs in a body, and keeps everything else as text', async () => {
      const body = [
        'See https://example.test/a?b=1&c=2. And http://x.test/path,',
        'javascript:alert(1) data:text/html,<script>alert(1)</script> //evil.test/x',
        'https://x.test/<script>alert(1)</script> (https://y.test/z) xhttps://no.test',
      ].join('\n');
      const log = await fixture<CrmContactLog>(
        html`<crm-contact-log .entries=${[entry('e_1', { body })]}></crm-contact-log>`,
      );
      const links = parts(log, 'link') as HTMLAnchorElement[];
      expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
        'https://example.test/a?b=1&c=2',
        'http://x.test/path',
        'https://x.test/',
        'https://y.test/z',
      ]);
      for (const link of links) {
        expect(link.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
        expect(link.getAttribute('target')).to.equal('_blank');
      }
      const shown = part(log, 'body')!;
      expect(shown.textContent).to.equal(body);
      expect(shown.querySelectorAll('script, img, iframe')).to.have.length(0);
    });

    it('keeps line breaks in a body', async () => {
      const body = 'First line\nSecond line\n\n  indented';
      const log = await fixture<CrmContactLog>(
        html`<crm-contact-log .entries=${[entry('e_1', { body })]}></crm-contact-log>`,
      );
      const shown = part(log, 'body')!;
      expect(shown.textContent).to.equal(body);
      expect(getComputedStyle(shown).whiteSpace).to.equal('pre-wrap');
      expect(shown.getBoundingClientRect().height).to.be.greaterThan(
        parseFloat(getComputedStyle(shown).lineHeight) * 3,
      );
    });

    it('collapses a long body behind Show more, and expands it again', async () => {
      const body = Array.from({ length: 8 }, (_, line) => `Line ${line + 1} https://example.test/${line}`).join('\n');
      const log = await fixture<CrmContactLog>(
        html`<crm-contact-log .entries=${[entry('e_1', { body }), entry('e_2')]}></crm-contact-log>`,
      );
      const shown = part(log, 'body')!;
      const toggle = part(log, 'toggle')!;
      expect(parts(log, 'toggle')).to.have.length(1);
      expect(toggle.tagName).to.equal('BUTTON');
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(toggle.getAttribute('aria-controls')).to.equal(shown.id);
      expect(text(toggle)).to.equal('Show more');
      expect(shown.textContent).to.equal(`${body.split('\n').slice(0, 4).join('\n')}…`);
      expect(shown.querySelectorAll('a')).to.have.length(4);
      toggle.click();
      await log.updateComplete;
      expect(part(log, 'body')!.textContent).to.equal(body);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(text(toggle)).to.equal('Show less');
      toggle.click();
      await log.updateComplete;
      expect(part(log, 'body')!.textContent!.endsWith('…')).to.equal(true);
    });

    it('collapses one long line by characters, never cutting a link', async () => {
      const body = `${'word '.repeat(54)}https://example.test/a-long-link-that-crosses-the-limit and more ${'text '.repeat(40)}`;
      const log = await fixture<CrmContactLog>(
        html`<crm-contact-log .entries=${[entry('e_1', { body })]}></crm-contact-log>`,
      );
      const link = part(log, 'link') as HTMLAnchorElement;
      expect(link.textContent).to.equal('https://example.test/a-long-link-that-crosses-the-limit');
      expect(part(log, 'body')!.textContent!.length).to.be.lessThan(body.length);
    });

    it('speaks Simplified Chinese for zh-CN, and switches language at once', async () => {
      const { crm } = crmWith(logApi([sample]));
      const log = await mount(crm, 'c_1042', 'zh-CN');
      await loaded(log);
      expect(text(part(log, 'title'))).to.equal('联系记录');
      expect(parts(log, 'day').map(text).slice(0, 2)).to.deep.equal(['今天', '昨天']);
      expect(text(parts(log, 'day')[2])).to.equal('2024年3月5日星期二');
      expect(parts(log, 'channel').map(text)).to.deep.equal(['电话', '邮件', '会议', '备注']);
      expect(parts(log, 'direction').map(text)).to.deep.equal(['呼出', '来访']);
      expect(text(part(log, 'add'))).to.equal('添加记录');
      log.locale = 'en';
      await log.updateComplete;
      expect(text(part(log, 'title'))).to.equal('Contact history');
      expect(parts(log, 'channel').map(text)[0]).to.equal('Call');
      crm.$locale.set('zh-CN');
      log.locale = undefined;
      await log.updateComplete;
      expect(text(part(log, 'day'))).to.equal('今天');
    });

    it('lays out right to left under dir="rtl"', async () => {
      const page = await fixture(
        html`<div dir="rtl"><crm-contact-log .entries=${[entry('e_1')]}></crm-contact-log></div>`,
      );
      const log = page.querySelector('crm-contact-log')!;
      const one = part(log, 'entry')!;
      const style = getComputedStyle(one);
      expect(style.borderRightStyle).to.equal('solid');
      expect(style.borderLeftStyle).to.equal('none');
      expect(parseFloat(style.paddingRight)).to.be.greaterThan(0);
      const channel = part(log, 'channel')!.getBoundingClientRect();
      const time = part(log, 'time')!.getBoundingClientRect();
      expect(channel.right).to.be.greaterThan(time.right);
      const title = part(log, 'title')!.getBoundingClientRect();
      expect(title.right).to.be.closeTo(
        part(log, 'base')!.getBoundingClientRect().right -
          parseFloat(getComputedStyle(part(log, 'base')!).paddingRight) -
          1,
        2,
      );
    });

    it('stacks the form fields in a narrow container', async () => {
      const { crm } = crmWith(logApi([sample]));
      const page = await fixture(
        html`<div style="inline-size: 320px">
          <crm-provider .crm=${crm}><crm-contact-log customer-id="c_1042"></crm-contact-log></crm-provider>
        </div>`,
      );
      const log = page.querySelector('crm-contact-log')!;
      await loaded(log);
      await openForm(log);
      const channel = root(log).querySelector('#channel')!.getBoundingClientRect();
      const direction = root(log).querySelector('#direction')!.getBoundingClientRect();
      expect(direction.top).to.be.greaterThan(channel.bottom - 1);
      expect(part(log, 'base')!.scrollWidth).to.be.at.most(part(log, 'base')!.clientWidth);
      for (const button of root(log).querySelectorAll('button'))
        expect(button.getBoundingClientRect().height).to.be.at.least(44);
    });
  });

  describe('properties', () => {
    it('renders entries given as data without any request, form or paging', async () => {
      const { crm, requests } = crmWith(logApi([sample]));
      const provider = await fixture(
        html`<crm-provider .crm=${crm}
          ><crm-contact-log customer-id="c_1042" .entries=${sample}></crm-contact-log
        ></crm-provider>`,
      );
      const log = provider.querySelector('crm-contact-log')!;
      expect(parts(log, 'entry')).to.have.length(4);
      expect(part(log, 'add')).to.equal(null);
      expect(part(log, 'form')).to.equal(null);
      expect(part(log, 'load-more')).to.equal(null);
      expect(requests).to.have.length(0);
    });

    it('loads older entries on demand and appends them', async () => {
      const older = [
        entry('e_old1', { occurredAt: '2023-01-02T10:00:00.000Z' }),
        entry('e_old2', { occurredAt: '2023-01-01T10:00:00.000Z' }),
      ];
      const { crm, requests } = crmWith(logApi([sample, older]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      const more = part(log, 'load-more')!;
      expect(text(more)).to.equal('Load older entries');
      more.click();
      await waitUntil(() => parts(log, 'entry').length === 6, 'the older entries never appeared');
      expect(requests[1]!.url).to.equal('https://crm.example.test/v1/customers/c_1042/contacts?cursor=1');
      expect(part(log, 'load-more')).to.equal(null);
      await announced('2 older entries loaded');
    });

    it('puts entries others added at the top, keeping what the user typed', async () => {
      const pages = [[...sample]];
      const { crm } = crmWith(logApi(pages));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Half-written note');
      const field = bodyField(log);
      field.focus();
      pages[0] = [entry('e_live', { occurredAt: at(0, 23), subject: 'Added elsewhere' }), ...sample];
      await crm.reloadContacts('c_1042');
      await waitUntil(
        () => text(part(log, 'subject')) === 'Added elsewhere',
        'the new entry never appeared at the top',
      );
      expect(bodyField(log)).to.equal(field);
      expect(field.value).to.equal('Half-written note');
      expect(root(log).activeElement).to.equal(field);
    });

    it('loads the other customer’s log when customer-id changes', async () => {
      const { crm } = crmWith((request) =>
        json({ data: [entry('e_x', { subject: new URL(request.url).pathname.split('/')[3] })], nextCursor: null }),
      );
      const log = await mount(crm, 'c_1');
      await waitUntil(() => text(part(log, 'subject')) === 'c_1');
      log.customerId = 'c_2';
      await waitUntil(() => text(part(log, 'subject')) === 'c_2', 'the second log never appeared');
    });
  });

  describe('form', () => {
    it('blocks an empty body without a request, marks the field and moves focus to it', async () => {
      const { crm, requests } = crmWith(logApi([past]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      expect(part(log, 'add')!.getAttribute('aria-expanded')).to.equal('true');
      expect(root(log).activeElement).to.equal(root(log).querySelector('#channel'));
      await type(log, 'body', '   \n  ');
      await submit(log);
      const field = bodyField(log);
      expect(field.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = field.getAttribute('aria-describedby')!.split(' ');
      expect(describedBy).to.include('body-error');
      expect(text(root(log).querySelector('#body-error'))).to.equal('Write what happened before adding the entry.');
      expect(root(log).activeElement).to.equal(field);
      expect(posts(requests)).to.have.length(0);
      expect(field.value).to.equal('   \n  ');
    });

    it('blocks a subject over 200 and a body over 10,000 characters, focusing the first', async () => {
      const { crm, requests } = crmWith(logApi([past]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'subject', 's'.repeat(201));
      await type(log, 'body', 'b'.repeat(10_001));
      await submit(log);
      expect(root(log).querySelector('#subject')!.getAttribute('aria-invalid')).to.equal('true');
      expect(text(root(log).querySelector('#subject-error'))).to.equal('Keep it to 200 characters (now 201).');
      expect(text(root(log).querySelector('#body-error'))).to.equal('Keep it to 10,000 characters (now 10,001).');
      expect(root(log).activeElement).to.equal(root(log).querySelector('#subject'));
      expect(posts(requests)).to.have.length(0);
      await type(log, 'subject', 's'.repeat(200));
      expect(root(log).querySelector('#subject-error')).to.equal(null);
    });

    it('shows a new entry at once as Sending, then confirmed, and clears the form once it is in the log', async () => {
      let answer!: (response: Response) => void;
      let sent: Record<string, unknown> | undefined;
      const { crm, requests } = crmWith(
        logApi([past], async (request) => {
          sent = (await request.json()) as Record<string, unknown>;
          return new Promise<Response>((resolve) => (answer = resolve));
        }),
      );
      const added: CrmContactAddEvent[] = [];
      const log = await mount(crm, 'c_1042');
      log.addEventListener('crm-contact-add', (event) => added.push(event));
      await loaded(log);
      await openForm(log);
      await choose(log, 'channel', 'email');
      await choose(log, 'direction', 'inbound');
      await type(log, 'subject', '  Renewal  ');
      await type(log, 'body', 'Asked about the renewal.\nCall back Friday.');
      await submit(log);
      const pending = part(log, 'entry')!;
      expect(pending.getAttribute('part')).to.equal('entry sending');
      expect(text(pending.querySelector('[part="status"]'))).to.equal('Sending…');
      expect(text(pending.querySelector('[part="author"]'))).to.equal('You');
      expect(pending.querySelector('[part="body"]')!.textContent).to.equal(
        'Asked about the renewal.\nCall back Friday.',
      );
      expect(bodyField(log).value).to.equal('');
      expect((root(log).querySelector('#subject') as HTMLInputElement).value).to.equal('');
      await waitUntil(() => answer !== undefined && sent !== undefined);
      expect(sent).to.deep.equal({
        channel: 'email',
        direction: 'inbound',
        subject: 'Renewal',
        body: 'Asked about the renewal.\nCall back Friday.',
      });
      expect(posts(requests)[0]!.headers.get('Idempotency-Key')).to.match(/^[0-9a-f-]{36}$/);
      answer(
        json(
          { ...entry('e_new'), ...sent, author: { id: 'u_1', name: 'Olivia' }, occurredAt: new Date().toISOString() },
          { status: 201 },
        ),
      );
      await waitUntil(() => part(log, 'entry')!.getAttribute('part') === 'entry', 'the entry was never confirmed');
      expect(text(part(log, 'author'))).to.equal('Olivia');
      expect(part(log, 'status')).to.equal(null);
      await announced('Entry added');
      expect(added).to.have.length(1);
      expect(added[0]!.entry.id).to.equal('e_new');
      expect(added[0]!.customerId).to.equal('c_1042');
    });

    it('keeps a refused entry with its text and reason; Retry sends it again with the same Idempotency-Key', async () => {
      let refuse = true;
      const { crm, requests } = crmWith(
        logApi([past], async (request) => {
          const body = (await request.json()) as Record<string, unknown>;
          return refuse
            ? problem(400, 'Invalid request')
            : json({ ...entry('e_new'), ...body, direction: null }, { status: 201 });
        }),
      );
      const errors: CrmErrorEvent[] = [];
      const log = await mount(crm, 'c_1042');
      log.addEventListener('crm-error', (event) => errors.push(event));
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Keep this text');
      await submit(log);
      await waitUntil(() => part(log, 'failure'), 'the entry never failed');
      const failed = part(log, 'entry')!;
      expect(failed.getAttribute('part')).to.equal('entry failed');
      expect(failed.querySelector('[part="body"]')!.textContent).to.equal('Keep this text');
      expect(text(part(log, 'failure'))).to.contain('Not sent. The CRM could not answer this request.');
      expect(text(part(log, 'resend'))).to.equal('Retry');
      expect(text(part(log, 'discard'))).to.equal('Discard');
      await announced('Entry could not be sent');
      await waitUntil(() => errors.length === 1, 'crm-error never fired for the refused entry');
      expect(errors[0]!.error.status).to.equal(400);
      refuse = false;
      const resend = part(log, 'resend') as HTMLButtonElement;
      resend.focus();
      resend.click();
      // The Retry button goes away with the failure box: focus moves on rather than to the page.
      await waitUntil(
        () => log.shadowRoot!.activeElement !== null && log.shadowRoot!.activeElement !== resend,
        'focus was lost with the Retry button',
      );
      await waitUntil(
        () => part(log, 'entry')!.getAttribute('part') === 'entry',
        'the retried entry was never confirmed',
      );
      const [first, second] = posts(requests);
      expect(second!.headers.get('Idempotency-Key')).to.equal(first!.headers.get('Idempotency-Key'));
      expect(
        parts(log, 'entry').filter((one) => text(one.querySelector('[part="body"]')) === 'Keep this text'),
      ).to.have.length(1);
    });

    it('drops a failed entry on Discard', async () => {
      const { crm } = crmWith(logApi([past], () => problem(400, 'Invalid request')));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Throw this away');
      await submit(log);
      await waitUntil(() => part(log, 'discard'), 'the entry never failed');
      part(log, 'discard')!.click();
      await log.updateComplete;
      expect(parts(log, 'entry')).to.have.length(past.length);
      expect(root(log).textContent).not.to.contain('Throw this away');
      expect(root(log).activeElement).to.equal(bodyField(log));
    });

    it('keeps the text when adding throws before the entry reaches the log', async () => {
      const { crm } = crmWith(logApi([past]));
      const broken: Crm = {
        ...crm,
        addContactEntry: () => {
          throw new TypeError('broken');
        },
      };
      const log = await mount(broken, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Do not lose me');
      await submit(log);
      expect(bodyField(log).value).to.equal('Do not lose me');
      await announced('Entry could not be sent');
    });

    it('closes the form with its text kept, and returns focus to Add entry', async () => {
      const { crm } = crmWith(logApi([past]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Later');
      (root(log).querySelector('[part="form"] .quiet') as HTMLButtonElement).click();
      await log.updateComplete;
      expect(part(log, 'form')).to.equal(null);
      expect(root(log).activeElement).to.equal(part(log, 'add'));
      await openForm(log);
      expect(bodyField(log).value).to.equal('Later');
    });

    it('points Add entry at the form only while the form is there', async () => {
      const { crm } = crmWith(logApi([past]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      expect(part(log, 'add')!.hasAttribute('aria-controls')).to.equal(false);
      await openForm(log);
      expect(part(log, 'add')!.getAttribute('aria-controls')).to.equal(part(log, 'form')!.id);
      await openForm(log);
      expect(part(log, 'form')).to.equal(null);
      expect(part(log, 'add')!.hasAttribute('aria-controls')).to.equal(false);
    });
  });

  describe('events', () => {
    it('fires crm-error and offers a retry that loads again', async () => {
      let fail = true;
      const { crm, requests } = crmWith((request) => (fail ? problem(404, 'Not found') : logApi([sample])(request)));
      const errors: CrmErrorEvent[] = [];
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
          <crm-contact-log customer-id="c_1042"></crm-contact-log>
        </crm-provider>`,
      );
      const log = provider.querySelector('crm-contact-log')!;
      await waitUntil(() => errors.length === 1, 'crm-error never fired');
      expect(errors[0]!.error.status).to.equal(404);
      await waitUntil(() => part(log, 'retry'));
      expect(part(log, 'error')!.getAttribute('role')).to.equal('alert');
      expect(part(log, 'add')).to.equal(null);
      fail = false;
      part(log, 'retry')!.click();
      await waitUntil(() => parts(log, 'entry').length === 4, 'retry did not load the log');
      expect(requests).to.have.length(2);
    });
  });

  describe('accessibility', () => {
    const both = async (log: CrmContactLog) => {
      await expect(log).to.be.accessible();
      await expectEqualAccess(log);
      log.theme = 'dark';
      await log.updateComplete;
      await expect(log).to.be.accessible();
      await expectEqualAccess(log);
    };

    it('passes axe and Equal Access while loading, light and dark', async () => {
      const { crm } = crmWith(() => new Promise<Response>(() => undefined));
      await both(await mount(crm, 'c_1042'));
    });

    it('passes axe and Equal Access when loaded with a long entry and more to load, light and dark', async () => {
      const long = entry('e_long', { body: `${'Long text '.repeat(40)}https://example.test/` });
      const { crm } = crmWith(
        logApi([[long, ...sample], [entry('e_old', { occurredAt: '2023-01-01T10:00:00.000Z' })]]),
      );
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      expect(part(log, 'toggle')).not.to.equal(null);
      await both(log);
    });

    it('passes axe and Equal Access when empty, light and dark', async () => {
      const { crm } = crmWith(logApi([[]]));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await both(log);
    });

    it('passes axe and Equal Access in the error state, light and dark', async () => {
      const { crm } = crmWith(() => problem(404, 'Not found'));
      const log = await mount(crm, 'c_1042');
      await waitUntil(() => part(log, 'retry'));
      await both(log);
    });

    it('passes axe and Equal Access with the form showing validation errors and a failed entry, light and dark', async () => {
      const { crm } = crmWith(logApi([past], () => problem(400, 'Invalid request')));
      const log = await mount(crm, 'c_1042');
      await loaded(log);
      await openForm(log);
      await type(log, 'body', 'Refused');
      await submit(log);
      await waitUntil(() => part(log, 'failure'));
      await type(log, 'subject', 'x'.repeat(201));
      await submit(log);
      expect(part(log, 'field-error')).not.to.equal(null);
      await both(log);
    });

    it('passes axe and Equal Access with a message instead of the log', async () => {
      await both(await mount(undefined, undefined));
    });
  });
});
