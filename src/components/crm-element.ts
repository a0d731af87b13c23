import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { CrmApiError } from '../api/errors.js';
import { crmContext } from '../context/crm-context.js';
import { StoreController } from '../controllers/store-controller.js';
import { $awaitingConfigure, $defaultCrm, type Crm, type OfflineMode } from '../stores/crm.js';
import { CrmAuthExpiredEvent } from '../events/auth-expired-event.js';
import { CrmErrorEvent } from '../events/error-event.js';
import { errorMessage } from '../i18n/error-message.js';
import { formatStoredAt } from '../i18n/format.js';
import {
  $stringsLoaded,
  loadStrings,
  resolveLocale,
  stringsFor,
  type EnglishSections,
  type Strings,
  type SupportedLocale,
} from '../i18n/index.js';
import { version } from '../version.js';
import { announce } from '../core/announcer.js';
import { beforeNextFrame } from '../core/next-task.js';
import { inShadowRoot } from './in-shadow-root.js';
import {
  CustomerDataController,
  type CustomerDataHost,
  type CustomerDataOptions,
  type LoadState,
} from './customer-data-controller.js';

/**
 * Per SDK instance, the element showing the notice that the device cannot store anything (offline
 * asked for, storage unavailable): one per page, not one per form.
 */
const memoryNoticeOwners = new WeakMap<Crm, CrmElement>();

/**
 * What every data element shares: the SDK instance from the nearest `<crm-provider>` (or the page's
 * `configure()` default), the locale and its strings, the `theme` attribute, and the way it reports
 * and shows a notice or an error.
 */
export class CrmElement extends LitElement {
  /** The SDK version this class belongs to (compared when a tag is already defined). */
  static readonly sdkVersion = version;

  /**
   * The element's own English strings (its section of `Strings`, from `src/i18n/en-<element>.ts`):
   * brought by the element, so an app ships only the sections of the elements it imports.
   */
  protected static englishStrings: EnglishSections = {};

  /** `light` or `dark` forces a colour scheme; unset follows the user's preference. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Overrides the locale of the SDK instance and of `<html lang>`. */
  @property() locale?: string;

  /** `undefined` outside any provider; `null` inside one that has no instance yet. */
  @consume({ context: crmContext, subscribe: true })
  @state()
  private providedCrm?: Crm | null;

  private readonly defaultCrm = new StoreController(this, $defaultCrm);
  private readonly awaitingConfigure = new StoreController(this, $awaitingConfigure);
  private readonly crmLocale = new StoreController<string | undefined>(this);
  private readonly crmOnline = new StoreController<boolean>(this);
  private readonly crmOffline = new StoreController<OfflineMode>(this);
  private readonly reportedErrors = new WeakSet<CrmApiError>();
  private readonly dataControllers: CustomerDataController<unknown, LoadState<unknown>>[] = [];
  /** Network failures that happened offline: still quiet once back online, until a reload replaces them. */
  private readonly offlineErrors = new WeakSet<CrmApiError>();

  constructor() {
    super();
    // Renders again when a locale's strings arrive (see `scheduleUpdate`).
    new StoreController(this, $stringsLoaded);
  }

  /** The instance this element reads from: its provider's, else the page default from `configure()`. */
  protected get crm(): Crm | undefined {
    if (this.providedCrm === undefined) return this.defaultCrm.value;
    return this.providedCrm ?? undefined;
  }

  /** No instance yet, but the page may still configure one (see `$awaitingConfigure`). */
  protected get crmExpected(): boolean {
    return !this.crm && this.providedCrm === undefined && !!this.awaitingConfigure.value;
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.crmLocale.setStore(this.crm?.$locale);
    this.crmOnline.setStore(this.crm?.$online);
    this.crmOffline.setStore(this.crm?.$offline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const crm = this.crm;
    if (crm && memoryNoticeOwners.get(crm) === this) memoryNoticeOwners.delete(crm);
  }

  /**
   * A network failure while the instance knows the device is offline: not an error to show or
   * report. The host page shows one offline notice, and the data reloads when the device is back;
   * the failure stays quiet until that reload replaces it (a new failure is reported as usual).
   */
  private offlineFailure(error: CrmApiError): boolean {
    if (error.kind !== 'network') return false;
    if (this.crmOnline.value === false) this.offlineErrors.add(error);
    return this.offlineErrors.has(error);
  }

  protected get resolvedLocale(): SupportedLocale {
    return resolveLocale(this.locale || this.crmLocale.value);
  }

  protected get strings(): Strings {
    return stringsFor(this.resolvedLocale, (this.constructor as typeof CrmElement).englishStrings);
  }

  /**
   * The controller that takes this element from its `customer-id` to what it shows (see
   * `CustomerDataController`); created in a field initializer.
   */
  protected customerData<T, S extends LoadState<T> = LoadState<T>>(
    options: CustomerDataOptions<T, S>,
  ): CustomerDataController<T, S> {
    // The controller may use what the element keeps protected, and nothing else of it.
    const host: CustomerDataHost = {
      element: this,
      crm: () => this.crm,
      crmExpected: () => this.crmExpected,
      strings: () => this.strings,
      reportError: (error) => this.reportError(error),
      quietOffline: (error) => this.offlineFailure(error),
      renderNotice: (message) => this.renderNotice(message),
      renderError: (error, retry) => this.renderError(error, retry),
    };
    const controller = new CustomerDataController(host, options);
    this.dataControllers.push(controller as unknown as CustomerDataController<unknown, LoadState<unknown>>);
    return controller;
  }

  /**
   * Fires `crm-error` (and `crm-auth-expired` for an `auth` error) once per failure, and announces
   * it. Call from `updated()` with the error the element shows. A load's network failure while
   * offline is not reported; pass `quietOffline = false` for a failed action (a save), which is.
   */
  protected reportError(error: CrmApiError | undefined, quietOffline = true): void {
    // Every failure once: an older error still shown must not fire again after a newer one.
    if (!error || this.reportedErrors.has(error) || (quietOffline && this.offlineFailure(error))) return;
    this.reportedErrors.add(error);
    this.dispatchEvent(new CrmErrorEvent(error));
    if (error.kind === 'auth') this.dispatchEvent(new CrmAuthExpiredEvent(error));
  }

  /** Reads `message` out through the page's live region. */
  protected announce(message: string): void {
    announce(message);
  }

  /**
   * The loading state: `placeholder` (the element's loaded layout with typical data) laid out but
   * not shown, under two pulsing skeleton lines, so the element takes the space its data will and
   * nothing below it moves when the data arrives. Hidden from everyone: only `loading` is read out.
   * The placeholder is rendered into a shadow root of its own with the element's styles, so it is
   * laid out by the same rules as the data (they select on part names) while a query of the
   * element's shadow root for a part never finds the placeholder's.
   */
  protected renderLoading(placeholder: TemplateResult, loading: string): TemplateResult {
    const styles = (this.constructor as typeof LitElement).elementStyles;
    return html`<div class="loading">
      <div class="placeholder" aria-hidden="true" ${inShadowRoot(placeholder, styles)}></div>
      <div class="skeleton-lines">
        <div class="skeleton-line"></div>
        <div class="skeleton-line"></div>
      </div>
      <span class="visually-hidden" role="status">${loading}</span>
    </div>`;
  }

  /**
   * A first render that would show the loading state waits for the next frame, the first moment
   * anything could be seen. The request leaves first (it needs a few microtasks: the token, ky),
   * and an answer that arrives before that frame is rendered at once, without the loading state's
   * render, layout and paint in front of it. On a phone at 4× CPU slowdown, rendering the loading
   * state cost 100–230 ms (it created the page's first `Intl` formatter). The same while the page
   * has yet to call `configure()`.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      // The instance may have come since the element connected (`configure()` after the import).
      this.dataControllers.forEach((data) => data.pickStore());
      if (this.dataControllers.some((data) => data.waiting)) await beforeNextFrame();
    }
    // A locale whose strings are still loading keeps what is shown (or nothing, at first) until they are here.
    await loadStrings(resolveLocale(this.locale || this.crm?.$locale.get()));
    super.scheduleUpdate();
  }

  /**
   * "As of 10:42" (the `stale` part) while `data` shows what the device kept and the network has not
   * confirmed since (see `ResourceState.storedAt`); the date too when it was not today. Not while a
   * revalidation is under way online: it usually answers within moments, and a line that came and
   * went would move what is below it on every open.
   */
  protected renderStoredAt(data: {
    readonly storedAt: number | undefined;
    readonly state: { loading: boolean } | undefined;
  }): TemplateResult | typeof nothing {
    const storedAt = data.storedAt;
    if (storedAt === undefined || (data.state?.loading && this.crmOnline.value !== false)) return nothing;
    const when = formatStoredAt(storedAt, this.resolvedLocale);
    return html`<p part="stale">
      <time datetime=${new Date(storedAt).toISOString()}>${this.strings.common.asOf(when)}</time>
    </p>`;
  }

  /**
   * The notice that this device cannot keep unsent changes (the `notice` part), for a form that
   * writes something, while the instance has `offline` on but no storage. Shown by the first such
   * form on the page only, so the user reads it once and is not told again in every form.
   */
  protected renderMemoryNotice(): TemplateResult | typeof nothing {
    const crm = this.crm;
    if (!crm || this.crmOffline.value !== 'memory') return nothing;
    const owner = memoryNoticeOwners.get(crm);
    if (owner && owner !== this && owner.isConnected) return nothing;
    memoryNoticeOwners.set(crm, this);
    return html`<p part="notice">${this.strings.common.memoryOnly}</p>`;
  }

  /** A notice in place of the content (the `message` part). */
  protected renderNotice(message: string): TemplateResult {
    return html`<p part="message" role="status">${message}</p>`;
  }

  /**
   * The inline error with its retry button (the `error` and `retry` parts); offline, a quiet line
   * (the `message` part) instead — unless `quietOffline` is false (a failed save must say so).
   */
  protected renderError(error: CrmApiError, retry: () => void, quietOffline = true): TemplateResult {
    const t = this.strings;
    // Not a live region: the page announces going offline once, not once per element.
    if (quietOffline && this.offlineFailure(error)) return html`<p part="message">${t.errors.offline}</p>`;
    return html`
      <p part="error" role="alert">${errorMessage(error, t)}</p>
      ${
        error.retryable || error.kind !== 'validation'
          ? html`<button part="retry" type="button" @click=${retry}>${t.errors.retry}</button>`
          : nothing
      }
    `;
  }
}
