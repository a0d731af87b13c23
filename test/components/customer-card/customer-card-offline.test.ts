import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import '../../../src/define.js';
import { CrmApiError } from '../../../src/api/errors.js';
import type { Customer, CustomerPatch } from '../../../src/api/types.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import { announcerRegion } from '../../../src/core/announcer.js';
import { englishStrings, zhCN } from '../../helpers/strings.js';
import type { Crm, EditResolution, PendingEdit } from '../../../src/stores/crm.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';
import { sampleCustomer } from '../../helpers/fake-fetch.js';
import { asOf, networkError, offlineCrm, resourceState, serverError, storedAt } from '../../helpers/offline-crm.js';

const en = englishStrings;
const zh = zhCN;

const base: Customer = { ...sampleCustomer, phone: '+86 130 9754 3568', tags: ['b2b', 'vip'] };
/** The record after someone else changed it on the server. */
const theirs: Customer = { ...base, name: '黄雨桐 (HQ)', updatedAt: '2025-01-02T00:00:00.000Z' };
const patch: CustomerPatch = { name: 'Mine', tags: ['b2b'] };

/**
 * A card whose customer and pending edit are stores set by hand; `resolveEdit` and
 * `updateCustomer` are recorded (and settle the pending edit as the instance would).
 */
function cardOf(customer = resourceState<Customer>(base), pending?: PendingEdit, overrides: Partial<Crm> = {}) {
  const $customer = atom(customer);
  const $pending = atom<PendingEdit | undefined>(pending);
  const resolved: EditResolution[] = [];
  const updates: { patch: CustomerPatch; base?: Customer | undefined }[] = [];
  const state = offlineCrm({
    customerById: () => $customer,
    pendingEdit: () => $pending,
    resolveEdit: (_id, resolution) => {
      resolved.push(resolution);
      const edit = $pending.get();
      $pending.set(
        resolution === 'reapply' && edit
          ? { patch: edit.patch, base: edit.current ?? edit.base, state: 'queued' }
          : undefined,
      );
      return Promise.resolve();
    },
    updateCustomer: (_id, changes, options) => {
      updates.push({ patch: changes, base: options?.base });
      return Promise.resolve({ ...(options?.base ?? base), ...changes } as Customer);
    },
    ...overrides,
  });
  return { ...state, $customer, $pending, resolved, updates };
}

async function mount(crm: Crm, locale = ''): Promise<CrmCustomerCard> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-customer-card customer-id="c_1042" locale=${locale}></crm-customer-card
    ></crm-provider>`,
  );
  const card = provider.querySelector('crm-customer-card')!;
  await waitUntil(() => part(card, 'name'), 'the card never showed its customer');
  return card;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** Whether the part is there (a boolean: a failed check on an element would put the element in the report). */
const has = (el: Element, name: string) => part(el, name) !== null;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const input = (card: CrmCustomerCard, field: string) =>
  card.shadowRoot!.querySelector<HTMLInputElement>(`#edit-${field}`)!;
const announced = (message: string) =>
  waitUntil(() => announcerRegion()?.textContent === message, `“${message}” was never announced`);
const conflictOf = (): PendingEdit => ({ patch, base, state: 'conflict', current: theirs });

describe('<crm-customer-card> offline', () => {
  // Each test hears only its own announcements (the page's one live region keeps a message for seconds).
  beforeEach(() => {
    const region = announcerRegion();
    if (region) region.textContent = '';
  });

  describe('rendering', () => {
    it('says an edit is kept on the device until the network is back, then that it is on its way', async () => {
      const { crm, $pending } = cardOf(resourceState({ ...base, name: 'Mine' }), { patch, base, state: 'queued' });
      const card = await mount(crm);
      expect(text(part(card, 'status'))).to.equal(en.common.queued);
      expect(text(part(card, 'name'))).to.equal('Mine');
      $pending.set({ patch, base, state: 'sending' });
      await card.updateComplete;
      expect(text(part(card, 'status'))).to.equal(en.customerCard.saving);
      $pending.set(undefined);
      await card.updateComplete;
      expect(has(card, 'status')).to.equal(false);
    });

    it('shows an edit that met a conflict in the card’s conflict panel: yours and now on the server', async () => {
      const { crm } = cardOf(resourceState(theirs), conflictOf());
      const card = await mount(crm);
      const panel = part(card, 'conflict')!;
      expect(panel).not.to.equal(null);
      expect(text(panel.querySelector('h4'))).to.equal(en.customerCard.conflictHeading);
      const rows = [...panel.querySelectorAll('[part="difference"]')].map((row) => [
        row.getAttribute('data-field'),
        text(row.querySelector('[part="yours"]')),
        text(row.querySelector('[part="theirs"]')),
      ]);
      expect(rows).to.deep.equal([
        ['name', 'Mine', '黄雨桐 (HQ)'],
        ['tags', 'b2b', 'b2b, vip'],
      ]);
      expect(input(card, 'name').value).to.equal('Mine');
      expect(has(card, 'status')).to.equal(false);
    });

    it('opens the conflict panel once the server’s record is known, not before', async () => {
      const { crm, $pending } = cardOf(resourceState(base), { patch, base, state: 'queued' });
      const card = await mount(crm);
      $pending.set({ patch, base, state: 'conflict' });
      await card.updateComplete;
      expect(has(card, 'conflict')).to.equal(false);
      $pending.set(conflictOf());
      await card.updateComplete;
      expect(text(part(card, 'theirs'))).to.equal(theirs.name);
    });

    it('shows an edit the server refused from the device in the form: under its field, or with Try again', async () => {
      const refused = new CrmApiError('http', 'Invalid', { status: 422, field: 'email' });
      const { crm, $pending, resolved } = cardOf(resourceState(base), {
        patch: { email: 'x@y' },
        base,
        state: 'failed',
        error: refused,
      });
      const card = await mount(crm);
      expect(input(card, 'email').value).to.equal('x@y');
      expect(input(card, 'email').getAttribute('aria-invalid')).to.equal('true');
      expect(text(part(card, 'field-error'))).to.equal(en.customerCard.problems.server);
      $pending.set(undefined);
      await card.updateComplete;
      expect(has(card, 'form'), 'the form stayed after the edit was settled elsewhere').to.equal(false);
      $pending.set({ patch, base, state: 'failed', error: serverError() });
      await card.updateComplete;
      expect(has(card, 'error')).to.equal(true);
      part(card, 'retry')!.click();
      await waitUntil(() => !part(card, 'form'), 'the form stayed after Try again');
      expect(resolved).to.deep.equal(['reapply']);
      expect(text(part(card, 'status'))).to.equal(en.common.queued);
      await announced(en.common.queued);
    });

    it('says how old a customer kept on the device is, in the element’s locale, and keeps it when revalidating fails', async () => {
      const { crm, $customer, $online } = cardOf(resourceState(base, { storedAt: storedAt(0) }));
      const card = await mount(crm, 'zh-CN');
      expect(text(part(card, 'stale'))).to.equal(asOf(storedAt(0), 'zh-CN', false));
      $online.set(false);
      $customer.set(resourceState(base, { storedAt: storedAt(1), error: networkError() }));
      await card.updateComplete;
      expect(text(part(card, 'name'))).to.equal(base.name);
      expect(text(part(card, 'stale'))).to.equal(asOf(storedAt(1), 'zh-CN', true));
      expect(has(card, 'message'), 'offline, the age says enough').to.equal(false);
      $online.set(true);
      $customer.set(resourceState(base, { storedAt: storedAt(1), error: serverError() }));
      await card.updateComplete;
      expect(text(part(card, 'name'))).to.equal(base.name);
      expect(has(card, 'error')).to.equal(true);
      expect(has(card, 'retry')).to.equal(true);
      $customer.set(resourceState(base));
      await card.updateComplete;
      expect(has(card, 'stale')).to.equal(false);
      expect(has(card, 'error')).to.equal(false);
    });

    it('tells the user in the edit form when the device cannot keep unsent changes', async () => {
      const { crm, $offline } = cardOf();
      $offline.set('memory');
      const card = await mount(crm, 'zh-CN');
      expect(has(card, 'notice')).to.equal(false);
      part(card, 'edit')!.click();
      await card.updateComplete;
      expect(text(part(card, 'notice'))).to.equal(zh.common.memoryOnly);
    });
  });

  describe('events', () => {
    it('announces a save kept on the device, and the send once it happens', async () => {
      const state = cardOf();
      const { $pending, $customer } = state;
      const crm: Crm = {
        ...state.crm,
        updateCustomer: (_id, changes) => {
          const changed = { ...base, ...changes } as Customer;
          $customer.set(resourceState(changed));
          $pending.set({ patch: changes, base, state: 'queued' });
          return Promise.resolve(changed);
        },
      };
      const card = await mount(crm);
      part(card, 'edit')!.click();
      await card.updateComplete;
      input(card, 'name').value = 'Mine';
      input(card, 'name').dispatchEvent(new InputEvent('input'));
      part(card, 'save')!.click();
      await announced(en.common.queued);
      expect(has(card, 'form')).to.equal(false);
      expect(text(part(card, 'status'))).to.equal(en.common.queued);
      $pending.set({ patch, base, state: 'sending' });
      await card.updateComplete;
      $pending.set(undefined);
      await announced(en.customerCard.queuedSent);
      expect(has(card, 'status')).to.equal(false);
    });

    it('announces an edit that waited on the device and was refused', async () => {
      const { crm, $pending } = cardOf(resourceState(base), { patch, base, state: 'queued' });
      await mount(crm);
      $pending.set({ patch, base, state: 'failed', error: serverError() });
      await announced(en.customerCard.queuedRefused);
    });

    it('announces a conflict met by an edit that waited on the device', async () => {
      const { crm, $pending } = cardOf(resourceState(base), { patch, base, state: 'queued' });
      const card = await mount(crm);
      $pending.set(conflictOf());
      await announced(en.customerCard.conflictAnnounced);
      expect(has(card, 'conflict')).to.equal(true);
      expect(zh.customerCard.queuedSent).to.not.equal(en.customerCard.queuedSent);
    });

    it('discards the edit with resolveEdit, by Discard, Cancel or Escape', async () => {
      for (const how of ['discard', 'cancel', 'escape'] as const) {
        const { crm, resolved, updates } = cardOf(resourceState(theirs), conflictOf());
        const card = await mount(crm);
        if (how === 'escape')
          input(card, 'name').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
        else part(card, how)!.click();
        await waitUntil(() => !part(card, 'form'), `${how} left the form open`);
        expect(resolved, how).to.deep.equal(['discard']);
        expect(updates).to.have.length(0);
        expect(text(part(card, 'name'))).to.equal(theirs.name);
      }
    });

    it('applies the edit again with resolveEdit, and says it is kept on the device', async () => {
      const { crm, resolved, updates } = cardOf(resourceState(theirs), conflictOf());
      const card = await mount(crm);
      part(card, 'reapply')!.click();
      await waitUntil(() => !part(card, 'form'), 'the form stayed open');
      expect(resolved).to.deep.equal(['reapply']);
      expect(updates).to.have.length(0);
      await announced(en.common.queued);
      expect(text(part(card, 'status'))).to.equal(en.common.queued);
    });

    it('saves inputs changed in the panel as a new edit on the server’s record, dropping the queued one', async () => {
      const { crm, resolved, updates } = cardOf(resourceState(theirs), conflictOf());
      const card = await mount(crm);
      input(card, 'email').value = 'new@example.com';
      input(card, 'email').dispatchEvent(new InputEvent('input'));
      part(card, 'reapply')!.click();
      await waitUntil(() => !part(card, 'form'), 'the form stayed open');
      expect(resolved).to.deep.equal(['discard']);
      expect(updates).to.have.length(1);
      expect(updates[0]!.base).to.deep.equal(theirs);
      expect(updates[0]!.patch).to.deep.equal({ name: 'Mine', email: 'new@example.com', tags: ['b2b'] });
      await announced(en.customerCard.saved);
    });

    it('closes the panel when the conflict was settled elsewhere, and keeps the user’s own form open', async () => {
      const { crm, $pending } = cardOf(resourceState(theirs), conflictOf());
      const card = await mount(crm);
      $pending.set(undefined);
      await card.updateComplete;
      expect(has(card, 'form')).to.equal(false);
      part(card, 'edit')!.click();
      await card.updateComplete;
      input(card, 'name').value = 'Typing';
      input(card, 'name').dispatchEvent(new InputEvent('input'));
      $pending.set(conflictOf());
      await card.updateComplete;
      expect(input(card, 'name').value, 'the user’s input was replaced').to.equal('Typing');
      expect(has(card, 'conflict')).to.equal(false);
    });
  });

  describe('accessibility', () => {
    const both = async (card: CrmCustomerCard) => {
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
      card.theme = 'dark';
      await card.updateComplete;
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
    };

    it('passes axe and Equal Access with a queued edit and its age, light and dark', async () => {
      const { crm } = cardOf(resourceState(base, { storedAt: storedAt(2) }), { patch, base, state: 'queued' });
      const card = await mount(crm);
      expect(has(card, 'stale')).to.equal(true);
      expect(has(card, 'status')).to.equal(true);
      await both(card);
    });

    it('passes axe and Equal Access with an edit the server refused, shown in the form with its reason, light and dark', async () => {
      const refused = new CrmApiError('http', 'Invalid', { status: 422, field: 'email' });
      const { crm, $pending } = cardOf(resourceState(base), {
        patch: { email: 'x@y' },
        base,
        state: 'failed',
        error: refused,
      });
      const card = await mount(crm, 'zh-CN');
      expect(input(card, 'email').getAttribute('aria-invalid')).to.equal('true');
      expect(has(card, 'field-error')).to.equal(true);
      await both(card);
      // Refused for a reason of no one field: the form's error with Try again.
      card.theme = 'light';
      $pending.set(undefined);
      await card.updateComplete;
      $pending.set({ patch, base, state: 'failed', error: serverError() });
      await card.updateComplete;
      expect(has(card, 'error')).to.equal(true);
      await both(card);
    });

    it('passes axe and Equal Access with the conflict panel of a queued edit and the notice, light and dark', async () => {
      const { crm, $offline } = cardOf(resourceState(theirs), conflictOf());
      $offline.set('memory');
      const card = await mount(crm, 'zh-CN');
      expect(has(card, 'conflict')).to.equal(true);
      expect(has(card, 'notice')).to.equal(true);
      await both(card);
    });
  });
});
