import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CrmApiError } from '../../api/errors.js';
import type { ContactChannel, ContactEntry } from '../../api/types.js';
import { CrmElement } from '../crm-element.js';
import type { ContactLogEntry, Crm } from '../../stores/crm.js';
import { CrmContactAddEvent } from '../../events/contact-add-event.js';
import { errorMessage } from '../../i18n/error-message.js';
import { dateTimeFormat, formatNumber } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import type { PagedState } from '../../stores/paged.js';
import { contactLogStyles } from './contact-log.styles.js';
import { channelIcon } from './icons.js';
import { excerpt, linkify } from './linkify.js';
import { fieldLimits } from '../../api/limits.js';
import { contactLogEn } from '../../i18n/en-contact-log.js';

const channels: readonly ContactChannel[] = ['call', 'email', 'meeting', 'chat', 'sms', 'note'];
const directions = ['', 'inbound', 'outbound'] as const;
/** The API's limits, checked before sending. */
const maxSubject = fieldLimits.contact.subject.maxLength;
const maxBody = fieldLimits.contact.body.maxLength;

interface Draft {
  channel: ContactChannel;
  direction: (typeof directions)[number];
  subject: string;
  body: string;
}
type Field = 'subject' | 'body';
const skeletonEntry = html`<div class="skeleton-entry">
  <div class="skeleton-line"></div>
  <div class="skeleton-line"></div>
</div>`;
const emptyDraft = (channel: ContactChannel = 'call'): Draft => ({ channel, direction: '', subject: '', body: '' });

/** `2025-03-04` for the local calendar day of `date`, or `''` for an invalid date. */
const dayKey = (date: Date): string =>
  isNaN(+date) ? '' : new Date(+date - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/**
 * Entries newest first (a stable sort: entries of one instant keep the API's order), by local day:
 * `[dayKey, entries]` pairs, undated entries last under `''`.
 */
function groupByDay(entries: readonly ContactLogEntry[]): [string, ContactLogEntry[]][] {
  const time = (entry: ContactLogEntry) => {
    const value = Date.parse(entry.occurredAt);
    return isNaN(value) ? -Infinity : value;
  };
  const days = new Map<string, ContactLogEntry[]>();
  for (const entry of [...entries].sort((a, b) => time(b) - time(a))) {
    const key = dayKey(new Date(entry.occurredAt));
    const day = days.get(key);
    if (day) day.push(entry);
    else days.set(key, [entry]);
  }
  return [...days];
}

/**
 * @tagname crm-contact-log
 * @summary A customer's contact history: calls, emails, meetings, chats, messages and notes by day, newest first, with a form to add an entry.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`, paged,
 * updated live, with the form) or data-driven (the `entries` property: no request, no form).
 * An entry added here appears at once as "Sending…"; if the server refuses it, it stays with its
 * text and offers Retry (same Idempotency-Key) and Discard. With the instance's `offline` on, an
 * entry written without network stays as "Saved on this device — sends when you are online" until
 * it is sent, also across a relaunch; a log painted from the device says how old it is ("As of 10:42").
 *
 * @csspart base - The log.
 * @csspart title - The heading of the log.
 * @csspart stale - "As of 10:42", while the log shown is the one kept on the device and not confirmed since.
 * @csspart add - The button that shows or hides the form.
 * @csspart form - The form that adds an entry.
 * @csspart notice - In the form, that this device cannot keep unsent entries (offline on, no storage); once per page.
 * @csspart field-error - A form field's validation message.
 * @csspart submit - The form's submit button.
 * @csspart timeline - The list of days.
 * @csspart day - A day's heading (Today, Yesterday, or the date).
 * @csspart entry - One entry (also `entry queued`, `entry sending` or `entry failed` while not confirmed).
 * @csspart channel - The entry's channel: an icon and its name.
 * @csspart direction - Inbound or outbound, when known.
 * @csspart author - Who wrote the entry ("You" for one not confirmed yet).
 * @csspart time - When the contact happened.
 * @csspart subject - The entry's subject.
 * @csspart body - The entry's text, line breaks kept; http(s) URLs are links.
 * @csspart link - A link in an entry's text.
 * @csspart toggle - The Show more / Show less button of a long entry.
 * @csspart status - "Sending…" on an entry being sent; "Saved on this device — sends when you are online" on a queued one.
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
  protected static override englishStrings = { contactLog: contactLogEn };

  /** The entries shown: the host's, or loaded page by page for `customer-id`. */
  private readonly data = this.customerData<ContactLogEntry[], PagedState<ContactLogEntry>>({
    customerId: () => this.customerId,
    given: () => this.entries,
    store: (crm, id) => crm.contactsFor(id),
    // A failed older page is asked for again; anything else (a failed first load or refresh) reloads.
    retry: (crm, id) => crm.retryContacts(id),
    errorBesideData: true,
  });

  /** The id of the customer whose log to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /** Entries the host already holds; when set, nothing is loaded and there is no form. */
  @property({ attribute: false }) entries?: ContactEntry[];

  /** Whether the add-entry form is open. */
  @state() private formOpen = false;
  /** What the user has typed so far (kept across live updates, paging and closing the form). */
  @state() private draft = emptyDraft();
  /** The form fields' validation messages, by field. */
  @state() private errors: Partial<Record<Field, string>> = {};

  /** The trimmed `customer-id` as of the last update. */
  private shownId: string | undefined;
  /** Ids of the long entries the user expanded (changed in place, with `requestUpdate()`). */
  private readonly expanded = new Set<string>();
  /** Ids of entries seen waiting on the device (`queued`): what becomes of them is announced. */
  private readonly queued = new Set<string>();

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const id = this.data.customerId;
    if (id !== this.shownId) {
      // A draft belongs to the customer it was written for: never send it to another one.
      this.draft = emptyDraft();
      this.errors = {};
      this.expanded.clear();
      this.queued.clear();
      this.shownId = id;
    }
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.announceQueued();
  }

  /**
   * Announces what became of entries that waited on the device: sent (the server's entry replaced
   * them) or refused. Their sending happens in the background, when the network is back, so
   * nothing else tells the user. (That an entry was queued is announced by `send()`.)
   */
  private announceQueued(): void {
    const entries = this.data.state?.data;
    if (!entries) return;
    const pending = new Map(entries.map((entry) => [entry.id, entry.pending]));
    let sent = 0;
    let failed = 0;
    for (const id of this.queued) {
      const now = pending.get(id);
      if (now === 'queued' || now === 'sending') continue;
      this.queued.delete(id);
      if (now === 'failed') failed++;
      else sent++;
    }
    for (const [id, state] of pending) if (state === 'queued') this.queued.add(id);
    const s = this.strings.contactLog;
    const message = [sent ? s.queuedSent(sent) : '', failed ? s.failed : ''].filter(Boolean).join(' ');
    if (message) this.announce(message);
  }

  // Handlers bound in templates as `@event=${this.handler}`: Lit calls them with `this` the element.

  private async loadMore(): Promise<void> {
    const target = this.data.target;
    const before = this.data.state;
    if (!target || before?.loadingMore) return;
    await target.crm.loadMoreContacts(target.id);
    const after = this.data.state;
    if (after && !after.error) {
      this.announce(
        this.strings.contactLog.loadedMore(Math.max(0, (after.data?.length ?? 0) - (before?.data?.length ?? 0))),
      );
    }
  }

  /** Opens the form (focusing its first field) or closes it (focusing Add entry again). */
  private toggleForm(): void {
    this.formOpen = !this.formOpen;
    void this.refocus('#channel');
  }

  private onInput(event: Event): void {
    const { id, value } = event.target as HTMLInputElement;
    this.draft = { ...this.draft, [id]: value };
    // A message about a field goes once the user changes it; it comes back only on the next submit.
    if (this.errors[id as Field]) this.errors = { ...this.errors, [id]: undefined };
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const s = this.strings.contactLog;
    const draft = this.draft;
    const subject = draft.subject.trim();
    const number = (value: number) => formatNumber(value, this.resolvedLocale);
    // In code points, as the API counts (an emoji is one).
    const tooLong = (max: number, text: string, length = [...text].length) =>
      length > max ? s.tooLong(number(max), number(length)) : undefined;
    const errors = {
      subject: tooLong(maxSubject, subject),
      body: draft.body.trim() ? tooLong(maxBody, draft.body) : s.bodyRequired,
    };
    this.errors = errors;
    if (errors.subject || errors.body) void this.refocus('[aria-invalid=true]');
    else
      void this.send(
        (crm, id) =>
          crm.addContactEntry(id, {
            channel: draft.channel,
            direction: draft.direction || null,
            subject: subject || undefined,
            body: draft.body,
          }),
        draft,
      );
  }

  /**
   * Sends an entry (`start`), announces how that ended, fires `crm-contact-add` or reports the
   * failure. With the form's `draft`, clears the form as soon as adding has started: the log then
   * holds the entry as "Sending…" (kept there if it fails, see `Crm.addContactEntry`); if adding
   * throws at once, the text stays in the form. An entry kept on the device for later (offline on)
   * is announced as such; `crm-contact-add` waits for the server.
   */
  private async send(start: (crm: Crm, customerId: string) => Promise<ContactLogEntry>, draft?: Draft): Promise<void> {
    const target = this.data.target;
    if (!target) return;
    const s = this.strings.contactLog;
    try {
      const sending = start(target.crm, target.id);
      // Unless the user already started another entry.
      if (draft && this.draft === draft) {
        this.draft = emptyDraft(draft.channel);
        this.errors = {};
      }
      const entry = await sending;
      if (entry.pending === 'queued') return this.announce(this.strings.common.queued);
      this.announce(s.added);
      this.dispatchEvent(new CrmContactAddEvent({ customerId: target.id, entry }));
    } catch (error) {
      this.announce(s.failed);
      if ((error as Error | undefined)?.name === 'CrmApiError') this.reportError(error as CrmApiError, false);
    }
  }

  private discard(entry: ContactLogEntry): void {
    const target = this.data.target;
    if (!target) return;
    target.crm.discardContactEntry(target.id, entry.id);
    this.announce(this.strings.contactLog.discarded);
    // The focused button is gone with its entry: put focus somewhere sensible.
    void this.refocus('#body');
  }

  private toggleEntry(entryId: string): void {
    if (!this.expanded.delete(entryId)) this.expanded.add(entryId);
    this.requestUpdate();
  }

  /** After the next render, focuses `selector` in the open form, or Add entry while the form is closed. */
  private async refocus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.formOpen ? selector : '[part=add]')?.focus();
  }

  override render(): TemplateResult {
    const t = this.strings;
    const s = t.contactLog;
    // The form shows from the first load on, unless that load failed.
    const form = this.data.target && (this.data.data || !this.data.failure);
    // The form is rendered only while open, and a reference to an element that is not there is an error.
    const add = html`<button
      part="add"
      class="button"
      aria-expanded=${this.formOpen}
      aria-controls=${this.formOpen ? 'form' : nothing}
      @click=${this.toggleForm}
    >
      ${s.addEntry}
    </button>`;
    return html`<section part="base" lang=${this.resolvedLocale} aria-labelledby="title" aria-busy=${this.data.busy}>
      <header>
        <div class="heading">
          <h2 part="title" id="title">${s.title}</h2>
          ${this.renderStoredAt(this.data)}
        </div>
        ${form ? add : nothing}
      </header>
      ${form && this.formOpen ? this.renderForm(s) : nothing}
      ${this.data.render({
        pending: () => this.renderSkeleton(s),
        complete: (entries, error) => [this.renderDays(entries, t), this.renderLoadMore(s), error],
      })}
    </section>`;
  }

  /** Before the first page: a skeleton shaped like a day of entries. */
  private renderSkeleton(s: Strings['contactLog']): TemplateResult {
    return html`<div aria-hidden="true">
        <div class="skeleton-line day-line"></div>
        ${[skeletonEntry, skeletonEntry, skeletonEntry]}
      </div>
      <span class="visually-hidden" role="status">${s.loading}</span>`;
  }

  /** Loads older entries; aria-disabled rather than disabled, so the button keeps focus while they load. */
  private renderLoadMore(s: Strings['contactLog']): TemplateResult | typeof nothing {
    const state = this.data.state;
    if (!state?.hasMore) return nothing;
    return html`<button part="load-more" class="button" aria-disabled=${state.loadingMore} @click=${this.loadMore}>
      ${state.loadingMore ? s.loadingMore : s.loadMore}
    </button>`;
  }

  private renderForm(s: Strings['contactLog']): TemplateResult {
    const draft = this.draft;
    /** A labelled field around `control`, with its validation message. */
    const field = (name: keyof Draft, control: TemplateResult) =>
      html`<div class="field">
        <label for=${name}>${s[`${name}Label`]}</label>${control}${
          this.errors[name as Field]
            ? html`<p part="field-error" id="${name}-error">${this.errors[name as Field]}</p>`
            : nothing
        }
      </div>`;
    /** A select of `values`, shown through `label`. */
    const select = <T extends string>(
      name: 'channel' | 'direction',
      values: readonly T[],
      label: (value: T) => string,
    ) =>
      field(
        name,
        html`<select id=${name} @change=${this.onInput}>
          ${values.map((value) => html`<option value=${value} ?selected=${value === draft[name]}>${label(value)}</option>`)}
        </select>`,
      );
    const { subject, body } = this.errors;
    return html`<form part="form" id="form" novalidate aria-label=${s.form} @submit=${this.submit}>
      ${this.renderMemoryNotice()}
      <div class="row">
        ${select('channel', channels, s.channel)}${select('direction', directions, s.directionOption)}
      </div>
      ${field(
        'subject',
        html`<input
          id="subject"
          autocomplete="off"
          .value=${draft.subject}
          aria-invalid=${!!subject}
          aria-describedby=${subject ? 'subject-error' : nothing}
          @input=${this.onInput}
        />`,
      )}
      ${field(
        'body',
        html`<textarea
            id="body"
            rows="4"
            required
            .value=${draft.body}
            aria-invalid=${!!body}
            aria-describedby="${body ? 'body-error ' : ''}body-hint"
            @input=${this.onInput}
          ></textarea>
          <p id="body-hint" class="hint">${s.bodyHint(formatNumber(maxBody, this.resolvedLocale))}</p>`,
      )}
      <div class="actions">
        <button part="submit" class="button primary">${s.submit}</button
        ><button class="button quiet" type="button" @click=${this.toggleForm}>${s.close}</button>
      </div>
    </form>`;
  }

  private renderDays(entries: readonly ContactLogEntry[], t: Strings): TemplateResult {
    const s = t.contactLog;
    if (!entries.length) return this.renderNotice(s.empty);
    const day = new Date();
    const labels = new Map([
      [dayKey(day), s.today],
      ['', s.unknownDay],
    ]);
    day.setDate(day.getDate() - 1);
    labels.set(dayKey(day), s.yesterday);
    const [dayFormat, timeFormat] = ([{ dateStyle: 'full' }, { timeStyle: 'short' }] as const).map((options) =>
      dateTimeFormat(this.resolvedLocale, options),
    );
    // DOM ids by position, for `aria-controls` (entry ids are data, not fit as DOM ids).
    let position = 0;
    return html`<ol part="timeline" role="list">
      ${repeat(
        groupByDay(entries),
        ([key]) => key,
        ([key, list]) => {
          const label = labels.get(key) ?? dayFormat.format(new Date(list[0]!.occurredAt));
          return html`<li class="day">
            <h3 part="day">${key ? html`<time datetime=${key}>${label}</time>` : label}</h3>
            <ol role="list">
              ${repeat(
                list,
                (entry) => entry.id,
                (entry) => this.renderEntry(entry, t, timeFormat, `body-${position++}`),
              )}
            </ol>
          </li>`;
        },
      )}
    </ol>`;
  }

  private renderEntry(
    entry: ContactLogEntry,
    t: Strings,
    timeFormat: Intl.DateTimeFormat,
    bodyId: string,
  ): TemplateResult {
    const s = t.contactLog;
    const { channel, direction, pending } = entry;
    const occurred = new Date(entry.occurredAt);
    const segments = linkify(entry.body);
    // A body longer than 4 lines or 280 characters is shown collapsed, with "Show more".
    const short = excerpt(segments, 4, 280);
    const expanded = this.expanded.has(entry.id);
    const cut = !expanded && short;
    return html`<li part=${pending ? `entry ${pending}` : 'entry'}>
      <p class="meta">
        <span part="channel">${channelIcon(channel)}${s.channel(channel)}</span>${
          direction === 'inbound' || direction === 'outbound'
            ? html`<span part="direction">${s.direction(direction, channel)}</span>`
            : nothing
        }<span part="author">${pending ? s.you : entry.author.name}</span>${
          isNaN(+occurred)
            ? nothing
            : html`<time part="time" datetime=${entry.occurredAt}>${timeFormat.format(occurred)}</time>`
        }
      </p>
      ${entry.subject ? html`<p part="subject">${entry.subject}</p>` : nothing}
      <p part="body" id=${bodyId}>
        ${(cut || segments).map(({ text, href }) =>
          href
            ? html`<a part="link" href=${href} rel="noopener noreferrer nofollow" target="_blank">${text}</a>`
            : text,
        )}${cut ? '…' : ''}
      </p>
      ${
        short
          ? html`<button
              part="toggle"
              class="button quiet"
              aria-expanded=${expanded}
              aria-controls=${bodyId}
              @click=${() => this.toggleEntry(entry.id)}
            >
              ${expanded ? s.showLess : s.showMore}
            </button>`
          : nothing
      }${
        pending === 'sending' || pending === 'queued'
          ? html`<p part="status">${pending === 'queued' ? t.common.queued : s.sending}</p>`
          : nothing
      }${
        pending === 'failed'
          ? html`<div part="failure">
              <p class="reason">${s.notSent(entry.error ? errorMessage(entry.error, t) : t.errors.server)}</p>
              <div class="actions">
                <button
                  part="resend"
                  class="button"
                  @click=${() => {
                    void this.send((crm, id) => crm.retryContactEntry(id, entry.id));
                    // The focused button goes with the failure box while the entry is sent again.
                    void this.refocus('#body');
                  }}
                >
                  ${s.resend}</button
                ><button part="discard" class="button quiet" @click=${() => this.discard(entry)}>${s.discard}</button>
              </div>
            </div>`
          : nothing
      }
    </li>`;
  }
}
