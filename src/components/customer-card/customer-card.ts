import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CrmApiError } from '../../api/errors.js';
import type { Customer } from '../../api/types.js';
import { StoreController } from '../../controllers/store-controller.js';
import { CrmElement } from '../../core/crm-element.js';
import { isCustomerId } from '../../core/customer-id.js';
import { safeEmail, safeHttpUrl, telTarget } from '../../core/safe-url.js';
import { CrmCallRequestEvent } from '../../events/call-request-event.js';
import { CrmEmailRequestEvent } from '../../events/email-request-event.js';
import { formatDate, formatMoney, formatRelative } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import type { ResourceState } from '../../stores/resource.js';
import { customerCardStyles } from './customer-card.styles.js';

/** Tiers with a style of their own; any other tier shows its text with the neutral style. */
const tiers = new Set(['bronze', 'silver', 'gold', 'platinum']);

/** One of six background tones, stable per customer (never a colour taken from data). */
function toneOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 6;
}

/** `黄雨桐` → `雨桐`, `Olivia Smith` → `OS`: what a contact list would show. */
function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (/^\p{Script=Han}+$/u.test(trimmed)) return [...trimmed].slice(-2).join('');
  const words = trimmed.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => [...word][0]!.toUpperCase()).join('') || '?';
}

/**
 * @tagname crm-customer-card
 * @summary Shows one customer: who they are and which company they belong to.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`) or
 * data-driven (the `customer` property, no request).
 *
 * @csspart base - The card.
 * @csspart avatar - The picture, or the initials when there is none (or it fails to load).
 * @csspart name - The customer's name (a heading).
 * @csspart company - The customer's company.
 * @csspart tier - The tier badge (its text is the tier: not colour alone).
 * @csspart tags - The list of tags; each is a `tag` part.
 * @csspart details - The list of facts (email, phone, lifetime value, dates, owner).
 * @csspart email - The email link.
 * @csspart phone - The phone link.
 * @csspart message - A notice in place of the customer (missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads again after an error.
 *
 * @cssprop [--crm-customer-card-padding=var(--crm-space-m)] - Space inside the card.
 * @cssprop [--crm-customer-card-min-block-size=5rem] - Height kept while loading, so content does not jump.
 *
 * @fires {CrmCallRequestEvent} crm-call-request - The phone number was tapped; cancel it to dial natively instead of `tel:`.
 * @fires {CrmEmailRequestEvent} crm-email-request - The email address was tapped; cancel it to compose natively instead of `mailto:`.
 * @fires {CrmErrorEvent} crm-error - Loading the customer failed; `error` is the `CrmApiError`.
 * @fires {CrmAuthExpiredEvent} crm-auth-expired - The API refused a fresh token: the user must sign in again.
 */
export class CrmCustomerCard extends CrmElement {
  /** Theme tokens and the card's own rules, as adopted stylesheets. */
  static override styles = customerCardStyles;

  /** The id of the customer to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /** A customer the host already holds; when set, nothing is loaded. */
  @property({ attribute: false }) customer?: Customer;

  /** Name, company and tier only: for lists. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** The avatar URL that failed to load, so the initials show instead. */
  @state() private failedAvatar: string | undefined;

  private readonly customerState = new StoreController<ResourceState<Customer>>(this);

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const crm = this.crm;
    const id = this.trimmedId;
    const wanted = !this.customer && crm && id && isCustomerId(id) ? crm.customerById(id) : undefined;
    this.customerState.setStore(wanted);
  }

  private get trimmedId(): string | undefined {
    return this.customerId?.trim() || undefined;
  }

  override updated(_changed: PropertyValues): void {
    this.reportError(this.customerState.value?.error);
  }

  private handleEmail(event: MouseEvent, customer: Customer, email: string): void {
    if (!this.dispatchEvent(new CrmEmailRequestEvent({ customerId: customer.id, email }))) event.preventDefault();
  }

  private handleCall(event: MouseEvent, customer: Customer, phone: string): void {
    if (!this.dispatchEvent(new CrmCallRequestEvent({ customerId: customer.id, phone }))) event.preventDefault();
  }

  private handleRetry(): void {
    const id = this.trimmedId;
    if (this.crm && id) void this.crm.reloadCustomer(id);
  }

  override render(): TemplateResult {
    const t = this.strings;
    if (this.customer) return this.renderCustomer(this.customer, false);
    const problem = this.customerIdProblem(this.trimmedId);
    if (problem) return this.renderMessage(problem);
    const state = this.customerState.value;
    if (state?.error && !state.loading) return this.renderFailure(state.error, t);
    if (state?.data) return this.renderCustomer(state.data, state.loading);
    return this.renderSkeleton(t);
  }

  private renderCustomer(customer: Customer, refreshing: boolean): TemplateResult {
    const t = this.strings;
    const locale = this.resolvedLocale;
    const tier = customer.tier && tiers.has(customer.tier) ? customer.tier : customer.tier ? 'other' : undefined;
    return html`
      <article part="base" lang=${locale} aria-busy=${refreshing ? 'true' : 'false'} aria-label=${t.customerCard.label}>
        <header class="head">
          ${this.renderAvatar(customer)}
          <div class="title">
            <h2 part="name">${customer.name}</h2>
            ${customer.company ? html`<p part="company">${customer.company}</p>` : nothing}
          </div>
          ${tier ? html`<span part="tier" class="tier tier-${tier}">${t.customerCard.tier(customer.tier!)}</span>` : nothing}
        </header>
        ${this.compact ? nothing : this.renderDetails(customer, t, locale)}
      </article>
    `;
  }

  private renderAvatar(customer: Customer): TemplateResult {
    const url = safeHttpUrl(customer.avatarUrl);
    const showImage = url !== undefined && url !== this.failedAvatar;
    return html`<span part="avatar" class="avatar tone-${toneOf(customer.id)}" aria-hidden="true">
      ${showImage
        ? html`<img src=${url} alt="" referrerpolicy="no-referrer" @error=${() => (this.failedAvatar = url)} />`
        : initialsOf(customer.name)}
    </span>`;
  }

  private renderDetails(customer: Customer, t: Strings, locale: string): TemplateResult {
    const email = safeEmail(customer.email);
    const tel = telTarget(customer.phone);
    return html`
      ${customer.tags.length > 0
        ? html`<ul part="tags" aria-label=${t.customerCard.tags}>
            ${customer.tags.map((tag) => html`<li part="tag">${tag}</li>`)}
          </ul>`
        : nothing}
      <dl part="details">
        ${customer.email
          ? html`<div><dt>${t.customerCard.email}</dt><dd>${email
              ? html`<a part="email" href="mailto:${email}" @click=${(event: MouseEvent) => this.handleEmail(event, customer, email)}>${customer.email}</a>`
              : customer.email}</dd></div>`
          : nothing}
        ${customer.phone
          ? html`<div><dt>${t.customerCard.phone}</dt><dd>${tel
              ? html`<a part="phone" href="tel:${tel}" @click=${(event: MouseEvent) => this.handleCall(event, customer, customer.phone!)}>${customer.phone}</a>`
              : customer.phone}</dd></div>`
          : nothing}
        <div><dt>${t.customerCard.lifetimeValue}</dt><dd>${formatMoney(customer.lifetimeValue, locale)}</dd></div>
        <div><dt>${t.customerCard.customerSince}</dt><dd><time datetime=${customer.createdAt}>${formatDate(customer.createdAt, locale)}</time></dd></div>
        <div><dt>${t.customerCard.lastContact}</dt><dd>${customer.lastContactAt
          ? html`<time datetime=${customer.lastContactAt} title=${formatDate(customer.lastContactAt, locale)}>${formatRelative(customer.lastContactAt, locale)}</time>`
          : t.customerCard.noContactYet}</dd></div>
        ${customer.owner ? html`<div><dt>${t.customerCard.owner}</dt><dd>${customer.owner.name}</dd></div>` : nothing}
      </dl>
    `;
  }

  private renderSkeleton(t: Strings): TemplateResult {
    return html`
      <article part="base" lang=${this.resolvedLocale} aria-busy="true" aria-label=${t.customerCard.label}>
        <div class="skeleton-line"></div>
        <div class="skeleton-line"></div>
        <span class="visually-hidden" role="status">${t.customerCard.loading}</span>
      </article>
    `;
  }

  private renderMessage(message: string): TemplateResult {
    return html`
      <article part="base" lang=${this.resolvedLocale} aria-label=${this.strings.customerCard.label}>${this.renderNotice(message)}</article>
    `;
  }

  private renderFailure(error: CrmApiError, t: Strings): TemplateResult {
    return html`
      <article part="base" lang=${this.resolvedLocale} aria-label=${t.customerCard.label}>
        ${this.renderError(error, () => this.handleRetry())}
      </article>
    `;
  }
}
