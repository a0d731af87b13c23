import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ReadableAtom } from 'nanostores';
import type { CrmApiError } from '../api/errors.js';
import { StoreController } from '../controllers/store-controller.js';
import { isCustomerId } from '../core/customer-id.js';
import type { Strings } from '../i18n/index.js';
import type { Crm } from '../stores/crm.js';

/** What a store of a customer's data holds (a single resource, or a paged list). */
export interface LoadState<T> {
  data: T | undefined;
  loading: boolean;
  error: CrmApiError | undefined;
  /** When `data` came from the device and is not confirmed by the network since (offline on). */
  storedAt?: number | undefined;
}

/** How one element finds its data: the same four questions for every data element. */
export interface CustomerDataOptions<T, S extends LoadState<T>> {
  /** The element's `customer-id`. */
  customerId(): string | undefined;
  /** Data the host holds (the data-driven mode): when set, nothing is loaded. */
  given(): T | undefined;
  /** The instance's store of this customer's data. */
  store(crm: Crm, customerId: string): ReadableAtom<S>;
  /** Loads again after an error (the Retry button). */
  retry(crm: Crm, customerId: string): unknown;
  /** While true, the store's errors are neither reported nor shown (an open edit form owns its own). */
  quiet?(): boolean;
  /** Shows a later load's error beside the data already shown (lists), not instead of it. */
  errorBesideData?: boolean;
}

/** What the controller needs of its element (given by `CrmElement.customerData()`). */
export interface CustomerDataHost {
  /** The element the controller belongs to. */
  readonly element: ReactiveControllerHost;
  crm(): Crm | undefined;
  /** No instance yet, but the page may still configure one: show the loading state meanwhile. */
  crmExpected(): boolean;
  strings(): Strings;
  reportError(error: CrmApiError | undefined): void;
  /** A network failure while the device is offline: the host page says so, not each element. */
  quietOffline(error: CrmApiError): boolean;
  renderNotice(message: string): TemplateResult;
  renderError(error: CrmApiError, retry: () => void): TemplateResult;
}

/** The states an element renders; the notice (missing id, no instance) and the error are the controller's. */
export interface CustomerDataRenderers<T> {
  /** Before the first data arrives: a skeleton that takes the loaded layout's space. */
  pending(): unknown;
  /** The data; `error` is a later load's error, rendered, for elements that show it beside the data. */
  complete(data: T, error: TemplateResult | undefined): unknown;
  /** Wraps everything but the notice (a list's filter stays above its states). */
  frame?(content: unknown): unknown;
}

/**
 * The path every data element takes from its `customer-id` to what it shows, modelled on
 * `@lit/task`'s `render({ pending, complete, error })`: checks the id before any request, follows
 * the instance's store for it (or the host's data), reports each failure once (`crm-error`), and
 * renders the notice, skeleton, error with Retry, or data.
 */
export class CustomerDataController<T, S extends LoadState<T> = LoadState<T>> implements ReactiveController {
  private readonly store: StoreController<S>;

  constructor(
    private readonly host: CustomerDataHost,
    private readonly options: CustomerDataOptions<T, S>,
  ) {
    this.store = new StoreController<S>(host.element);
    host.element.addController(this);
  }

  /** The `customer-id` without the spaces around it; `undefined` when blank. */
  get customerId(): string | undefined {
    return this.options.customerId()?.trim() || undefined;
  }

  /** Why the customer's data cannot be loaded (missing or malformed id, no instance); never for given data. */
  get problem(): string | undefined {
    if (this.options.given() !== undefined) return undefined;
    const t = this.host.strings().common;
    const id = this.customerId;
    if (!id) return t.missingId;
    if (!isCustomerId(id)) return t.invalidId(id);
    if (!this.host.crm() && !this.host.crmExpected()) return t.notConfigured;
    return undefined;
  }

  /** The instance and customer the data loads from; unset for given data and while there is a problem. */
  get target(): { crm: Crm; id: string } | undefined {
    const crm = this.host.crm();
    return this.options.given() !== undefined || this.problem || !crm ? undefined : { crm, id: this.customerId! };
  }

  /** The store's state as last seen; `undefined` for given data. */
  get state(): S | undefined {
    return this.store.value;
  }

  /** The data to show: the host's, else the store's last good value. */
  get data(): T | undefined {
    return this.options.given() ?? this.state?.data;
  }

  /** The error to show: a load's failure once no load is running (none while `quiet`). */
  get failure(): CrmApiError | undefined {
    const state = this.state;
    return state && !state.loading && !this.options.quiet?.() ? state.error : undefined;
  }

  /** When the data shown was stored on the device, while the network has not confirmed it; never for given data. */
  get storedAt(): number | undefined {
    return this.options.given() === undefined ? this.state?.storedAt : undefined;
  }

  /** Whether the element is waiting for data (its `aria-busy`). */
  get busy(): boolean {
    return !this.problem && !this.failure && (this.data === undefined || !!this.state?.loading);
  }

  /** Nothing to show yet, and something is on its way: a request, or the page's `configure()`. */
  get waiting(): boolean {
    return !this.problem && this.data === undefined && (!!this.state?.loading || !this.host.crm());
  }

  /** Loads again (bound: usable as a click handler). */
  readonly retry = (): void => {
    const target = this.target;
    if (target) void this.options.retry(target.crm, target.id);
  };

  /**
   * Picks the store for the element's instance and customer id (which starts its request). Done as
   * soon as the element is on the page and again before its first render (`CrmElement`), so the
   * request is on its way before that render rather than after it.
   */
  pickStore(): void {
    const target = this.target;
    this.store.setStore(target && this.options.store(target.crm, target.id));
  }

  hostConnected(): void {
    this.pickStore();
  }

  hostUpdate(): void {
    this.pickStore();
  }

  hostUpdated(): void {
    if (!this.options.quiet?.()) this.host.reportError(this.state?.error);
  }

  /** The notice, the skeleton, the error with its Retry button, or the data. */
  render(renderers: CustomerDataRenderers<T>): unknown {
    const problem = this.problem;
    if (problem) return this.host.renderNotice(problem);
    const frame = renderers.frame ?? ((content: unknown) => content);
    const failure = this.failure;
    // Data kept on the device stays on screen when the network fails, with its "as of" line (which
    // says enough offline) and any other error beside it.
    const stored = this.storedAt !== undefined;
    const error =
      failure && !(stored && this.host.quietOffline(failure)) ? this.host.renderError(failure, this.retry) : undefined;
    const data = this.data;
    if (data !== undefined && (!failure || stored || this.options.errorBesideData)) {
      return frame(renderers.complete(data, error));
    }
    return frame(error ?? renderers.pending());
  }
}
