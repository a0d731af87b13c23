import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { createBridge, type CrmBridge } from '../../src/bridge/index.js';
import { CrmApiError } from '../../src/api/errors.js';
import type { ContactEntry, Order } from '../../src/api/types.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { CrmAuthExpiredEvent } from '../../src/events/auth-expired-event.js';
import { CrmCallRequestEvent } from '../../src/events/call-request-event.js';
import { CrmContactAddEvent } from '../../src/events/contact-add-event.js';
import { CrmEmailRequestEvent } from '../../src/events/email-request-event.js';
import { CrmErrorEvent } from '../../src/events/error-event.js';
import { CrmOrderSelectEvent } from '../../src/events/order-select-event.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';
import { installHost, type FakeHost } from './helpers.js';

const order: Order = {
  id: 'o_1',
  number: 'SO-1001',
  customerId: 'c_1042',
  status: 'paid',
  total: { amount: 12_900, currency: 'CNY' },
  items: [{ sku: 'A-1', name: '电源', quantity: 1, unitPrice: { amount: 12_900, currency: 'CNY' } }],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};
const entry: ContactEntry = {
  id: 'e_1',
  customerId: 'c_1042',
  channel: 'call',
  direction: 'outbound',
  body: 'Called about the invoice.',
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};

describe('bridge events', () => {
  let host: FakeHost | undefined;
  let bridge: CrmBridge | undefined;
  afterEach(() => {
    bridge?.stop();
    host?.uninstall();
    bridge = host = undefined;
  });
  const start = () => {
    host = installHost('react-native');
    bridge = createBridge();
    return host;
  };
  const events = () => host!.sent().filter((message) => message.type === 'event');

  it('sends every crm-* request and selection event with a JSON copy of its fields', async () => {
    const source = await fixture(html`<span></span>`);
    start();
    const cause = new Error('Authorization: Bearer secret-token');
    const error = new CrmApiError('http', 'The server answered 404.', { status: 404, title: 'Not found', cause });
    const dispatched = [
      new CrmCallRequestEvent({ customerId: 'c_1042', phone: '+86 138 0013 8000' }),
      new CrmEmailRequestEvent({ customerId: 'c_1042', email: 'huang296@163.com' }),
      new CrmOrderSelectEvent({ customerId: 'c_1042', order }),
      new CrmContactAddEvent({ customerId: 'c_1042', entry }),
      new CrmErrorEvent(error),
      new CrmAuthExpiredEvent(new CrmApiError('auth', 'The token was refused.', { status: 401, cause })),
    ];
    for (const event of dispatched) source.dispatchEvent(event);
    expect(events().map((message) => message.payload)).to.deep.equal([
      { name: 'crm-call-request', detail: { customerId: 'c_1042', phone: '+86 138 0013 8000' } },
      { name: 'crm-email-request', detail: { customerId: 'c_1042', email: 'huang296@163.com' } },
      { name: 'crm-order-select', detail: { customerId: 'c_1042', order } },
      { name: 'crm-contact-add', detail: { customerId: 'c_1042', entry } },
      { name: 'crm-error', detail: { error: { kind: 'http', status: 404, message: 'The server answered 404.' } } },
      { name: 'crm-auth-expired', detail: { error: { kind: 'auth', status: 401, message: 'The token was refused.' } } },
    ]);
    expect(host!.raw.join('\n')).not.to.contain('secret');
    // Requests are cancelled, so the page does not act too; the others are not cancelable.
    expect(dispatched.map((event) => event.defaultPrevented)).to.deep.equal([true, true, false, false, false, false]);
  });

  it('does not send other events', async () => {
    const source = await fixture(html`<span></span>`);
    start();
    source.dispatchEvent(new Event('crm-something', { bubbles: true, composed: true }));
    source.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(events()).to.deep.equal([]);
  });

  describe('a tapped phone number in <crm-customer-card>', () => {
    let clicks: boolean[];
    // Records whether the tap was cancelled (after every other listener), then cancels it so the
    // test page itself never navigates to tel:.
    const record = (event: Event) => {
      clicks.push(event.defaultPrevented);
      event.preventDefault();
    };
    beforeEach(() => {
      clicks = [];
      window.addEventListener('click', record);
    });
    afterEach(() => window.removeEventListener('click', record));

    async function tapPhone() {
      const card = await fixture<CrmCustomerCard>(
        html`<crm-customer-card .customer=${{ ...sampleCustomer, phone: '+8613800138000' }}></crm-customer-card>`,
      );
      await waitUntil(() => card.shadowRoot!.querySelector('a[part="phone"]'), 'no phone link');
      const link = card.shadowRoot!.querySelector<HTMLAnchorElement>('a[part="phone"]')!;
      expect(link.href).to.equal('tel:+8613800138000');
      link.click();
    }

    it('reaches native, and the page does not follow the tel: link', async () => {
      start();
      await tapPhone();
      expect(events().map((message) => message.payload)).to.deep.equal([
        { name: 'crm-call-request', detail: { customerId: 'c_1042', phone: '+8613800138000' } },
      ]);
      expect(clicks).to.deep.equal([true]);
    });

    it('is left to the page when there is no native host', async () => {
      bridge = createBridge();
      expect(bridge.host).to.equal('none');
      await tapPhone();
      expect(clicks).to.deep.equal([false]);
    });

    it('is left to the page once the bridge is stopped', async () => {
      start().raw.length = 0;
      bridge!.stop();
      await tapPhone();
      expect(clicks).to.deep.equal([false]);
      expect(events()).to.deep.equal([]);
    });
  });

  it('reports a request the page cancelled first as cancelled, so native does not act on it', async () => {
    const source = await fixture(html`<span></span>`);
    source.addEventListener('crm-call-request', (event) => event.preventDefault());
    start();
    source.dispatchEvent(new CrmCallRequestEvent({ customerId: 'c_1042', phone: '+1 555 0100' }));
    source.parentElement!.dispatchEvent(new CrmEmailRequestEvent({ customerId: 'c_1042', email: 'a@example.test' }));
    expect(events().map((message) => message.payload)).to.deep.equal([
      { name: 'crm-call-request', detail: { customerId: 'c_1042', phone: '+1 555 0100' }, cancelled: true },
      { name: 'crm-email-request', detail: { customerId: 'c_1042', email: 'a@example.test' } },
    ]);
  });
});
