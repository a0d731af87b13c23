import { LitElement } from 'lit';
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

  @consume({ context: crmContext, subscribe: true })
  @state()
  private providedCrm?: Crm;

  private readonly defaultCrm = new StoreController(this, $defaultCrm);

  /** The instance this element reads from, if any. */
  protected get crm(): Crm | undefined {
    return this.providedCrm ?? this.defaultCrm.value;
  }

  protected get resolvedLocale(): SupportedLocale {
    return resolveLocale(this.locale ?? this.crm?.locale);
  }

  protected get strings(): Strings {
    return stringsFor(this.resolvedLocale);
  }
}
