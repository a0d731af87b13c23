// <crm-contact-log> against the reference API and its real database: an entry added through the
// form is confirmed by the server, and an entry another client adds shows up live.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { CrmContactLog } from '../../src/components/contact-log/contact-log.js';
import { createCrm, type Crm } from '../../src/stores/crm.js';
import { apiUrl, demoToken } from '../helpers/reference-api.js';

// The three engines run at the same time against one server (seeded with c_1001…c_1300): each
// writes to its own customers, which no other test writes to.
const engineOffset = /Firefox\//.test(navigator.userAgent) ? 100 : /Chrome\//.test(navigator.userAgent) ? 0 : 200;
const customerId = (base: number) => `c_${base + engineOffset}`;

const root = (log: Element) => log.shadowRoot!;
const part = (log: Element, name: string) => root(log).querySelector<HTMLElement>(`[part~="${name}"]`);
const entryWithBody = (log: Element, body: string) =>
  [...root(log).querySelectorAll<HTMLElement>('[part~="entry"]')].find(
    (entry) => entry.querySelector('[part="body"]')?.textContent === body,
  );

async function mount(id: string): Promise<{ log: CrmContactLog; crm: Crm }> {
  const crm = createCrm({ baseUrl: apiUrl, getToken: () => demoToken('u_1') });
  const page = await fixture(
    html`<crm-provider .crm=${crm}><crm-contact-log customer-id=${id}></crm-contact-log></crm-provider>`,
  );
  const log = page.querySelector('crm-contact-log')!;
  await waitUntil(() => part(log, 'entry') || part(log, 'message'), 'the log never loaded', { timeout: 8000 });
  return { log, crm };
}

describe('<crm-contact-log> against the reference API', () => {
  it('adds an entry through the form: Sending at once, then confirmed with its author', async () => {
    const { log } = await mount(customerId(1096));
    part(log, 'add')!.click();
    await log.updateComplete;
    const body = `Called about the renewal ${Date.now()}\nhttps://example.test/quote`;
    const field = root(log).querySelector<HTMLTextAreaElement>('#body')!;
    field.value = body;
    field.dispatchEvent(new Event('input'));
    const subject = root(log).querySelector<HTMLInputElement>('#subject')!;
    subject.value = 'Renewal';
    subject.dispatchEvent(new Event('input'));
    await log.updateComplete;
    part(log, 'submit')!.click();
    await log.updateComplete;
    expect(entryWithBody(log, body)?.getAttribute('part')).to.equal('entry sending');
    await waitUntil(() => entryWithBody(log, body)?.getAttribute('part') === 'entry', 'the entry was never confirmed', {
      timeout: 8000,
    });
    const saved = entryWithBody(log, body)!;
    expect(saved.querySelector('[part="author"]')!.textContent).not.to.equal('You');
    expect(saved.querySelector('[part="author"]')!.textContent!.trim()).not.to.equal('');
    expect(saved.querySelector('[part="subject"]')!.textContent).to.equal('Renewal');
    expect(saved.querySelector('a')!.getAttribute('href')).to.equal('https://example.test/quote');
    expect(field.value).to.equal('');
  });

  it('shows an entry another client added, live, at the top', async () => {
    const { log, crm } = await mount(customerId(1097));
    await waitUntil(() => crm.$live.get() === 'open', 'the live stream never opened', { timeout: 8000 });
    const body = `Added elsewhere ${Date.now()}`;
    const response = await fetch(`${apiUrl}v1/customers/${customerId(1097)}/contacts`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await demoToken('u_2')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify({ channel: 'chat', direction: 'inbound', body }),
    });
    expect(response.status).to.equal(201);
    await waitUntil(() => entryWithBody(log, body), 'the other client’s entry never appeared', { timeout: 8000 });
    expect(part(log, 'entry')!.querySelector('[part="body"]')!.textContent).to.equal(body);
    expect(part(log, 'channel')!.textContent!.trim()).to.equal('Chat');
  });
});
