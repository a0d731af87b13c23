// crm-widgets/react: the @lit/react wrappers mounted by React 19 in every engine, data-driven and
// against the reference API, with their typed event props.
import { expect, waitUntil } from '@open-wc/testing';
import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import type { CrmCallRequestEvent } from '../../src/events/call-request-event.js';
import type { CrmOrderSelectEvent } from '../../src/events/order-select-event.js';
import { CrmProvider, CustomerCard, OrderList } from '../../src/react/index.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';
import { apiUrl, demoToken } from '../helpers/reference-api.js';

const part = (element: Element | null, name: string) =>
  element?.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('crm-widgets/react', () => {
  let container: HTMLElement;
  let root: Root;
  const render = (element: ReactElement) => flushSync(() => root.render(element));

  beforeEach(() => {
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
  });
  afterEach(() => {
    root.unmount();
    container.remove();
  });

  it('passes an object property to a data-driven card and delivers its typed event', async () => {
    const calls: CrmCallRequestEvent[] = [];
    const customer = { ...sampleCustomer, phone: '+86 138 0013 8000' };
    render(
      createElement(CustomerCard, {
        customer,
        onCrmCallRequest: (event: CrmCallRequestEvent) => {
          event.preventDefault();
          calls.push(event);
        },
      }),
    );
    const card = container.querySelector('crm-customer-card')!;
    await waitUntil(() => part(card, 'name')?.textContent === customer.name, 'the card never showed the customer');
    part(card, 'phone')!.click();
    expect(calls.map((event) => [event.customerId, event.phone])).to.deep.equal([[customer.id, customer.phone]]);
  });

  it('keeps an object property and an event prop through server rendering and hydration', async () => {
    // What Next.js does on a full page load: the server's HTML first, then hydrateRoot.
    const calls: string[] = [];
    const customer = { ...sampleCustomer, phone: '+86 138 0013 8000' };
    const app = () =>
      createElement(CustomerCard, {
        customer,
        onCrmCallRequest: (event: CrmCallRequestEvent) => {
          event.preventDefault();
          calls.push(event.phone);
        },
      });
    root.unmount();
    container.innerHTML = renderToString(app());
    expect(container.querySelector('crm-customer-card')).to.not.equal(null);
    root = hydrateRoot(container, app());
    const card = container.querySelector('crm-customer-card')!;
    await waitUntil(
      () => part(card, 'name')?.textContent === customer.name,
      'the hydrated card never showed the customer',
    );
    part(card, 'phone')!.click();
    expect(calls).to.deep.equal([customer.phone]);
  });

  it('loads by id through a provider given getToken, and an order selection reaches onCrmOrderSelect', async () => {
    const token = await demoToken();
    const selected: CrmOrderSelectEvent[] = [];
    render(
      createElement(
        CrmProvider,
        { baseUrl: apiUrl, getToken: () => token },
        createElement(CustomerCard, { customerId: 'c_1280' }),
        createElement(OrderList, {
          customerId: 'c_1280',
          onCrmOrderSelect: (event: CrmOrderSelectEvent) => selected.push(event),
        }),
      ),
    );
    const card = container.querySelector('crm-customer-card')!;
    const list = container.querySelector('crm-order-list')!;
    await waitUntil(() => part(card, 'name')?.textContent, 'the card never loaded', { timeout: 8000 });
    await waitUntil(() => part(list, 'number'), 'the list never loaded', { timeout: 8000 });
    const number = part(list, 'number')!;
    number.click();
    expect(selected).to.have.length(1);
    expect(selected[0]!.customerId).to.equal('c_1280');
    expect(selected[0]!.order.number).to.equal(number.textContent!.trim());
  });
});
