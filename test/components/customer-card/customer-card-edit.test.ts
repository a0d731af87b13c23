import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Customer } from '../../../src/api/types.js';
import { createCrm, type Crm } from '../../../src/stores/crm.js';
import '../../../src/define.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import { announcerRegion } from '../../../src/core/announcer.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import { fakeFetch, json, problem, sampleCustomer } from '../../helpers/fake-fetch.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

type Field = 'name' | 'email' | 'phone' | 'tags';

interface Patch {
  ifMatch: string | null;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the reference API's customer routes: versioned ETags, 304s, PATCH with If-Match
 * answering 412 with the current record, and a hook to answer a PATCH some other way.
 */
function fakeServer(initial: Customer = { ...sampleCustomer, phone: '+86 130 9754 3568', tags: ['b2b', 'vip'] }) {
  let record: Customer = initial;
  let version = 1;
  const patches: Patch[] = [];
  const server = {
    patches,
    get record() {
      return record;
    },
    /** Someone else saves a change. */
    change(partial: Partial<Customer>) {
      record = { ...record, ...partial };
      version += 1;
    },
    /** Answers the next PATCH requests instead of the normal route (`undefined` falls through). */
    intercept: undefined as ((patch: Patch) => Response | Promise<Response> | undefined) | undefined,
    /** Holds PATCH answers until released. */
    hold: undefined as Promise<void> | undefined,
  };
  const etag = () => `"c_1042.v${version}"`;
  const { fetch, requests } = fakeFetch(async (request) => {
    if (request.method === 'GET') {
      if (request.headers.get('If-None-Match') === etag())
        return new Response(null, { status: 304, headers: { ETag: etag() } });
      return json(record, { headers: { ETag: etag() } });
    }
    const patch: Patch = {
      ifMatch: request.headers.get('If-Match'),
      body: (await request.json()) as Record<string, unknown>,
    };
    patches.push(patch);
    if (server.hold) await server.hold;
    const intercepted = server.intercept?.(patch);
    if (intercepted) return intercepted;
    if (patch.ifMatch !== etag()) {
      return new Response(
        JSON.stringify({
          type: 'https://crm-widgets.dev/problems/stale',
          title: 'Precondition failed',
          status: 412,
          current: record,
        }),
        {
          status: 412,
          headers: { 'Content-Type': 'application/problem+json', ETag: etag() },
        },
      );
    }
    const next: Record<string, unknown> = { ...record, ...patch.body, updatedAt: new Date().toISOString() };
    for (const key of ['email', 'phone']) if (next[key] === null) delete next[key];
    record = next as unknown as Customer;
    version += 1;
    return json(record, { headers: { ETag: etag() } });
  });
  const crm = createCrm({ baseUrl: 'https://crm.example.test/', getToken: () => 'token', fetch, live: false });
  return { crm, requests, server };
}

async function mount(crm: Crm, options: { locale?: string; dir?: string } = {}) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm} dir=${options.dir ?? 'ltr'}
      ><crm-customer-card customer-id="c_1042" locale=${options.locale ?? ''}></crm-customer-card
    ></crm-provider>`,
  );
  const card = provider.querySelector('crm-customer-card') as CrmCustomerCard;
  await waitUntil(() => part(card, 'edit'), 'the Edit button never appeared');
  return card;
}

const part = (card: Element, name: string) => card.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (card: Element, name: string) => [...card.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const input = (card: Element, field: Field) => card.shadowRoot!.querySelector<HTMLInputElement>(`#edit-${field}`)!;
const focused = (card: Element) => card.shadowRoot!.activeElement;
const shownName = (card: Element) => part(card, 'name')?.textContent?.trim();
const patchesOf = (requests: { method: string }[]) => requests.filter((request) => request.method === 'PATCH');

async function openForm(card: CrmCustomerCard) {
  part(card, 'edit')!.click();
  await card.updateComplete;
  expect(part(card, 'form'), 'the form did not open').not.to.equal(null);
}

async function type(card: CrmCustomerCard, field: Field, value: string) {
  const element = input(card, field);
  element.value = value;
  element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await card.updateComplete;
}

async function announced(text: string) {
  await waitUntil(
    () => announcerRegion()?.textContent === text,
    `"${text}" was never announced (saw "${announcerRegion()?.textContent}")`,
  );
}

/** Opens the form, changes the name, saves behind a changed server: the conflict panel shows. */
async function conflicted(options: { locale?: string } = {}) {
  const setup = fakeServer();
  const card = await mount(setup.crm, options);
  await openForm(card);
  await type(card, 'name', 'Mine');
  setup.server.change({ name: 'Theirs', email: 'theirs@example.com' });
  part(card, 'save')!.click();
  await waitUntil(() => part(card, 'conflict'), 'the conflict panel never appeared');
  return { ...setup, card };
}

describe('<crm-customer-card> editing', () => {
  describe('rendering', () => {
    it('opens a labelled form with the current values and focus in the first field', async () => {
      const { crm } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      expect(input(card, 'name').value).to.equal('黄雨桐');
      expect(input(card, 'email').value).to.equal('huang296@163.com');
      expect(input(card, 'phone').value).to.equal('+86 130 9754 3568');
      expect(input(card, 'tags').value).to.equal('b2b, vip');
      expect(focused(card)).to.equal(input(card, 'name'));
      const labels = [...card.shadowRoot!.querySelectorAll('label')].map((label) => [label.htmlFor, label.textContent]);
      expect(labels).to.deep.equal([
        ['edit-name', 'Name'],
        ['edit-email', 'Email'],
        ['edit-phone', 'Phone'],
        ['edit-tags', 'Tags'],
      ]);
      expect(part(card, 'details')).to.equal(null);
      expect(part(card, 'edit')).to.equal(null);
      expect(part(card, 'save')!.textContent!.trim()).to.equal('Save');
      expect(part(card, 'cancel')!.textContent!.trim()).to.equal('Cancel');
    });

    it('offers no Edit button when compact, readonly or given data', async () => {
      const { crm } = fakeServer();
      const provider = await fixture(
        html`<crm-provider .crm=${crm}>
          <crm-customer-card customer-id="c_1042" compact></crm-customer-card>
          <crm-customer-card customer-id="c_1042" readonly></crm-customer-card>
          <crm-customer-card .customer=${sampleCustomer}></crm-customer-card>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
        </crm-provider>`,
      );
      const cards = [...provider.querySelectorAll('crm-customer-card')];
      await waitUntil(() => cards.every((card) => shownName(card)));
      expect(cards.map((card) => part(card, 'edit') !== null)).to.deep.equal([false, false, false, true]);
    });

    it('blocks an empty name, a bad email, a bad phone and too many tags without a request', async () => {
      const { crm, requests } = fakeServer();
      const card = await mount(crm);
      const before = requests.length;
      await openForm(card);
      await type(card, 'name', '   ');
      await type(card, 'email', 'not-an-email');
      await type(card, 'phone', 'call me');
      await type(card, 'tags', Array.from({ length: 21 }, (_, index) => `t${index}`).join(','));
      part(card, 'save')!.click();
      await card.updateComplete;
      expect(requests.length).to.equal(before);
      for (const field of ['name', 'email', 'phone', 'tags'] as const) {
        const element = input(card, field);
        expect(element.getAttribute('aria-invalid'), field).to.equal('true');
        const described = element.getAttribute('aria-describedby')!.split(' ');
        expect(described, field).to.include(`edit-${field}-error`);
        expect(card.shadowRoot!.getElementById(`edit-${field}-error`)!.textContent, field).to.not.equal('');
      }
      expect(card.shadowRoot!.getElementById('edit-name-error')!.textContent).to.equal('Enter a name.');
      expect(card.shadowRoot!.getElementById('edit-tags-error')!.textContent).to.equal('Use at most 20 tags.');
      expect(focused(card)).to.equal(input(card, 'name'));
      // Fixing a field clears its message; the next invalid field gets focus on the next try.
      await type(card, 'name', 'Valid');
      expect(input(card, 'name').getAttribute('aria-invalid')).to.equal('false');
      part(card, 'save')!.click();
      await card.updateComplete;
      expect(focused(card)).to.equal(input(card, 'email'));
      expect(requests.length).to.equal(before);
    });

    it('blocks a tag longer than 40 characters and a name longer than 200', async () => {
      const { crm, requests } = fakeServer();
      const card = await mount(crm);
      const before = requests.length;
      await openForm(card);
      await type(card, 'name', 'x'.repeat(201));
      await type(card, 'tags', `ok, ${'y'.repeat(41)}`);
      part(card, 'save')!.click();
      await card.updateComplete;
      expect(card.shadowRoot!.getElementById('edit-name-error')!.textContent).to.equal('Use at most 200 characters.');
      expect(card.shadowRoot!.getElementById('edit-tags-error')!.textContent).to.equal(
        'Each tag can have at most 40 characters.',
      );
      expect(requests.length).to.equal(before);
    });

    it('saves only the changed fields with If-Match of the version shown, and shows the answer', async () => {
      const { crm, requests, server } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      await type(card, 'name', '  Huang Yutong  ');
      await type(card, 'phone', '');
      await type(card, 'tags', 'b2b, vip, 华东');
      let release!: () => void;
      server.hold = new Promise<void>((resolve) => (release = resolve));
      part(card, 'save')!.click();
      await waitUntil(() => server.patches.length === 1, 'no PATCH was sent');
      await card.updateComplete;
      expect(part(card, 'save')!.hasAttribute('disabled')).to.equal(true);
      expect(part(card, 'save')!.textContent!.trim()).to.equal('Saving…');
      expect(input(card, 'name').readOnly).to.equal(true);
      release();
      await waitUntil(() => part(card, 'form') === null, 'the form never closed');
      expect(server.patches).to.deep.equal([
        { ifMatch: '"c_1042.v1"', body: { name: 'Huang Yutong', phone: null, tags: ['b2b', 'vip', '华东'] } },
      ]);
      expect(patchesOf(requests)).to.have.length(1);
      expect(shownName(card)).to.equal('Huang Yutong');
      expect(parts(card, 'tag').map((tag) => tag.textContent)).to.deep.equal(['b2b', 'vip', '华东']);
      expect(part(card, 'phone')).to.equal(null);
      await announced('Saved');
      expect(focused(card)).to.equal(part(card, 'edit'));
    });

    it('closes an unchanged form without a request, even when stored values would not round-trip', async () => {
      const { crm, requests } = fakeServer({ ...sampleCustomer, name: ' spaced ', tags: ['a, b', 'c'] });
      const card = await mount(crm);
      const before = requests.length;
      await openForm(card);
      await type(card, 'email', 'huang296@163.com ');
      part(card, 'save')!.click();
      await card.updateComplete;
      expect(part(card, 'form')).to.equal(null);
      expect(requests.length).to.equal(before);
    });

    it('restores the card and sends nothing on Cancel or Escape, with focus back on Edit', async () => {
      const { crm, requests } = fakeServer();
      const card = await mount(crm);
      const before = requests.length;
      await openForm(card);
      await type(card, 'name', 'Changed');
      part(card, 'cancel')!.click();
      await card.updateComplete;
      expect(part(card, 'form')).to.equal(null);
      expect(shownName(card)).to.equal('黄雨桐');
      expect(focused(card)).to.equal(part(card, 'edit'));
      await openForm(card);
      expect(input(card, 'name').value, 'a cancelled edit came back').to.equal('黄雨桐');
      await type(card, 'email', 'other@example.com');
      input(card, 'email').dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      );
      await card.updateComplete;
      expect(part(card, 'form')).to.equal(null);
      expect(part(card, 'email')!.textContent).to.equal('huang296@163.com');
      expect(focused(card)).to.equal(part(card, 'edit'));
      expect(requests.length).to.equal(before);
    });

    it('shows a conflict panel with both values of each changed field, keeping the input', async () => {
      const { card } = await conflicted();
      expect(input(card, 'name').value).to.equal('Mine');
      const differences = parts(card, 'difference');
      expect(differences.map((difference) => difference.dataset.field)).to.deep.equal(['name']);
      expect(part(card, 'yours')!.textContent).to.equal('Mine');
      expect(part(card, 'theirs')!.textContent).to.equal('Theirs');
      expect(differences[0]!.querySelector('dt')!.textContent).to.equal('Name');
      expect(part(card, 'reapply')!.textContent!.trim()).to.equal('Re-apply my changes');
      expect(part(card, 'discard')!.textContent!.trim()).to.equal('Discard my changes');
      expect(focused(card)!.id).to.equal('conflict-heading');
      await announced('Not saved: someone else changed this customer in the meantime.');
    });

    it('re-applies the changes on the newer version with its ETag', async () => {
      const { card, server } = await conflicted();
      part(card, 'reapply')!.click();
      await waitUntil(() => part(card, 'form') === null, 'the re-applied save never finished');
      expect(server.patches.map((patch) => patch.ifMatch)).to.deep.equal(['"c_1042.v1"', '"c_1042.v2"']);
      expect(server.patches[1]!.body).to.deep.equal({ name: 'Mine' });
      expect(server.record.name).to.equal('Mine');
      // Their other change stays: only the user's own fields were sent.
      expect(server.record.email).to.equal('theirs@example.com');
      expect(shownName(card)).to.equal('Mine');
      await announced('Saved');
    });

    it('shows another conflict when the server changed again before the re-apply', async () => {
      const { card, server } = await conflicted();
      server.change({ name: 'Theirs again' });
      part(card, 'reapply')!.click();
      await waitUntil(() => part(card, 'theirs')?.textContent === 'Theirs again', 'the second conflict never showed');
      expect(server.record.name).to.equal('Theirs again');
      part(card, 'reapply')!.click();
      await waitUntil(() => part(card, 'form') === null);
      expect(server.record.name).to.equal('Mine');
    });

    it('discards the changes and shows the server’s record', async () => {
      const { card, server } = await conflicted();
      const sent = server.patches.length;
      part(card, 'discard')!.click();
      await card.updateComplete;
      expect(part(card, 'form')).to.equal(null);
      expect(shownName(card)).to.equal('Theirs');
      expect(part(card, 'email')!.textContent).to.equal('theirs@example.com');
      expect(server.patches.length).to.equal(sent);
      expect(focused(card)).to.equal(part(card, 'edit'));
    });

    it('checks a save against the version the form opened on, even after the card refreshed', async () => {
      const { crm, server } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      await type(card, 'name', 'Mine');
      server.change({ name: 'Theirs' });
      await crm.reloadCustomer('c_1042');
      await card.updateComplete;
      expect(input(card, 'name').value, 'a refresh replaced the input').to.equal('Mine');
      part(card, 'save')!.click();
      await waitUntil(() => part(card, 'conflict'), 'the refreshed version was overwritten without a conflict');
      expect(server.patches[0]!.ifMatch).to.equal('"c_1042.v1"');
      expect(server.record.name).to.equal('Theirs');
    });

    it('keeps the input and shows the error inline when a save fails, and saves on retry', async () => {
      const { crm, server } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      await type(card, 'name', 'Kept');
      server.intercept = () => problem(503, 'Unavailable');
      part(card, 'save')!.click();
      await waitUntil(() => part(card, 'error'), 'no inline error');
      expect(part(card, 'error')!.textContent).to.equal('The CRM could not answer this request.');
      expect(input(card, 'name').value).to.equal('Kept');
      expect(part(card, 'save')!.hasAttribute('disabled')).to.equal(false);
      server.intercept = undefined;
      part(card, 'retry')!.click();
      await waitUntil(() => part(card, 'form') === null, 'the retry never saved');
      expect(server.record.name).to.equal('Kept');
    });

    it('shows a field the server refused on that field', async () => {
      const { crm, server } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      await type(card, 'email', 'someone@example.com');
      server.intercept = () =>
        new Response(
          JSON.stringify({ title: 'Invalid request', status: 422, errors: [{ pointer: '/email', detail: 'Taken.' }] }),
          {
            status: 422,
            headers: { 'Content-Type': 'application/problem+json' },
          },
        );
      part(card, 'save')!.click();
      await waitUntil(
        () => card.shadowRoot!.getElementById('edit-email-error'),
        'the refusal was not shown on the field',
      );
      expect(card.shadowRoot!.getElementById('edit-email-error')!.textContent).to.equal(
        'The CRM did not accept this value.',
      );
      expect(input(card, 'email').getAttribute('aria-invalid')).to.equal('true');
      expect(input(card, 'email').value).to.equal('someone@example.com');
      expect(focused(card)).to.equal(input(card, 'email'));
      expect(part(card, 'error')).to.equal(null);
    });

    it('speaks Simplified Chinese and switches language at once', async () => {
      const { card } = await conflicted({ locale: 'zh-CN' });
      expect(card.shadowRoot!.querySelector('label')!.textContent).to.equal('姓名');
      expect(part(card, 'reapply')!.textContent!.trim()).to.equal('重新应用我的修改');
      expect(part(card, 'discard')!.textContent!.trim()).to.equal('放弃我的修改');
      expect(card.shadowRoot!.getElementById('conflict-heading')!.textContent).to.equal('其他人修改了此客户');
      card.locale = 'en';
      await card.updateComplete;
      expect(part(card, 'reapply')!.textContent!.trim()).to.equal('Re-apply my changes');
      expect(input(card, 'name').value).to.equal('Mine');
    });

    it('lays the form out from the inline start in RTL, down to 320px', async () => {
      const { crm } = fakeServer();
      const card = await mount(crm, { dir: 'rtl' });
      card.style.width = '320px';
      await openForm(card);
      const base = part(card, 'base')!.getBoundingClientRect();
      const label = card.shadowRoot!.querySelector('label')!.getBoundingClientRect();
      const save = part(card, 'save')!.getBoundingClientRect();
      expect(base.right - label.right).to.be.lessThan(base.width / 4);
      expect(label.left - base.left).to.be.greaterThan(base.width / 4);
      for (const field of ['name', 'email', 'phone', 'tags'] as const) {
        const box = input(card, field).getBoundingClientRect();
        expect(box.right).to.be.at.most(base.right + 0.5);
        expect(box.left).to.be.at.least(base.left - 0.5);
        expect(box.height).to.be.at.least(44);
      }
      expect(save.height).to.be.at.least(44);
      expect(save.right).to.be.at.most(base.right + 0.5);
      // A phone number or address typed on a right-to-left page still reads left to right.
      expect(getComputedStyle(input(card, 'phone')).direction).to.equal('ltr');
      expect(getComputedStyle(input(card, 'email')).direction).to.equal('ltr');
      expect(getComputedStyle(input(card, 'name')).direction).to.equal('rtl');
    });
  });

  describe('events', () => {
    it('fires crm-error for a failed save, but not for a conflict', async () => {
      const { crm, server } = fakeServer();
      const errors: CrmErrorEvent[] = [];
      const card = await mount(crm);
      card.addEventListener('crm-error', (event) => errors.push(event));
      await openForm(card);
      await type(card, 'name', 'Mine');
      server.change({ name: 'Theirs' });
      part(card, 'save')!.click();
      await waitUntil(() => part(card, 'conflict'));
      expect(errors).to.have.length(0);
      server.intercept = () => problem(500, 'Boom');
      part(card, 'reapply')!.click();
      await waitUntil(() => errors.length === 1, 'crm-error never fired');
      expect(errors[0]!.error.status).to.equal(500);
      expect(part(card, 'conflict'), 'the conflict panel went away with the failure').not.to.equal(null);
      expect(input(card, 'name').value).to.equal('Mine');
    });
  });

  describe('accessibility', () => {
    async function accessibleLightAndDark(card: CrmCustomerCard) {
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
      card.theme = 'dark';
      await card.updateComplete;
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
      card.theme = 'light';
      await card.updateComplete;
    }

    it('passes axe and Equal Access with the form open, light and dark', async () => {
      const { crm } = fakeServer();
      const card = await mount(crm);
      await accessibleLightAndDark(card);
      await openForm(card);
      await accessibleLightAndDark(card);
    });

    it('passes axe and Equal Access with validation errors, light and dark', async () => {
      const { crm } = fakeServer();
      const card = await mount(crm);
      await openForm(card);
      await type(card, 'name', '');
      await type(card, 'email', 'nope');
      part(card, 'save')!.click();
      await card.updateComplete;
      expect(parts(card, 'field-error')).to.have.length(2);
      await accessibleLightAndDark(card);
    });

    it('passes axe and Equal Access with the conflict panel and with a failed save, light and dark', async () => {
      const { card, server } = await conflicted();
      await accessibleLightAndDark(card);
      server.intercept = () => problem(500, 'Boom');
      part(card, 'reapply')!.click();
      await waitUntil(() => part(card, 'error'));
      await accessibleLightAndDark(card);
    });
  });
});
