import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CrmApiError } from '../../api/errors.js';
import type { Customer } from '../../api/types.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { Crm, EditResolution, PendingEdit } from '../../stores/crm.js';
import { CrmElement } from '../crm-element.js';
import { safeEmail, safeHttpUrl, telTarget } from '../../core/safe-url.js';
import { CrmCallRequestEvent } from '../../events/call-request-event.js';
import { CrmEmailRequestEvent } from '../../events/email-request-event.js';
import { formatDate, formatMoney, formatRelative } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import { customerCardStyles } from './customer-card.styles.js';
import { placeholderCustomer } from './placeholder.js';
import {
  changesOf,
  draftOf,
  draftWith,
  editFields,
  fieldOf,
  problemsOf,
  type Draft,
  type EditField,
  type FieldProblems,
} from './customer-edit.js';
import { customerCardEn } from '../../i18n/en-customer-card.js';

type CardStrings = Strings['customerCard'];

/**
 * An open edit form: the record it opened on, what the user typed, and how saving went. Replaced
 * (never changed) on every step, so a save that answers finds out whether its form is still open.
 */
interface EditSession {
  /** The version the form opened on; saves are checked against it (`If-Match`), and untouched inputs show it. */
  base: Customer;
  draft: Draft;
  problems: FieldProblems;
  saving?: boolean;
  /** A save failed for another reason than a field or a conflict; the input is kept. */
  error?: CrmApiError | undefined;
  /** The server's record after a conflict: re-applying saves on top of it. */
  conflict?: Customer;
  /**
   * An edit kept on the device (offline on) that met a conflict or a refusal when it was sent, shown
   * again: the inputs as it was queued. Settled with `resolveEdit()` unless the user changed the
   * inputs since.
   */
  queued?: Draft;
}

/**
 * The form again for an edit kept on the device that the server did not take: with the conflict
 * panel, or with the refusal under its field (or under the form, with Try again).
 */
function queuedSession({ base, patch, current, error }: PendingEdit): EditSession {
  const draft = draftWith(base, patch);
  const field = error?.kind === 'http' ? fieldOf(error.field) : undefined;
  return {
    base,
    draft,
    problems: field ? { [field]: { code: 'server' } } : {},
    queued: draft,
    ...(current ? { conflict: current } : field ? {} : { error }),
  };
}

/** Whether a pending edit is one the user must settle in the form (a conflict is, once the server's record is known). */
const unsettled = (pending: PendingEdit | undefined): pending is PendingEdit =>
  (pending?.state === 'conflict' && !!pending.current) || pending?.state === 'failed';

/** `黄雨桐` → `雨桐`, `Olivia Smith` → `OS`: what a contact list would show. */
function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (/^\p{Script=Han}+$/u.test(trimmed)) return [...trimmed].slice(-2).join('');
  // The first character of the first and of the last word (a whole code point, not half of one).
  const [first = '', ...rest] = trimmed.split(/\s+/).map((word) => [...word][0]);
  return (first + (rest.pop() ?? '')).toUpperCase() || '?';
}

/** One of six background tones, stable per customer (never a colour taken from data). */
function toneOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 6;
}

/** A label and its value in a description list. */
const row = (label: string, value: unknown) =>
  html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

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
 * With the instance's `offline` on, an edit saved without network shows "Saved on this device —
 * sends when you are online" until it is sent, also across a relaunch; if the customer changed on
 * the server meanwhile, the same conflict panel opens for it. A card painted from the device says
 * how old it is ("As of 10:42").
 *
 * With `insights`, the card also shows the compact form of `<crm-customer-insights>` for its
 * customer (segment badge, churn level, expected next order), loaded through the same SDK instance
 * — also for a data-driven card, when there is an instance. The insights element is loaded only
 * once a card asks for it: without the attribute the card costs nothing more.
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
 * @csspart stale - "As of 10:42", while the customer shown is the one kept on the device and not confirmed since.
 * @csspart status - "Saved on this device — sends when you are online" (or "Saving…") for an edit kept on the device.
 * @csspart message - A notice in place of the customer (missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads (or saves) again after an error.
 * @csspart edit - The button that opens the edit form.
 * @csspart form - The edit form.
 * @csspart notice - In the form, that this device cannot keep unsent changes (offline on, no storage); once per page.
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
 * @csspart insights - The nested `<crm-customer-insights compact>` (with `insights`); its own parts are not exported.
 *
 * @cssprop [--crm-customer-card-padding=var(--crm-space-m)] - Space inside the card.
 * @cssprop [--crm-customer-card-min-block-size=5rem] - Height kept while loading, so content does not jump.
 * @cssprop [--crm-customer-card-avatar-size=3rem] - The avatar's width and height.
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
  protected static override englishStrings = { customerCard: customerCardEn };

  /** The customer shown: the host's, or loaded for `customer-id`. */
  private readonly data = this.customerData<Customer>({
    customerId: () => this.customerId,
    given: () => this.customer,
    store: (crm, id) => crm.customerById(id),
    retry: (crm, id) => crm.reloadCustomer(id),
    // While the form is open it is what the card shows: its failure is the one to show and report.
    quiet: () => !!this.edit,
  });

  /** The id of the customer to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /** A customer the host already holds; when set, nothing is loaded. */
  @property({ attribute: false }) customer?: Customer;

  /** Name, company and tier only: for lists. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Hides the Edit button: the card only shows the customer. */
  @property({ type: Boolean }) readonly = false;

  /** Also shows the customer's insights in compact form (segment, churn risk, next order). */
  @property({ type: Boolean }) insights = false;

  /** The avatar URL that failed to load, so the initials show instead. */
  @state() private failedAvatar: string | undefined;

  /** The open edit form, if any. */
  @state() private edit: EditSession | undefined;

  /** This customer's edit kept on the device (offline on), if any. */
  private readonly pendingEdit = new StoreController<PendingEdit | undefined>(this);
  /** Whose edit `pendingEdit` follows. */
  private pendingOf: { crm: Crm; id: string } | undefined;
  /** The pending edit's state as last rendered, and whether it waited on the device since it was made or re-applied. */
  private pendingShown: { state?: PendingEdit['state']; waited?: boolean } = {};

  /** Whether the card may edit: it loads its customer by id through an instance, and is neither compact nor readonly. */
  private editable = false;

  /** A selector of what gets focus once the next render is on screen. */
  private focusTarget: string | undefined;

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.editable = !!this.data.target && !this.compact && !this.readonly;
    // Another customer, or a card that may no longer edit: the form belongs to what it opened on.
    if (changed.has('customerId') || !this.editable) this.edit = undefined;
    this.followPendingEdit();
    // Loaded on first use, so a card without insights does not carry them (bundles inline it).
    if (this.insights) void import('../customer-insights/crm-customer-insights.js');
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.announcePendingEdit();
    // The store's failures are the controller's to report; the open form's are the card's.
    if (this.edit) this.reportError(this.edit.error, false);
    if (this.focusTarget) this.renderRoot.querySelector<HTMLElement>(this.focusTarget)?.focus();
    this.focusTarget = undefined;
  }

  /**
   * Follows this customer's edit kept on the device: one that met a conflict opens the form with
   * the conflict panel, one the server refused the form with its reason (unless the user is
   * editing), and that form closes once the edit was settled elsewhere (another tab).
   */
  private followPendingEdit(): void {
    const target = this.data.target;
    if (target?.crm !== this.pendingOf?.crm || target?.id !== this.pendingOf?.id) {
      this.pendingOf = target;
      this.pendingShown = {};
      this.pendingEdit.setStore(target?.crm.pendingEdit(target.id));
    }
    const pending = this.pendingEdit.value;
    const edit = this.edit;
    if (unsettled(pending) && this.editable && !edit) this.edit = queuedSession(pending);
    else if (edit?.queued && !edit.saving && !unsettled(pending)) this.edit = undefined;
    // The server's record came after the conflict itself: the panel compares with it.
    else if (edit?.queued && pending?.current && edit.conflict && edit.conflict !== pending.current)
      this.edit = { ...edit, conflict: pending.current };
  }

  /**
   * Announces what became of an edit kept on the device: a conflict, a refusal, or sent once it had
   * waited. (That it was kept is announced where the user saved it.)
   */
  private announcePendingEdit(): void {
    const state = this.pendingEdit.value?.state;
    const { state: last, waited } = this.pendingShown;
    this.pendingShown = { state, waited: state === 'queued' || (waited && state === 'sending') };
    if (state === last) return;
    const t = this.strings.customerCard;
    if (state === 'conflict') this.announce(t.conflictAnnounced);
    else if (state === 'failed') this.announce(t.queuedRefused);
    else if (!state && waited) this.announce(t.queuedSent);
  }

  private handleEdit(customer: Customer): void {
    this.edit = { base: customer, draft: draftOf(customer), problems: {} };
    this.focusTarget = '#edit-name';
  }

  /** An input of the form changed: its `name` is its field. */
  private handleInput(event: InputEvent): void {
    const edit = this.edit!;
    const { name, value } = event.target as HTMLInputElement;
    // The inputs are read-only while saving: the form a save answers must stay the one it sent.
    if (!edit.saving)
      this.edit = {
        ...edit,
        draft: { ...edit.draft, [name]: value },
        problems: { ...edit.problems, [name]: undefined },
      };
  }

  private handleKeydown(event: KeyboardEvent): void {
    // Escape while composing (pinyin input) only drops the composition.
    if (event.key !== 'Escape' || event.isComposing) return;
    event.preventDefault();
    this.handleCancel();
  }

  /** Cancel, Escape, and Discard after a conflict: the card shows the store's record again. */
  private handleCancel(): void {
    if (this.edit?.queued) void this.settleQueued('discard');
    else if (!this.edit?.saving) this.closeForm();
  }

  /**
   * Settles an edit kept on the device that met a conflict or a refusal: drops it, or sends it
   * again (on top of the server's record). Inputs changed since it was queued are a new edit
   * instead: the queued one is dropped and the form saves what it holds now, as any conflict's
   * re-apply does.
   */
  private async settleQueued(resolution: EditResolution): Promise<void> {
    const edit = this.edit;
    if (!edit?.queued || edit.saving) return;
    const changed = editFields.some((field) => edit.draft[field] !== edit.queued![field]);
    const sent: EditSession = { ...edit, saving: true, error: undefined };
    this.edit = sent;
    const error = await this.crm!.resolveEdit(this.data.customerId!, changed ? 'discard' : resolution).then(
      () => undefined,
      (caught: CrmApiError) => caught,
    );
    if (this.edit !== sent) return;
    if (error) {
      this.edit = { ...sent, saving: false, error };
      return;
    }
    if (resolution === 'discard') return this.closeForm();
    if (changed) {
      this.edit = { ...sent, saving: false, queued: undefined };
      return this.save();
    }
    this.closeForm();
    this.announceSaved();
  }

  /**
   * Says where a save went: to the server, or onto the device until the network is back. (An edit
   * the server did not take is announced as its state changes, see `announcePendingEdit()`.)
   */
  private announceSaved(): void {
    const state = this.pendingEdit.value?.state;
    if (state === 'queued') this.pendingShown = { ...this.pendingShown, waited: true };
    if (state === 'queued' || state === undefined)
      this.announce(state ? this.strings.common.queued : this.strings.customerCard.saved);
  }

  private closeForm(): void {
    this.edit = undefined;
    this.focusTarget = '[part=edit]';
  }

  /**
   * Checks and sends the changed fields — on the version the form opened on, or after a conflict
   * on the server's newer one (re-apply). Whatever happens, the user's input stays until saved.
   * Handles the form's submit (which it keeps from reaching the page) and the Retry and Re-apply clicks.
   */
  private async save(event?: Event): Promise<void> {
    event?.preventDefault();
    const edit = this.edit;
    if (!edit || edit.saving) return;
    if (edit.queued) return this.settleQueued('reapply');
    const patch = changesOf(edit.base, edit.draft);
    const problems = problemsOf(patch);
    // Problems come in form order: the first one gets focus.
    const [invalid] = Object.keys(problems);
    if (invalid) {
      this.edit = { ...edit, problems, error: undefined };
      this.focusTarget = `#edit-${invalid}`;
      return;
    }
    if (!Object.keys(patch).length) return this.closeForm();
    const sent: EditSession = { ...edit, problems: {}, saving: true, error: undefined };
    this.edit = sent;
    const t = this.strings.customerCard;
    // The form is open only while the card loads its customer through an instance (see `willUpdate`),
    // and every failure of an SDK request is a `CrmApiError`.
    const error = await this.crm!.updateCustomer(this.data.customerId!, patch, {
      base: edit.conflict ?? edit.base,
    }).then(
      () => undefined,
      (caught: CrmApiError) => caught,
    );
    // The form closed or changed meanwhile: the answer is not for it.
    if (this.edit !== sent) return;
    if (!error) {
      this.closeForm();
      return this.announceSaved();
    }
    // Only a conflict carries the server's record.
    const current = error.current as Customer | undefined;
    const field =
      error.kind === 'http' && (error.status === 400 || error.status === 422) ? fieldOf(error.field) : undefined;
    this.edit = {
      ...sent,
      saving: false,
      ...(current ? { conflict: current } : field ? { problems: { [field]: { code: 'server' } } } : { error }),
    };
    // After any other failure the Save button was disabled under the user's focus: give them a place to continue from.
    this.focusTarget = current
      ? '#conflict-heading'
      : field
        ? `#edit-${field}`
        : this.shadowRoot!.activeElement
          ? undefined
          : '[part=save],[part=reapply]';
    if (current) this.announce(t.conflictAnnounced);
  }

  override render(): TemplateResult {
    const t = this.strings.customerCard;
    const edit = this.edit;
    return html`<article
      part="base"
      lang=${this.resolvedLocale}
      aria-busy=${edit ? !!this.data.state?.loading : this.data.busy}
      aria-label=${t.label}
    >
      ${this.data.render({
        // An open form stays whatever the store does (a refresh failing must not take the input away).
        pending: () =>
          edit
            ? this.renderCustomer(edit.base, t)
            : this.renderLoading(this.renderCustomer(placeholderCustomer, t, true), t.loading),
        complete: (customer, error) => [
          this.renderCustomer(customer, t),
          this.renderStoredAt(this.data),
          this.renderPendingEdit(),
          error,
        ],
      })}
    </article>`;
  }

  /** The customer; as a `placeholder`, without the nested insights, which would load their own data. */
  private renderCustomer(customer: Customer, t: CardStrings, placeholder = false): TemplateResult {
    const { id, name, company, tier, owner, createdAt, lastContactAt: last } = customer;
    const locale = this.resolvedLocale;
    const avatar = safeHttpUrl(customer.avatarUrl);
    const mail = safeEmail(customer.email);
    const tel = telTarget(customer.phone);
    // The email or phone row: a link when the value is safe to link to; the host may cancel the request to handle it natively.
    const contact = (field: 'email' | 'phone', href: string | undefined, request: () => Event) => {
      const text = customer[field];
      return text
        ? row(
            t[field],
            href
              ? html`<a
                  part=${field}
                  href=${href}
                  @click=${(event: Event) => this.dispatchEvent(request()) || event.preventDefault()}
                  >${text}</a
                >`
              : text,
          )
        : nothing;
    };
    // Line breaks go inside `${}`, where the minifier drops them, not into the template's text.
    return html`<header>
        <span part="avatar" class="tone-${toneOf(id)}" aria-hidden="true"
          >${
            avatar && avatar !== this.failedAvatar
              ? html`<img
                  src=${avatar}
                  alt=""
                  referrerpolicy="no-referrer"
                  @error=${() => (this.failedAvatar = avatar)}
                />`
              : initialsOf(name)
          }</span
        >
        <div>
          <h2 part="name">${name}</h2>
          ${company ? html`<p part="company">${company}</p>` : nothing}
        </div>
        ${
          tier
            ? html`<span part="tier" class=${tier === 'gold' || tier === 'platinum' ? 'premium' : ''}
                >${t.tier(tier)}</span
              >`
            : nothing
        }${
          this.editable && !this.edit
            ? html`<button
                part="edit"
                class="button"
                type="button"
                aria-label=${t.editCustomer(name)}
                @click=${() => this.handleEdit(customer)}
              >
                ${t.edit}
              </button>`
            : nothing
        }
      </header>
      ${
        this.insights && this.crm && !placeholder
          ? html`<crm-customer-insights
              part="insights"
              compact
              customer-id=${id}
              locale=${locale}
              theme=${this.theme ?? nothing}
            ></crm-customer-insights>`
          : nothing
      }${
        this.compact
          ? nothing
          : this.edit
            ? this.renderForm(this.edit, t)
            : html`${
                  customer.tags.length
                    ? html`<ul part="tags" aria-label=${t.tags}>
                        ${customer.tags.map((tag) => html`<li part="tag">${tag}</li>`)}
                      </ul>`
                    : nothing
                }
                <dl part="details">
                  ${contact('email', mail && `mailto:${mail}`, () => new CrmEmailRequestEvent({ customerId: id, email: mail! }))}${contact(
                    'phone',
                    tel && `tel:${tel}`,
                    () => new CrmCallRequestEvent({ customerId: id, phone: customer.phone! }),
                  )}${row(t.lifetimeValue, formatMoney(customer.lifetimeValue, locale))}${row(
                    t.customerSince,
                    html`<time datetime=${createdAt}>${formatDate(createdAt, locale)}</time>`,
                  )}${row(
                    t.lastContact,
                    last
                      ? html`<time datetime=${last} title=${formatDate(last, locale)}
                          >${formatRelative(last, locale)}</time
                        >`
                      : t.noContactYet,
                  )}${owner ? row(t.owner, owner.name) : nothing}
                </dl>`
      }`;
  }

  /** How an edit kept on the device is doing; a conflict shows as the form's conflict panel instead. */
  private renderPendingEdit(): TemplateResult | typeof nothing {
    const state = this.pendingEdit.value?.state;
    if (state !== 'queued' && state !== 'sending') return nothing;
    return html`<p part="status">
      ${state === 'queued' ? this.strings.common.queued : this.strings.customerCard.saving}
    </p>`;
  }

  /** The edit form, with the conflict panel when someone else changed the customer since it opened. */
  private renderForm(edit: EditSession, t: CardStrings): TemplateResult {
    const { saving, conflict, error, problems } = edit;
    // One side of a changed field in the conflict panel: tags as text, nothing as "(empty)".
    const side = (label: string, part: string, value: string | string[] | null | undefined) =>
      html`<dd>
        <span class="which">${label}</span>
        <span part=${part}>${(Array.isArray(value) ? value.join(', ') : value) || t.emptyValue}</span>
      </dd>`;
    return html`<form
      part="form"
      novalidate
      aria-labelledby="edit-heading"
      aria-busy=${!!saving}
      @submit=${this.save}
      @keydown=${this.handleKeydown}
    >
      <h3 id="edit-heading">${t.editHeading}</h3>
      ${this.renderMemoryNotice()}
      ${editFields.map((field) => {
        const id = `edit-${field}`;
        const problem = problems[field];
        const message = problem && t.problems[problem.code];
        return html`<div part="field">
          <label for=${id}>${t[field]}</label
          ><input
            id=${id}
            part="input"
            name=${field}
            inputmode=${field === 'phone' ? 'tel' : field === 'email' ? field : nothing}
            autocomplete="off"
            spellcheck="false"
            .value=${edit.draft[field]}
            ?readonly=${saving}
            aria-invalid=${!!problem}
            aria-describedby=${
              `${field === 'tags' ? 'edit-tags-hint ' : ''}${problem ? `${id}-error` : ''}`.trim() || nothing
            }
            @input=${this.handleInput}
          />${field === 'tags' ? html`<p id="edit-tags-hint" part="hint">${t.tagsHint}</p>` : nothing}${
            problem
              ? html`<p id="${id}-error" part="field-error">
                  ${typeof message === 'function' ? message('max' in problem ? problem.max : 0) : message}
                </p>`
              : nothing
          }
        </div>`;
      })}${
        conflict
          ? html`<section part="conflict" aria-labelledby="conflict-heading">
              <h4 id="conflict-heading" tabindex="-1">${t.conflictHeading}</h4>
              <p>${t.conflictBody}</p>
              <dl>
                ${Object.entries(changesOf(edit.base, edit.draft)).map(
                  ([field, value]) =>
                    html`<div part="difference" data-field=${field}>
                      <dt>${t[field as EditField]}</dt>
                      ${side(t.yours, 'yours', value)}${side(t.onServer, 'theirs', conflict[field as EditField])}
                    </div>`,
                )}
              </dl>
              <div class="actions">
                ${this.renderButton('reapply', saving ? t.saving : t.reapply, this.save, true)}${this.renderButton(
                  'discard',
                  t.discard,
                  this.handleCancel,
                )}
              </div>
            </section>`
          : nothing
      }${error ? html`<div>${this.renderError(error, this.save, false)}</div>` : nothing}
      <div class="actions">
        ${
          conflict ? nothing : this.renderButton('save', saving ? t.saving : t.save)
        }${this.renderButton('cancel', t.cancel, this.handleCancel)}
      </div>
    </form>`;
  }

  /** A button of the form, disabled while a save is under way; without `click` it submits the form. */
  private renderButton(part: string, label: string, click?: () => unknown, primary = !click): TemplateResult {
    return html`<button
      part=${part}
      class="button ${primary ? 'primary' : ''}"
      type=${click ? 'button' : 'submit'}
      ?disabled=${this.edit!.saving}
      @click=${click}
    >
      ${label}
    </button>`;
  }
}
