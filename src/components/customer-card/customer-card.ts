import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CrmApiError } from '../../api/errors.js';
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
import {
  changesOf,
  draftOf,
  editFields,
  fieldOf,
  problemsOf,
  storedValue,
  type Draft,
  type EditField,
  type FieldProblem,
  type FieldProblems,
} from './customer-edit.js';

/** An open edit form: the record it opened on, what the user typed, and how saving went. */
interface EditSession {
  /** Tells this session from a later one when a save answers after the form closed. */
  id: number;
  /** The version the form opened on; saves are checked against it (`If-Match`). */
  base: Customer;
  /** The inputs' text when the form opened, to tell untouched fields from changed ones. */
  initial: Draft;
  draft: Draft;
  problems: FieldProblems;
  saving: boolean;
  /** A save failed for another reason than a field or a conflict; the input is kept. */
  failure: CrmApiError | undefined;
  /** The server's record after a conflict: re-applying saves on top of it. */
  conflict: Customer | undefined;
}

type FocusTarget = EditField | 'edit' | 'conflict' | 'save';

let sessions = 0;

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
 * @summary Shows one customer: who they are and which company they belong to, and lets the user edit them.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`) or
 * data-driven (the `customer` property, no request).
 *
 * An id-driven card with an SDK instance has an Edit button (unless `compact` or `readonly`) that
 * turns the details into a form for name, email, phone and tags. Only the changed fields are
 * sent, checked first against the API's rules, with `If-Match` of the version the form opened
 * on. If someone else changed the customer meanwhile, the form keeps the user's input and shows
 * both versions of each changed field, to re-apply the changes on the new version or discard
 * them. A data-driven card (`customer` property) never edits: it never fetches, so it has no
 * version to save against — the host owns that data.
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
 * @csspart retry - The button that loads (or saves) again after an error.
 * @csspart edit - The button that opens the edit form.
 * @csspart form - The edit form.
 * @csspart field - One labelled field of the form (label, input, hint, error).
 * @csspart input - A text input of the form.
 * @csspart hint - The hint under the tags input.
 * @csspart field-error - The message under a field the API would refuse.
 * @csspart save - The form's Save button (shows "Saving…" while saving).
 * @csspart cancel - The form's Cancel button (Escape does the same).
 * @csspart conflict - The panel shown when someone else changed the customer since the form opened.
 * @csspart difference - One changed field in the conflict panel; `yours` and `theirs` hold its two values.
 * @csspart yours - The value the user entered, in the conflict panel.
 * @csspart theirs - The value now on the server, in the conflict panel.
 * @csspart reapply - The button that saves the user's changes on top of the server's version.
 * @csspart discard - The button that drops the user's changes and shows the server's version.
 *
 * @cssprop [--crm-customer-card-padding=var(--crm-space-m)] - Space inside the card.
 * @cssprop [--crm-customer-card-min-block-size=5rem] - Height kept while loading, so content does not jump.
 * @cssprop [--crm-customer-card-conflict-color=var(--crm-color-danger)] - The conflict panel's border.
 *
 * @fires {CrmCallRequestEvent} crm-call-request - The phone number was tapped; cancel it to dial natively instead of `tel:`.
 * @fires {CrmEmailRequestEvent} crm-email-request - The email address was tapped; cancel it to compose natively instead of `mailto:`.
 * @fires {CrmErrorEvent} crm-error - Loading or saving the customer failed (not a conflict or a refused field); `error` is the `CrmApiError`.
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

  /** Hides the Edit button: the card only shows the customer. */
  @property({ type: Boolean, attribute: 'readonly' }) readonly = false;

  /** The avatar URL that failed to load, so the initials show instead. */
  @state() private failedAvatar: string | undefined;

  /** The open edit form, if any. */
  @state() private edit: EditSession | undefined;

  private readonly customerState = new StoreController<ResourceState<Customer>>(this);
  /** Where focus goes once the next render is on screen. */
  private focusTarget: FocusTarget | undefined;

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const crm = this.crm;
    const id = this.trimmedId;
    const wanted = !this.customer && crm && id && isCustomerId(id) ? crm.customerById(id) : undefined;
    // Another customer, or a card that may no longer edit: the form belongs to what it opened on.
    if (this.edit && (changed.has('customerId') || this.customer || this.compact || this.readonly || !wanted)) this.edit = undefined;
    this.customerState.setStore(wanted);
  }

  private get trimmedId(): string | undefined {
    return this.customerId?.trim() || undefined;
  }

  override updated(_changed: PropertyValues): void {
    // While the form is open it is what the card shows, so its failure is the one to report.
    this.reportError(this.edit ? this.edit.failure : this.customerState.value?.error);
    const target = this.focusTarget;
    this.focusTarget = undefined;
    if (target) this.focusElement(target)?.focus();
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

  private handleEdit(customer: Customer): void {
    const draft = draftOf(customer);
    sessions += 1;
    this.edit = { id: sessions, base: customer, initial: draft, draft, problems: {}, saving: false, failure: undefined, conflict: undefined };
    this.focusTarget = 'name';
  }

  private handleInput(field: EditField, event: InputEvent): void {
    if (!this.edit) return;
    const problems = { ...this.edit.problems };
    delete problems[field];
    this.edit = { ...this.edit, draft: { ...this.edit.draft, [field]: (event.target as HTMLInputElement).value }, problems };
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.save();
  }

  private handleKeydown(event: KeyboardEvent): void {
    // Escape while composing (pinyin input) only drops the composition.
    if (event.key !== 'Escape' || event.isComposing) return;
    event.preventDefault();
    this.handleCancel();
  }

  private handleCancel(): void {
    if (!this.edit || this.edit.saving) return;
    this.edit = undefined;
    this.focusTarget = 'edit';
  }

  /** Drops the user's changes after a conflict: the card shows the server's record. */
  private handleDiscard(): void {
    this.handleCancel();
  }

  /**
   * Checks and sends the changed fields — on the version the form opened on, or after a conflict
   * on the server's newer one (re-apply). Whatever happens, the user's input stays until saved.
   */
  private async save(): Promise<void> {
    const edit = this.edit;
    const crm = this.crm;
    const id = this.trimmedId;
    if (!edit || edit.saving || !crm || !id) return;
    const patch = changesOf(edit.base, edit.initial, edit.draft);
    const problems = problemsOf(patch);
    const invalid = editFields.find((field) => problems[field]);
    if (invalid) {
      this.edit = { ...edit, problems, failure: undefined };
      this.focusTarget = invalid;
      return;
    }
    if (Object.keys(patch).length === 0) {
      this.handleCancel();
      return;
    }
    this.edit = { ...edit, problems: {}, saving: true, failure: undefined };
    const t = this.strings.customerCard;
    try {
      await crm.updateCustomer(id, patch, { base: edit.conflict ?? edit.base });
      if (this.edit?.id !== edit.id) return;
      this.edit = undefined;
      this.focusTarget = 'edit';
      this.announce(t.saved);
    } catch (caught) {
      if (this.edit?.id !== edit.id) return;
      const error = caught instanceof CrmApiError ? caught : new CrmApiError('network', 'The save failed.', { cause: caught });
      const current = error.kind === 'conflict' ? (error.current as Customer | undefined) : undefined;
      const field = error.kind === 'http' && (error.status === 400 || error.status === 422) ? fieldOf(error.field) : undefined;
      const saving = { ...this.edit, saving: false };
      if (current) {
        this.edit = { ...saving, conflict: current };
        this.focusTarget = 'conflict';
        this.announce(t.conflictAnnounced);
      } else if (field) {
        this.edit = { ...saving, problems: { [field]: { code: 'server' } } };
        this.focusTarget = field;
      } else {
        this.edit = { ...saving, failure: error };
        // The Save button was disabled under the user's focus: give them a place to continue from.
        if (!this.shadowRoot?.activeElement) this.focusTarget = 'save';
      }
    }
  }

  private focusElement(target: FocusTarget): HTMLElement | null | undefined {
    const selector = target === 'edit' ? '[part="edit"]' : target === 'save' ? '[part="save"], [part="reapply"]' : target === 'conflict' ? '#conflict-heading' : `#edit-${target}`;
    return this.shadowRoot?.querySelector<HTMLElement>(selector);
  }

  override render(): TemplateResult {
    const t = this.strings;
    if (this.customer) return this.renderCustomer(this.customer, false, false);
    const problem = this.customerIdProblem(this.trimmedId);
    if (problem) return this.renderMessage(problem);
    const state = this.customerState.value;
    // An open form stays whatever the store does (a refresh failing must not take the input away).
    if (this.edit) return this.renderCustomer(state?.data ?? this.edit.base, state?.loading ?? false, false);
    if (state?.error && !state.loading) return this.renderFailure(state.error, t);
    if (state?.data) return this.renderCustomer(state.data, state.loading, !this.compact && !this.readonly);
    return this.renderSkeleton(t);
  }

  private renderCustomer(customer: Customer, refreshing: boolean, editable: boolean): TemplateResult {
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
          ${editable
            ? html`<button part="edit" class="button" type="button" aria-label=${t.customerCard.editCustomer(customer.name)} @click=${() => this.handleEdit(customer)}>${t.customerCard.edit}</button>`
            : nothing}
        </header>
        ${this.compact ? nothing : this.edit ? this.renderForm(this.edit, t) : this.renderDetails(customer, t, locale)}
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

  private renderForm(edit: EditSession, t: Strings): TemplateResult {
    const c = t.customerCard;
    return html`
      <form part="form" novalidate aria-labelledby="edit-heading" aria-busy=${edit.saving ? 'true' : 'false'} @submit=${this.handleSubmit} @keydown=${this.handleKeydown}>
        <h3 id="edit-heading" class="form-heading">${c.editHeading}</h3>
        ${editFields.map((field) => this.renderField(field, edit, t))}
        ${edit.conflict ? this.renderConflict(edit, edit.conflict, t) : nothing}
        ${edit.failure ? html`<div class="failure">${this.renderError(edit.failure, () => void this.save())}</div>` : nothing}
        <div class="actions">
          ${edit.conflict
            ? nothing
            : html`<button part="save" class="button primary" type="submit" ?disabled=${edit.saving}>${edit.saving ? c.saving : c.save}</button>`}
          <button part="cancel" class="button" type="button" ?disabled=${edit.saving} @click=${this.handleCancel}>${c.cancel}</button>
        </div>
      </form>
    `;
  }

  private renderField(field: EditField, edit: EditSession, t: Strings): TemplateResult {
    const problem = edit.problems[field];
    const described = [field === 'tags' ? 'edit-tags-hint' : '', problem ? `edit-${field}-error` : ''].filter(Boolean).join(' ');
    const mode = field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text';
    return html`
      <div part="field" class="field">
        <label for="edit-${field}">${this.fieldLabel(field, t)}</label>
        <input
          id="edit-${field}"
          part="input"
          name=${field}
          type="text"
          inputmode=${mode}
          autocomplete="off"
          spellcheck="false"
          .value=${edit.draft[field]}
          ?readonly=${edit.saving}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          @input=${(event: InputEvent) => this.handleInput(field, event)}
        />
        ${field === 'tags' ? html`<p id="edit-tags-hint" part="hint" class="hint">${t.customerCard.tagsHint}</p>` : nothing}
        ${problem ? html`<p id="edit-${field}-error" part="field-error" class="field-error">${this.problemText(problem, t)}</p>` : nothing}
      </div>
    `;
  }

  private renderConflict(edit: EditSession, current: Customer, t: Strings): TemplateResult {
    const c = t.customerCard;
    const changes = changesOf(edit.base, edit.initial, edit.draft);
    const changed = editFields.filter((field) => field in changes);
    return html`
      <section part="conflict" class="conflict" aria-labelledby="conflict-heading">
        <h4 id="conflict-heading" tabindex="-1">${c.conflictHeading}</h4>
        <p>${c.conflictBody}</p>
        <dl class="differences">
          ${changed.map(
            (field) => html`<div part="difference" data-field=${field}>
              <dt>${this.fieldLabel(field, t)}</dt>
              <dd><span class="which">${c.yours}</span> <span part="yours">${this.valueText(changes[field] ?? null, t)}</span></dd>
              <dd><span class="which">${c.onServer}</span> <span part="theirs">${this.valueText(storedValue(current, field), t)}</span></dd>
            </div>`,
          )}
        </dl>
        <div class="actions">
          <button part="reapply" class="button primary" type="button" ?disabled=${edit.saving} @click=${() => void this.save()}>
            ${edit.saving ? c.saving : c.reapply}
          </button>
          <button part="discard" class="button" type="button" ?disabled=${edit.saving} @click=${this.handleDiscard}>${c.discard}</button>
        </div>
      </section>
    `;
  }

  private fieldLabel(field: EditField, t: Strings): string {
    return t.customerCard[field];
  }

  private valueText(value: string | string[] | null, t: Strings): string {
    const text = Array.isArray(value) ? value.join(', ') : value;
    return text || t.customerCard.emptyValue;
  }

  private problemText(problem: FieldProblem, t: Strings): string {
    const c = t.customerCard;
    switch (problem.code) {
      case 'required':
        return c.required;
      case 'tooLong':
        return c.tooLong(problem.max);
      case 'email':
        return c.invalidEmail;
      case 'phone':
        return c.invalidPhone;
      case 'tooManyTags':
        return c.tooManyTags(problem.max);
      case 'tagTooLong':
        return c.tagTooLong(problem.max);
      case 'server':
        return c.serverRejected;
    }
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
