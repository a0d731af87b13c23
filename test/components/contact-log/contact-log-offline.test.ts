import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import '../../../src/define.js';
import type { ContactEntry, NewContactEntry } from '../../../src/api/types.js';
import type { CrmContactLog } from '../../../src/components/contact-log/contact-log.js';
import { announcerRegion } from '../../../src/core/announcer.js';
import type { CrmContactAddEvent } from '../../../src/events/contact-add-event.js';
import { englishStrings, zhCN } from '../../helpers/strings.js';
import { part, writeEntry } from '../../helpers/shadow-parts.js';
import type { ContactLogEntry, Crm } from '../../../src/stores/crm.js';
import type { PagedState } from '../../../src/stores/paged.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';
import { asOf, networkError, offlineCrm, pagedState, serverError, storedAt } from '../../helpers/offline-crm.js';

const en = englishStrings;
const zh = zhCN;

function entry(id: string, change: Partial<ContactLogEntry> = {}): ContactLogEntry {
  return {
    id,
    customerId: 'c_1042',
    channel: 'call',
    direction: 'outbound',
    subject: `Subject ${id}`,
    body: `Body ${id}`,
    author: { id: 'u_1', name: '陈静' },
    occurredAt: '2024-03-05T09:30:00.000Z',
    createdAt: '2024-03-05T09:30:00.000Z',
    ...change,
  };
}

/** An entry written here and kept on the device, as the store shows it. */
const waiting = (id: string, pending: ContactLogEntry['pending'] = 'queued') =>
  entry(id, { author: { id: '', name: '' }, occurredAt: new Date().toISOString(), pending });

/** A log whose store is `$log`, set by hand. */
function logOf(state: PagedState<ContactLogEntry>, overrides: Partial<Crm> = {}) {
  const $log = atom(state);
  return { $log, ...offlineCrm({ contactsFor: () => $log, ...overrides }) };
}

async function mount(crm: Crm, locale = ''): Promise<CrmContactLog> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-contact-log customer-id="c_1042" locale=${locale}></crm-contact-log
    ></crm-provider>`,
  );
  const log = provider.querySelector('crm-contact-log')!;
  await waitUntil(() => part(log, 'base'), 'the log never rendered');
  return log;
}

/** Whether the part is there (a boolean: a failed check on an element would put the element in the report). */
const has = (el: Element, name: string) => part(el, name) !== null;
const parts = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const announced = (message: string) =>
  waitUntil(() => announcerRegion()?.textContent === message, `“${message}” was never announced`);

describe('<crm-contact-log> offline', () => {
  // Each test hears only its own announcements (the page's one live region keeps a message for seconds).
  beforeEach(() => {
    const region = announcerRegion();
    if (region) region.textContent = '';
  });

  describe('rendering', () => {
    it('shows an entry kept on the device as queued, with why it has not gone yet', async () => {
      const { crm } = logOf(pagedState([waiting('pending:1'), entry('e_1')]));
      const log = await mount(crm);
      const queued = part(log, 'queued')!;
      expect(queued.getAttribute('part')).to.equal('entry queued');
      expect(text(queued.querySelector('[part="status"]'))).to.equal(en.common.queued);
      expect(text(queued.querySelector('[part="author"]'))).to.equal('You');
      expect(has(log, 'failure')).to.equal(false);
      expect(parts(log, 'entry').map((item) => item.getAttribute('part'))).to.deep.equal(['entry queued', 'entry']);
    });

    it('says it in Simplified Chinese for zh-CN', async () => {
      const { crm } = logOf(pagedState([waiting('pending:1')], { storedAt: storedAt(0) }));
      const log = await mount(crm, 'zh-CN');
      expect(text(part(log, 'queued')!.querySelector('[part="status"]'))).to.equal(zh.common.queued);
      expect(text(part(log, 'stale'))).to.equal(asOf(storedAt(0), 'zh-CN', false));
    });

    it('says how old a log kept on the device is: the time today, the date and time before', async () => {
      const { crm, $log } = logOf(pagedState([entry('e_1')], { storedAt: storedAt(0) }));
      const log = await mount(crm);
      const stale = part(log, 'stale')!;
      expect(text(stale)).to.equal(asOf(storedAt(0), 'en', false));
      expect(stale.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(storedAt(0)).toISOString());
      // Beside the heading, not among the entries.
      expect(stale.closest('header')).not.to.equal(null);
      $log.set(pagedState([entry('e_1')], { storedAt: storedAt(3, 9, 5) }));
      await log.updateComplete;
      expect(text(part(log, 'stale'))).to.equal(asOf(storedAt(3, 9, 5), 'en', true));
    });

    it('keeps the header’s height when it says how old the log is, at 390 px', async () => {
      const { crm, $log } = logOf(pagedState([entry('e_1')]));
      const log = await mount(crm);
      log.style.inlineSize = '390px';
      const header = log.shadowRoot!.querySelector('header')!;
      const before = header.getBoundingClientRect().height;
      $log.set(pagedState([entry('e_1')], { storedAt: storedAt(0) }));
      await log.updateComplete;
      expect(has(log, 'stale')).to.equal(true);
      expect(header.getBoundingClientRect().height).to.be.at.most(before);
    });

    it('leaves the age out while revalidating online, shows it offline, and drops it once revalidated', async () => {
      const { crm, $log, $online } = logOf(pagedState([entry('e_1')], { storedAt: storedAt(0), loading: true }));
      const log = await mount(crm);
      expect(has(log, 'stale')).to.equal(false);
      $online.set(false);
      await log.updateComplete;
      expect(has(log, 'stale')).to.equal(true);
      $online.set(true);
      $log.set(pagedState([entry('e_2'), entry('e_1')]));
      await log.updateComplete;
      expect(has(log, 'stale')).to.equal(false);
      expect(parts(log, 'entry')).to.have.length(2);
    });

    it('keeps a log kept on the device when revalidating fails: quiet offline, with the error and Retry otherwise', async () => {
      const { crm, $log, $online } = logOf(pagedState([entry('e_1')], { storedAt: storedAt(0) }));
      $online.set(false);
      $log.set(pagedState([entry('e_1')], { storedAt: storedAt(0), error: networkError() }));
      const log = await mount(crm);
      expect(parts(log, 'entry')).to.have.length(1);
      expect(has(log, 'stale')).to.equal(true);
      expect(has(log, 'error')).to.equal(false);
      expect(has(log, 'message')).to.equal(false);
      $online.set(true);
      $log.set(pagedState([entry('e_1')], { storedAt: storedAt(0), error: serverError() }));
      await log.updateComplete;
      expect(parts(log, 'entry')).to.have.length(1);
      expect(has(log, 'stale')).to.equal(true);
      expect(has(log, 'error')).to.equal(true);
      expect(has(log, 'retry')).to.equal(true);
    });

    it('lays a queued entry out right to left under dir="rtl": its dashed rule on the right', async () => {
      const { crm } = logOf(pagedState([waiting('pending:1'), entry('e_1')], { storedAt: storedAt(0) }));
      const provider = await fixture(
        html`<crm-provider .crm=${crm} dir="rtl"
          ><crm-contact-log customer-id="c_1042"></crm-contact-log
        ></crm-provider>`,
      );
      const log = provider.querySelector('crm-contact-log')!;
      await waitUntil(() => part(log, 'queued'));
      const style = getComputedStyle(part(log, 'queued')!);
      expect(style.borderRightStyle).to.equal('dashed');
      expect(style.borderLeftStyle).to.equal('none');
      const title = part(log, 'title')!.getBoundingClientRect();
      const stale = part(log, 'stale')!.getBoundingClientRect();
      // Under the heading, from the right edge as the heading starts.
      expect(stale.top).to.be.at.least(title.bottom - 1);
      expect(Math.abs(stale.right - title.right)).to.be.lessThan(2);
    });

    it('tells the user once per page, in the first form opened, when the device cannot keep unsent entries', async () => {
      const { $log, crm, $offline } = logOf(pagedState([entry('e_1')]));
      $offline.set('memory');
      const provider = await fixture(
        html`<crm-provider .crm=${crm}>
          <crm-contact-log customer-id="c_1042"></crm-contact-log>
          <crm-contact-log customer-id="c_1042" locale="zh-CN"></crm-contact-log>
        </crm-provider>`,
      );
      const [first, second] = [...provider.querySelectorAll('crm-contact-log')];
      await waitUntil(() => part(first!, 'add') && part(second!, 'add'));
      expect(has(first!, 'notice')).to.equal(false);
      part(second!, 'add')!.click();
      await second!.updateComplete;
      expect(text(part(second!, 'notice'))).to.equal(zh.common.memoryOnly);
      expect(part(second!, 'notice')!.closest('form')).not.to.equal(null);
      part(first!, 'add')!.click();
      await first!.updateComplete;
      expect(has(first!, 'notice'), 'the notice showed twice on one page').to.equal(false);
      // Storage that works says nothing.
      $offline.set('device');
      await second!.updateComplete;
      expect(has(second!, 'notice')).to.equal(false);
      expect($log.get().data).to.have.length(1);
    });
  });

  describe('announcements', () => {
    it('announces an entry kept on the device, and fires crm-contact-add only for one the server confirmed', async () => {
      const added: CrmContactAddEvent[] = [];
      const state = logOf(pagedState([entry('e_1')]));
      const { $log } = state;
      let online = false;
      const crm: Crm = {
        ...state.crm,
        addContactEntry: (_id: string, written: NewContactEntry) => {
          const local = { ...waiting('pending:1', online ? 'sending' : 'queued'), body: written.body };
          $log.set(pagedState([local, ...$log.get().data!]));
          const confirmed: ContactEntry = entry('e_new', { body: written.body });
          return Promise.resolve(online ? confirmed : local);
        },
      };
      const log = await mount(crm);
      log.addEventListener('crm-contact-add', (event) => added.push(event));
      await writeEntry(log, 'Written in the basement');
      await announced(en.common.queued);
      expect(added).to.have.length(0);
      expect(text(part(log, 'queued')!.querySelector('[part="body"]'))).to.equal('Written in the basement');
      online = true;
      await writeEntry(log, 'Written upstairs');
      await announced(en.contactLog.added);
      expect(added).to.have.length(1);
    });

    it('announces entries that waited on the device once the server has them, in one message', async () => {
      const { crm, $log } = logOf(pagedState([waiting('pending:1'), waiting('pending:2'), entry('e_1')]));
      const log = await mount(crm);
      $log.set(pagedState([waiting('pending:1', 'sending'), waiting('pending:2'), entry('e_1')]));
      await log.updateComplete;
      expect(part(log, 'sending')!.getAttribute('part')).to.equal('entry sending');
      $log.set(pagedState([entry('e_3'), entry('e_2'), entry('e_1')]));
      await announced(en.contactLog.queuedSent(2));
      expect(en.contactLog.queuedSent(2)).to.equal('2 saved entries sent');
      expect(en.contactLog.queuedSent(1)).to.equal('Saved entry sent');
      expect(zh.contactLog.queuedSent(2)).to.equal('已发送 2 条保存的记录');
    });

    it('announces an entry that waited on the device and was then refused', async () => {
      const { crm, $log } = logOf(pagedState([waiting('pending:1')]));
      const log = await mount(crm);
      $log.set(pagedState([{ ...waiting('pending:1', 'failed'), error: serverError() }]));
      await announced(en.contactLog.failed);
      expect(has(log, 'failure')).to.equal(true);
      expect(has(log, 'resend')).to.equal(true);
    });

    it('says nothing about the entries of the customer shown before', async () => {
      const { crm, $log } = logOf(pagedState([waiting('pending:1')]));
      const log = await mount(crm);
      announcerRegion()!.textContent = '';
      log.customerId = 'c_2001';
      $log.set(pagedState([entry('e_9', { customerId: 'c_2001' })]));
      await log.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(announcerRegion()!.textContent).to.equal('');
    });
  });

  describe('accessibility', () => {
    const both = async (log: CrmContactLog) => {
      // A sending entry fades in (0.2 s): measured mid-fade, its text fails contrast (seen in Firefox).
      await Promise.all(log.shadowRoot!.getAnimations().map((animation) => animation.finished));
      await expect(log).to.be.accessible();
      await expectEqualAccess(log);
      log.theme = 'dark';
      await log.updateComplete;
      await expect(log).to.be.accessible();
      await expectEqualAccess(log);
    };

    it('passes axe and Equal Access with queued, sending and failed entries and its age, light and dark', async () => {
      const { crm } = logOf(
        pagedState(
          [
            waiting('pending:1'),
            waiting('pending:2', 'sending'),
            { ...waiting('pending:3', 'failed'), error: serverError() },
            entry('e_1'),
          ],
          { storedAt: storedAt(2) },
        ),
      );
      const log = await mount(crm);
      expect(has(log, 'stale')).to.equal(true);
      await both(log);
    });

    it('passes axe and Equal Access with the notice in the form, light and dark', async () => {
      const { crm, $offline } = logOf(pagedState([entry('e_1')]));
      $offline.set('memory');
      const log = await mount(crm, 'zh-CN');
      part(log, 'add')!.click();
      await log.updateComplete;
      expect(has(log, 'notice')).to.equal(true);
      await both(log);
    });
  });
});
