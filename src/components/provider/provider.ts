import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { TokenProvider } from '../../api/client.js';
import { devWarn } from '../../core/dev.js';
import { createCrm, type Crm } from '../../stores/crm.js';
import { version } from '../../version.js';
import { crmContext } from '../../context/crm-context.js';

/**
 * @tagname crm-provider
 * @summary Gives the elements inside it their own SDK instance: base URL, token provider and locale.
 *
 * Set `base-url` and the `getToken` property, or hand over a ready instance with `crm`. Two
 * providers on one page share nothing.
 *
 * @slot - The elements that use this instance.
 */
export class CrmProvider extends LitElement {
  static readonly sdkVersion = version;
  /** Lays the provider out as if it were not there. */
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** The CRM API's base URL. */
  @property({ attribute: 'base-url' }) baseUrl?: string;

  /** Locale for the elements inside (`en`, `zh-CN`). */
  @property() locale?: string;

  /** Supplies bearer tokens; kept in memory only. */
  @property({ attribute: false }) getToken?: TokenProvider;

  /**
   * Keeps what the elements inside show, and what the user writes, on the device (IndexedDB, per
   * user), so both survive a relaunch without network; off by default (see `CrmOptions.offline`).
   */
  @property({ type: Boolean }) offline = false;

  /** A ready instance; when set, `base-url`, `locale` and `getToken` are not used. */
  @property({ attribute: false }) crm?: Crm;

  private readonly provider = new ContextProvider(this, { context: crmContext, initialValue: null });
  /** The instance this provider made from its attributes (not one handed over via `crm`). */
  private own: { baseUrl: string; offline: boolean; crm: Crm } | undefined;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (this.crm) {
      if (changed.has('crm')) this.provider.setValue(this.crm);
      return;
    }
    // A new getToken function (frameworks pass one per render) or locale keeps the instance, its
    // cache and its token; only another base URL (or turning offline on or off) makes a new one.
    if (this.baseUrl && this.getToken && (this.own?.baseUrl !== this.baseUrl || this.own.offline !== this.offline)) {
      try {
        this.own = {
          baseUrl: this.baseUrl,
          offline: this.offline,
          crm: createCrm({
            baseUrl: this.baseUrl,
            getToken: (request) => this.getToken!(request),
            ...(this.locale ? { locale: this.locale } : {}),
            ...(this.offline ? { offline: true } : {}),
          }),
        };
      } catch (error) {
        devWarn('<crm-provider> could not create an instance:', error);
        this.own = undefined;
      }
    }
    if (this.own && changed.has('locale')) this.own.crm.$locale.set(this.locale);
    this.provider.setValue(this.baseUrl && this.getToken && this.own ? this.own.crm : null);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
