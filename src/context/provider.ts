import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { TokenProvider } from '../api/client.js';
import { devWarn } from '../core/dev.js';
import { createCrm, type Crm } from '../crm.js';
import { version } from '../version.js';
import { crmContext } from './crm-context.js';

/**
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

  /** A ready instance; when set, `base-url`, `locale` and `getToken` are not used. */
  @property({ attribute: false }) crm?: Crm;

  private readonly provider = new ContextProvider(this, { context: crmContext });

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('crm') || changed.has('baseUrl') || changed.has('getToken') || changed.has('locale')) {
      this.provider.setValue(this.instance());
    }
  }

  private instance(): Crm | undefined {
    if (this.crm) return this.crm;
    if (!this.baseUrl || !this.getToken) return undefined;
    try {
      return createCrm({ baseUrl: this.baseUrl, getToken: this.getToken, ...(this.locale ? { locale: this.locale } : {}) });
    } catch (error) {
      devWarn('<crm-provider> could not create an instance:', error);
      return undefined;
    }
  }

  override render() {
    return html`<slot></slot>`;
  }
}
