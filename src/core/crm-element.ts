import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { crmContext } from '../context/crm-context.js';
import { StoreController } from '../controllers/store-controller.js';
import { $defaultCrm, type Crm } from '../crm.js';
import { resolveLocale, stringsFor, type Strings, type SupportedLocale } from '../i18n/index.js';
import { version } from '../version.js';

/**
 * What every data element shares: the SDK instance from the nearest `<crm-provider>` (or the page's
 * `configure()` default), the locale and its strings, and the `theme` attribute.
 */
export class CrmElement extends LitElement {
  /** The SDK version this class belongs to (compared when a tag is already defined). */
  static readonly sdkVersion = version;

  /** `light` or `dark` forces a colour scheme; unset follows the user's preference. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  /** Overrides the locale of the SDK instance and of `<html lang>`. */
  @property() locale?: string;

  /** `undefined` outside any provider; `null` inside one that has no instance yet. */
  @consume({ context: crmContext, subscribe: true })
  @state()
  private providedCrm?: Crm | null;

  private readonly defaultCrm = new StoreController(this, $defaultCrm);
  private readonly crmLocale = new StoreController<string | undefined>(this);

  /** The instance this element reads from: its provider's, else the page default from `configure()`. */
  protected get crm(): Crm | undefined {
    if (this.providedCrm === undefined) return this.defaultCrm.value;
    return this.providedCrm ?? undefined;
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.crmLocale.setStore(this.crm?.$locale);
  }

  protected get resolvedLocale(): SupportedLocale {
    return resolveLocale(this.locale || this.crmLocale.value);
  }

  protected get strings(): Strings {
    return stringsFor(this.resolvedLocale);
  }
}
