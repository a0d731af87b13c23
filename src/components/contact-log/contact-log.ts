import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CrmApiError } from '../../api/errors.js';
import type { ContactChannel, ContactEntry, NewContactEntry } from '../../api/types.js';
import { StoreController } from '../../controllers/store-controller.js';
import { CrmElement } from '../../core/crm-element.js';
import { isCustomerId } from '../../core/customer-id.js';
import type { ContactLogEntry } from '../../crm.js';
import { CrmContactAddEvent } from '../../events/contact-add-event.js';
import { errorMessage } from '../../i18n/error-message.js';
import type { Strings } from '../../i18n/index.js';
import type { PagedState } from '../../stores/paged.js';
import { contactLogStyles } from './contact-log.styles.js';
import { channelIcon } from './icons.js';
import { excerpt, linkify, type BodySegment } from './linkify.js';

const channels: readonly ContactChannel[] = ['call', 'email', 'meeting', 'chat', 'sms', 'note'];
/** The reference API's limits (demo/server/validation.ts), checked before sending. */
const maxSubject = 200;
const maxBody = 10_000;
/** A body longer than this many lines or characters is shown collapsed, with "Show more". */
const collapsedLines = 4;
const collapsedChars = 280;

type Direction = 'inbound' | 'outbound' | '';
interface Draft {
  channel: ContactChannel;
  direction: Direction;
  subject: string;
  body: string;
}
type Field = 'subject' | 'body';
const emptyDraft = (channel: ContactChannel = 'call'): Draft => ({ channel, direction: '', subject: '', body: '' });

interface Day {
  key: string;
  entries: ContactLogEntry[];
}

/** `2025-03-04` for the local calendar day of `date`, or `''` for an invalid date. */
function dayKey(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Entries newest first (a stable sort: entries of one instant keep the API's order), by local day. */
function groupByDay(entries: readonly ContactLogEntry[]): Day[] {
  const time = (entry: ContactLogEntry) => {
    const value = Date.parse(entry.occurredAt);
    return Number.isNaN(value) ? -Infinity : value;
  };
  const days: Day[] = [];
  for (const entry of [...entries].sort((a, b) => time(b) - time(a))) {
    const key = dayKey(new Date(entry.occurredAt));
    const last = days[days.length - 1];
    if (last?.key === key) last.entries.push(entry);
    else days.push({ key, entries: [entry] });
  }
  return days;
}

/**
 * @tagname crm-contact-log
 * @summary A customer's contact history: calls, emails, meetings, chats, messages and notes by day, newest first, with a form to add an entry.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`, paged,
 * updated live, with the form) or data-driven (the `entries` property: no request, no form).
 * An entry added here appears at once as "Sending…"; if the server refuses it, it stays with its
 * text and offers Retry (same Idempotency-Key) and Discard.
 *
 * @csspart base - The log.
 * @csspart title - The heading of the log.
 * @csspart add - The button that shows or hides the form.
 * @csspart form - The form that adds an entry.
 * @csspart field-error - A form field's validation message.
 * @csspart submit - The form's submit button.
 * @csspart timeline - The list of days.
 * @csspart day - A day's heading (Today, Yesterday, or the date).
 * @csspart entry - One entry (also `entry sending` or `entry failed` while not confirmed).
 * @csspart channel - The entry's channel: an icon and its name.
 * @csspart direction - Inbound or outbound, when known.
 * @csspart author - Who wrote the entry ("You" for one not confirmed yet).
 * @csspart time - When the contact happened.
 * @csspart subject - The entry's subject.
 * @csspart body - The entry's text, line breaks kept; http(s) URLs are links.
 * @csspart link - A link in an entry's text.
 * @csspart toggle - The Show more / Show less button of a long entry.
 * @csspart status - "Sending…" on an entry being sent.
 * @csspart failure - Why an entry was not sent, with its `resend` and `discard` buttons.
 * @csspart resend - Sends a failed entry again.
 * @csspart discard - Drops a failed entry.
 * @csspart load-more - The button that loads older entries.
 * @csspart message - A notice in place of the log (empty, missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads again after an error.
 *
 * @cssprop [--crm-contact-log-padding=var(--crm-space-m)] - Space inside the log.
 * @cssprop [--crm-contact-log-min-block-size=12rem] - Height kept while loading, so content does not jump.
 * @cssprop [--crm-contact-log-rule-color=var(--crm-color-border)] - The timeline's line beside the entries.
 *
 * @fires {CrmContactAddEvent} crm-contact-add - The server confirmed an entry added through the form.
 * @fires {CrmErrorEvent} crm-error - Loading the log, or sending an entry, failed; `error` is the `CrmApiError`.
 * @fires {CrmAuthExpiredEvent} crm-auth-expired - The API refused a fresh token: the user must sign in again.
 */
export class CrmContactLog extends CrmElement {
  /** Theme tokens and the log's own rules, as adopted stylesheets. */
  static override styles = contactLogStyles;

  private readonly contacts = new StoreController<PagedState<ContactLogEntry>>(this);

  /** The id of the customer whose log to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /** Entries the host already holds; when set, nothing is loaded and there is no form. */
  @property({ attribute: false }) entries?: ContactEntry[];

  /** Whether the add-entry form is open. */
  @state() private formOpen = false;
  /** What the user has typed so far (kept across live updates, paging and closing the form). */
  @state() private draft: Draft = emptyDraft();
  @state() private fieldErrors: Partial<Record<Field, string>> = {};
  /** Ids of the long entries the user expanded. */
  @state() private expanded = new Set<string>();

  /** Stable DOM ids per entry, for `aria-controls` (entry ids are data, not fit as DOM ids). */
  private readonly domIds = new Map<string, string>();
  private shownCustomer: string | undefined;
  /** Whether the last request the user asked for was the next page (so Retry repeats that). */
  private lastAskedMore = false;
  private sendError: CrmApiError | undefined;

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const crm = this.crm;
    const id = this.trimmedId;
    const wanted = !this.entries && crm && id && isCustomerId(id) ? crm.contactsFor(id) : undefined;
    this.contacts.setStore(wanted);
    if (id !== this.shownCustomer) {
      // A draft belongs to the customer it was written for: never send it to another one.
      if (this.shownCustomer !== undefined) {
        this.draft = emptyDraft();
        this.fieldErrors = {};
        this.expanded = new Set();
      }
      this.shownCustomer = id;
    }
  }

  override updated(_changed: PropertyValues): void {
    this.reportError(this.contacts.value?.error);
    if (this.sendError) {
      this.reportError(this.sendError);
      this.sendError = undefined;
    }
  }

  private get trimmedId(): string | undefined {
    return this.customerId?.trim() || undefined;
  }

  private get canWrite(): boolean {
    return !this.entries && !!this.crm && !!this.trimmedId && isCustomerId(this.trimmedId);
  }

  private domId(prefix: string, entryId: string): string {
    let id = this.domIds.get(entryId);
    if (!id) {
      id = String(this.domIds.size + 1);
      this.domIds.set(entryId, id);
    }
    return `${prefix}-${id}`;
  }

  private handleRetry(): void {
    const id = this.trimmedId;
    if (!this.crm || !id) return;
    void (this.lastAskedMore ? this.crm.loadMoreContacts(id) : this.crm.reloadContacts(id));
  }

  private async handleLoadMore(): Promise<void> {
    const id = this.trimmedId;
    const crm = this.crm;
    if (!crm || !id || this.contacts.value?.loadingMore) return;
    this.lastAskedMore = true;
    const before = this.contacts.value?.data?.length ?? 0;
    await crm.loadMoreContacts(id);
    const after = this.contacts.value;
    if (after && !after.error) this.lastAskedMore = false;
    if (after && !after.error) this.announce(this.strings.contactLog.loadedMore(Math.max(0, (after.data?.length ?? 0) - before)));
  }

  private async toggleForm(): Promise<void> {
    this.formOpen = !this.formOpen;
    await this.updateComplete;
    if (this.formOpen) this.field('channel')?.focus();
  }

  private async closeForm(): Promise<void> {
    this.formOpen = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="add"]')?.focus();
  }

  private handleInput(field: keyof Draft, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
    this.draft = { ...this.draft, [field]: value };
    // A message about a field goes once the user changes it; it comes back only on the next submit.
    if (field in this.fieldErrors) {
      const rest = { ...this.fieldErrors };
      delete rest[field as Field];
      this.fieldErrors = rest;
    }
  }

  private validate(draft: Draft): Partial<Record<Field, string>> {
    const t = this.strings.contactLog;
    const number = (value: number) => new Intl.NumberFormat(this.resolvedLocale).format(value);
    const errors: Partial<Record<Field, string>> = {};
    const subject = draft.subject.trim();
    if (subject.length > maxSubject) errors.subject = t.tooLong(number(maxSubject), number(subject.length));
    if (!draft.body.trim()) errors.body = t.bodyRequired;
    else if (draft.body.length > maxBody) errors.body = t.tooLong(number(maxBody), number(draft.body.length));
    return errors;
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const crm = this.crm;
    const customerId = this.trimmedId;
    if (!crm || !customerId) return;
    const draft = this.draft;
    const errors = this.validate(draft);
    this.fieldErrors = errors;
    const firstInvalid = (['subject', 'body'] as const).find((field) => errors[field]);
    if (firstInvalid) {
      await this.updateComplete;
      this.field(firstInvalid)?.focus();
      return;
    }
    const entry: NewContactEntry = {
      channel: draft.channel,
      direction: draft.direction || null,
      ...(draft.subject.trim() ? { subject: draft.subject.trim() } : {}),
      body: draft.body,
    };
    let sending: Promise<ContactEntry>;
    try {
      sending = crm.addContactEntry(customerId, entry);
    } catch (error) {
      // The entry never reached the log: the text stays in the form.
      this.announce(this.strings.contactLog.failed);
      if (error instanceof Error && error.name === 'CrmApiError') this.sendError = error as CrmApiError;
      this.requestUpdate();
      return;
    }
    // The form is cleared once the log holds the entry (as "Sending…", and kept if it fails).
    const accepted = () => this.contacts.value?.data?.some((item) => item.pending !== undefined && item.body === entry.body);
    if (accepted()) this.clearDraft(draft);
    await this.settle(customerId, sending, () => this.clearDraft(draft));
  }

  /** Clears the form, unless the user already started another entry. */
  private clearDraft(sent: Draft): void {
    if (this.draft !== sent) return;
    this.draft = emptyDraft(sent.channel);
    this.fieldErrors = {};
  }

  /** Announces how a send ended, and reports a failure. */
  private async settle(customerId: string, sending: Promise<ContactEntry>, onAdded?: () => void): Promise<void> {
    const t = this.strings.contactLog;
    try {
      const saved = await sending;
      onAdded?.();
      this.announce(t.added);
      this.dispatchEvent(new CrmContactAddEvent({ customerId, entry: saved }));
    } catch (error) {
      this.announce(t.failed);
      if (error instanceof Error && error.name === 'CrmApiError') {
        this.sendError = error as CrmApiError;
        this.requestUpdate();
      }
    }
  }

  private handleResend(entry: ContactLogEntry): void {
    const crm = this.crm;
    const customerId = this.trimmedId;
    if (!crm || !customerId) return;
    void this.settle(customerId, crm.retryContactEntry(customerId, entry.id));
  }

  private async handleDiscard(entry: ContactLogEntry): Promise<void> {
    const crm = this.crm;
    const customerId = this.trimmedId;
    if (!crm || !customerId) return;
    crm.discardContactEntry(customerId, entry.id);
    this.announce(this.strings.contactLog.discarded);
    await this.updateComplete;
    // The focused button is gone with its entry: put focus somewhere sensible.
    (this.renderRoot.querySelector<HTMLElement>('#body') ?? this.renderRoot.querySelector<HTMLElement>('[part="add"]'))?.focus();
  }

  private toggleEntry(entryId: string): void {
    const expanded = new Set(this.expanded);
    if (expanded.has(entryId)) expanded.delete(entryId);
    else expanded.add(entryId);
    this.expanded = expanded;
  }

  private field(name: 'channel' | Field): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`#${name}`);
  }

  override render(): TemplateResult {
    const t = this.strings;
    if (this.entries) return this.renderBase(this.renderTimeline(this.entries, t), false, false);
    const problem = this.customerIdProblem(this.trimmedId);
    if (problem) return this.renderBase(this.renderNotice(problem), false, false);
    const state = this.contacts.value;
    const data = state?.data;
    if (!data) {
      if (state?.error && !state.loading) return this.renderBase(this.renderError(state.error, () => this.handleRetry()), false, false);
      return this.renderBase(this.renderSkeleton(t), true, true);
    }
    return this.renderBase(
      html`${this.renderTimeline(data, t)}${this.renderMore(state, t)}${state.error && !state.loading && !state.loadingMore
        ? this.renderError(state.error, () => this.handleRetry())
        : nothing}`,
      state.loading,
      true,
    );
  }

  private renderBase(content: unknown, busy: boolean, withForm: boolean): TemplateResult {
    const t = this.strings.contactLog;
    const form = withForm && this.canWrite;
    return html`
      <section part="base" lang=${this.resolvedLocale} aria-labelledby="title" aria-busy=${busy ? 'true' : 'false'}>
        <header class="head">
          <h2 part="title" id="title">${t.title}</h2>
          ${form
            ? html`<button part="add" class="button" type="button" aria-expanded=${this.formOpen ? 'true' : 'false'} aria-controls="form"
                @click=${() => this.toggleForm()}>${t.addEntry}</button>`
            : nothing}
        </header>
        ${form && this.formOpen ? this.renderForm(this.strings) : nothing}
        ${content}
      </section>
    `;
  }

  private renderForm(t: Strings): TemplateResult {
    const s = t.contactLog;
    const draft = this.draft;
    const errors = this.fieldErrors;
    const max = new Intl.NumberFormat(this.resolvedLocale).format(maxBody);
    const described = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;
    return html`
      <form part="form" id="form" novalidate aria-label=${s.form} @submit=${(event: SubmitEvent) => this.handleSubmit(event)}>
        <div class="row">
          <div class="field">
            <label for="channel">${s.channelLabel}</label>
            <select id="channel" @change=${(event: Event) => this.handleInput('channel', event)}>
              ${channels.map((channel) => html`<option value=${channel} ?selected=${draft.channel === channel}>${s.channel(channel)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="direction">${s.directionLabel}</label>
            <select id="direction" @change=${(event: Event) => this.handleInput('direction', event)}>
              <option value="" ?selected=${draft.direction === ''}>${s.directionNone}</option>
              <option value="inbound" ?selected=${draft.direction === 'inbound'}>${s.directionOption('inbound')}</option>
              <option value="outbound" ?selected=${draft.direction === 'outbound'}>${s.directionOption('outbound')}</option>
            </select>
          </div>
        </div>
        <div class="field">
          <label for="subject">${s.subjectLabel}</label>
          <input id="subject" type="text" autocomplete="off" .value=${draft.subject}
            aria-invalid=${errors.subject ? 'true' : 'false'} aria-describedby=${ifDefined(described(!!errors.subject && 'subject-error'))}
            @input=${(event: Event) => this.handleInput('subject', event)} />
          ${errors.subject ? html`<p part="field-error" id="subject-error" class="field-error">${errors.subject}</p>` : nothing}
        </div>
        <div class="field">
          <label for="body">${s.bodyLabel}</label>
          <textarea id="body" rows="4" required .value=${draft.body}
            aria-invalid=${errors.body ? 'true' : 'false'} aria-describedby=${ifDefined(described(!!errors.body && 'body-error', 'body-hint'))}
            @input=${(event: Event) => this.handleInput('body', event)}></textarea>
          <p id="body-hint" class="hint">${s.bodyHint(max)}</p>
          ${errors.body ? html`<p part="field-error" id="body-error" class="field-error">${errors.body}</p>` : nothing}
        </div>
        <div class="actions">
          <button part="submit" class="button primary" type="submit">${s.submit}</button>
          <button class="button quiet" type="button" @click=${() => this.closeForm()}>${s.close}</button>
        </div>
      </form>
    `;
  }

  private renderTimeline(entries: readonly ContactLogEntry[], t: Strings): TemplateResult {
    if (entries.length === 0) return this.renderNotice(t.contactLog.empty);
    const today = new Date();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
    const labels = new Map([
      [dayKey(today), t.contactLog.today],
      [dayKey(yesterday), t.contactLog.yesterday],
    ]);
    const dayFormat = new Intl.DateTimeFormat(this.resolvedLocale, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
    const timeFormat = new Intl.DateTimeFormat(this.resolvedLocale, { hour: 'numeric', minute: '2-digit' });
    return html`
      <ol part="timeline" class="days" role="list">
        ${repeat(
          groupByDay(entries),
          (day) => day.key,
          (day) => {
            const label = day.key ? labels.get(day.key) ?? dayFormat.format(new Date(day.entries[0]!.occurredAt)) : t.contactLog.unknownDay;
            return html`<li class="day">
              <h3 part="day">${day.key ? html`<time datetime=${day.key}>${label}</time>` : label}</h3>
              <ol class="entries" role="list">
                ${repeat(day.entries, (entry) => entry.id, (entry) => this.renderEntry(entry, t, timeFormat))}
              </ol>
            </li>`;
          },
        )}
      </ol>
    `;
  }

  private renderEntry(entry: ContactLogEntry, t: Strings, timeFormat: Intl.DateTimeFormat): TemplateResult {
    const s = t.contactLog;
    const occurred = new Date(entry.occurredAt);
    const segments = linkify(entry.body);
    const short = excerpt(segments, collapsedLines, collapsedChars);
    const expanded = this.expanded.has(entry.id);
    const bodyId = this.domId('body', entry.id);
    const parts = ['entry', entry.pending].filter(Boolean).join(' ');
    return html`<li part=${parts} class="entry">
      <p class="meta">
        <span part="channel" class="channel">${channelIcon(entry.channel)}<span>${s.channel(entry.channel)}</span></span>
        ${entry.direction === 'inbound' || entry.direction === 'outbound' ? html`<span part="direction">${s.direction(entry.direction, entry.channel)}</span>` : nothing}
        <span part="author">${entry.pending ? s.you : entry.author.name}</span>
        ${Number.isNaN(occurred.getTime()) ? nothing : html`<time part="time" datetime=${entry.occurredAt}>${timeFormat.format(occurred)}</time>`}
      </p>
      ${entry.subject ? html`<p part="subject">${entry.subject}</p>` : nothing}
      <p part="body" id=${bodyId}>${this.renderSegments(short && !expanded ? short : segments)}${short && !expanded ? '…' : ''}</p>
      ${short
        ? html`<button part="toggle" class="button quiet" type="button" aria-expanded=${expanded ? 'true' : 'false'} aria-controls=${bodyId}
            @click=${() => this.toggleEntry(entry.id)}>${expanded ? s.showLess : s.showMore}</button>`
        : nothing}
      ${entry.pending === 'sending' ? html`<p part="status" class="status">${s.sending}</p>` : nothing}
      ${entry.pending === 'failed' ? this.renderFailure(entry, t) : nothing}
    </li>`;
  }

  private renderSegments(segments: BodySegment[]): unknown[] {
    return segments.map((segment) =>
      segment.href === undefined
        ? segment.text
        : html`<a part="link" href=${segment.href} rel="noopener noreferrer nofollow" target="_blank">${segment.text}</a>`,
    );
  }

  private renderFailure(entry: ContactLogEntry, t: Strings): TemplateResult {
    const s = t.contactLog;
    const reason = entry.error ? errorMessage(entry.error, t) : t.errors.server;
    return html`<div part="failure" class="failure">
      <p class="reason">${s.notSent(reason)}</p>
      <div class="actions">
        <button part="resend" class="button" type="button" @click=${() => this.handleResend(entry)}>${s.resend}</button>
        <button part="discard" class="button quiet" type="button" @click=${() => this.handleDiscard(entry)}>${s.discard}</button>
      </div>
    </div>`;
  }

  private renderMore(state: PagedState<ContactLogEntry>, t: Strings): TemplateResult | typeof nothing {
    if (!state.hasMore) return nothing;
    const s = t.contactLog;
    // aria-disabled rather than disabled: the button keeps focus while the next page loads.
    return html`<button part="load-more" class="button load-more" type="button" aria-disabled=${state.loadingMore ? 'true' : 'false'}
      @click=${() => this.handleLoadMore()}>${state.loadingMore ? s.loadingMore : s.loadMore}</button>`;
  }

  private renderSkeleton(t: Strings): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true">
        <div class="skeleton-line day-line"></div>
        ${[0, 1, 2].map(() => html`<div class="skeleton-entry"><div class="skeleton-line"></div><div class="skeleton-line"></div></div>`)}
      </div>
      <span class="visually-hidden" role="status">${t.contactLog.loading}</span>
    `;
  }
}
