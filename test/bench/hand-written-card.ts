/**
 * The bench's anchor: `<crm-customer-card customer-id>` as a partner would write it by hand with Lit
 * and `fetch` — no SDK, no stores, no string tables, no theme tokens. It shows what the SDK's card
 * shows when it is not editing (avatar initials, name, company, tier, tags, email and phone links,
 * lifetime value, customer since, last contact, owner), with a loading state of the same height and
 * an error line, so the SDK's pages are compared with an honest equivalent rather than with a toy.
 * Bundled for its bench page by rollup + terser (see card-bundles.ts); not part of the package.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

interface Money {
  amount: number;
  currency: string;
}

interface Customer {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  tags: string[];
  tier?: string;
  owner?: { name: string };
  lifetimeValue: Money;
  createdAt: string;
  lastContactAt?: string;
}

const api = { baseUrl: '', token: '' };

/** Where the card's requests go and the bearer token they carry (the host's backend hands it out). */
export function configureCustomerCard(options: { baseUrl: string; token: string }): void {
  Object.assign(api, options);
}

const locale = navigator.language;

/** An amount in minor units (cents) in the user's locale, with the currency's own number of decimals. */
function formatMoney({ amount, currency }: Money): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

const formatDate = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));

/** "3 days ago": the largest unit that fits. */
function formatRelative(iso: string): string {
  const days = Math.round((Date.parse(iso) - Date.now()) / 86_400_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(days) >= 365) return format.format(Math.round(days / 365), 'year');
  if (Math.abs(days) >= 30) return format.format(Math.round(days / 30), 'month');
  return format.format(days, 'day');
}

const initialsOf = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0])
    .filter((_, index, all) => index === 0 || index === all.length - 1)
    .join('')
    .toUpperCase();

const tones = ['#dbeafe', '#dcfce7', '#fef3c7', '#fce7f3', '#ede9fe', '#e0f2fe'];
const toneOf = (id: string) => tones[[...id].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 0) % 6];

const row = (label: string, value: unknown) =>
  html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

@customElement('crm-customer-card')
export class HandWrittenCustomerCard extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font-family: system-ui, sans-serif;
      line-height: 1.5;
      color: #1b1f24;
    }
    article {
      box-sizing: border-box;
      min-block-size: 5rem;
      padding: 1rem;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      background: #fff;
      overflow-wrap: anywhere;
    }
    header {
      display: flex;
      gap: 1rem;
      align-items: center;
    }
    header div {
      flex: 1;
      min-inline-size: 0;
    }
    .avatar {
      display: grid;
      place-items: center;
      inline-size: 3rem;
      aspect-ratio: 1;
      border-radius: 50%;
      font-weight: 600;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
      line-height: 1.3;
    }
    p,
    dd,
    dl {
      margin: 0;
    }
    .company,
    dt {
      color: #57606a;
    }
    .tier,
    li,
    dt {
      font-size: 0.875rem;
    }
    .tier {
      padding-inline: 0.5rem;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      margin: 1rem 0 0;
      padding: 0;
      list-style: none;
    }
    li {
      padding-inline: 0.5rem;
      border-radius: 0.5rem;
      background: #e8ebef;
    }
    dl {
      display: grid;
      gap: 0.5rem;
      margin-block-start: 1rem;
    }
    dl div {
      display: grid;
      grid-template-columns: minmax(7rem, auto) 1fr;
      align-items: baseline;
    }
    a {
      color: #0b57d0;
    }
    .loading {
      block-size: 1em;
      margin-block: 0.5rem;
      border-radius: 0.25rem;
      background: #e8ebef;
    }
    .error {
      color: #b3261e;
    }
  `;

  @property({ attribute: 'customer-id' }) customerId?: string;

  @state() private customer?: Customer;
  @state() private error?: string;

  private request?: AbortController;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('customerId')) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.request?.abort();
  }

  /** Loads the customer for the current id, dropping an answer for an id the card no longer shows. */
  private async load(): Promise<void> {
    this.request?.abort();
    this.customer = this.error = undefined;
    if (!this.customerId) return;
    const request = (this.request = new AbortController());
    try {
      const response = await fetch(`${api.baseUrl}v1/customers/${encodeURIComponent(this.customerId)}`, {
        headers: { authorization: `Bearer ${api.token}`, accept: 'application/json' },
        signal: request.signal,
      });
      if (!response.ok) throw new Error(`The CRM answered ${response.status}.`);
      this.customer = (await response.json()) as Customer;
    } catch (error) {
      if (!request.signal.aborted) this.error = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const customer = this.customer;
    return html`<article part="base" aria-busy=${!customer && !this.error}>
      ${
        customer
          ? this.renderCustomer(customer)
          : this.error
            ? html`<p class="error" role="alert">Could not load the customer. ${this.error}</p>`
            : html`<div class="loading"></div>
                <div class="loading"></div>`
      }
    </article>`;
  }

  private renderCustomer(customer: Customer) {
    const { id, name, company, email, phone, tier, owner } = customer;
    return html`<header>
        <span class="avatar" style="background:${toneOf(id)}" aria-hidden="true">${initialsOf(name)}</span>
        <div>
          <h2 part="name">${name}</h2>
          ${company ? html`<p class="company">${company}</p>` : nothing}
        </div>
        ${tier ? html`<span class="tier">${tier[0]!.toUpperCase() + tier.slice(1)}</span>` : nothing}
      </header>
      ${
        customer.tags.length
          ? html`<ul aria-label="Tags">
              ${customer.tags.map((tag) => html`<li>${tag}</li>`)}
            </ul>`
          : nothing
      }
      <dl>
        ${email ? row('Email', html`<a href="mailto:${email}">${email}</a>`) : nothing}
        ${phone ? row('Phone', html`<a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>`) : nothing}
        ${row('Lifetime value', formatMoney(customer.lifetimeValue))}
        ${row('Customer since', html`<time datetime=${customer.createdAt}>${formatDate(customer.createdAt)}</time>`)}
        ${row('Last contact', customer.lastContactAt ? formatRelative(customer.lastContactAt) : 'No contact yet')}
        ${owner ? row('Owner', owner.name) : nothing}
      </dl>`;
  }
}
