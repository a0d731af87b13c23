import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { CrmApiError } from '../../api/errors.js';
import type { Customer } from '../../api/types.js';
import { StoreController } from '../../controllers/store-controller.js';
import { CrmElement } from '../../core/crm-element.js';
import { CrmAuthExpiredEvent } from '../../events/auth-expired-event.js';
import { CrmErrorEvent } from '../../events/error-event.js';
import type { Strings } from '../../i18n/index.js';
import type { ResourceState } from '../../stores/resource.js';
import { customerCardStyles } from './customer-card.styles.js';

const customerIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * @tagname crm-customer-card
 * @summary Shows one customer: who they are and which company they belong to.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`) or
 * data-driven (the `customer` property, no request).
 *
 * @csspart base - The card.
 * @csspart name - The customer's name (a heading).
 * @csspart company - The customer's company.
 * @csspart message - A notice in place of the customer (missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads again after an error.
 *
 * @cssprop [--crm-customer-card-padding=var(--crm-space-m)] - Space inside the card.
 * @cssprop [--crm-customer-card-min-block-size=5rem] - Height kept while loading, so content does not jump.
 *
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

  private readonly customerState = new StoreController<ResourceState<Customer>>(this);
  private reportedError: CrmApiError | undefined;

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const crm = this.crm;
    const id = this.trimmedId;
    const wanted = !this.customer && crm && id && customerIdPattern.test(id) ? crm.customerById(id) : undefined;
    this.customerState.setStore(wanted);
  }

  private get trimmedId(): string | undefined {
    return this.customerId?.trim() || undefined;
  }

  override updated(_changed: PropertyValues): void {
    const error = this.customerState.value?.error;
    if (error && error !== this.reportedError) {
      this.reportedError = error;
      this.dispatchEvent(new CrmErrorEvent(error));
      if (error.kind === 'auth') this.dispatchEvent(new CrmAuthExpiredEvent(error));
    }
  }

  private handleRetry(): void {
    const id = this.trimmedId;
    if (this.crm && id) void this.crm.reloadCustomer(id);
  }

  override render(): TemplateResult {
    const t = this.strings;
    if (this.customer) return this.renderCustomer(this.customer, false);
    const id = this.trimmedId;
    if (!id) return this.renderMessage(t.customerCard.missingId);
    if (!customerIdPattern.test(id)) return this.renderMessage(t.customerCard.invalidId(id));
    if (!this.crm) return this.renderMessage(t.customerCard.notConfigured);
    const state = this.customerState.value;
    if (state?.error && !state.loading) return this.renderError(state.error, t);
    if (state?.data) return this.renderCustomer(state.data, state.loading);
    return this.renderSkeleton(t);
  }

  private renderCustomer(customer: Customer, refreshing: boolean): TemplateResult {
    return html`
      <article part="base" lang=${this.resolvedLocale} aria-busy=${refreshing ? 'true' : 'false'} aria-label=${this.strings.customerCard.label}>
        <h2 part="name">${customer.name}</h2>
        ${customer.company ? html`<p part="company">${customer.company}</p>` : nothing}
      </article>
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
      <article part="base" lang=${this.resolvedLocale} aria-label=${this.strings.customerCard.label}>
        <p part="message" role="status">${message}</p>
      </article>
    `;
  }

  private renderError(error: CrmApiError, t: Strings): TemplateResult {
    const message =
      error.kind === 'http' && (error.status === 404 || error.status === 403)
        ? t.errors.notFound
        : error.kind === 'http'
          ? t.errors.server
          : t.errors[error.kind === 'aborted' ? 'network' : error.kind];
    return html`
      <article part="base" lang=${this.resolvedLocale} aria-label=${t.customerCard.label}>
        <p part="error" role="alert">${message}</p>
        ${error.retryable || error.kind !== 'validation'
          ? html`<button part="retry" type="button" @click=${this.handleRetry}>${t.errors.retry}</button>`
          : nothing}
      </article>
    `;
  }
}
