import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { Order, OrderStatus } from '../../api/types.js';
import { CrmElement } from '../crm-element.js';
import { DEV, devWarn } from '../../core/dev.js';
import { CrmOrderSelectEvent } from '../../events/order-select-event.js';
import { formatDate, formatMoney } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import type { PagedState } from '../../stores/paged.js';
import { quietVirtualizerResizes } from './task-resize-observer.js';
import { orderListStyles } from './order-list.styles.js';
import { isOrderStatus, orderStatuses, statusIcons } from './order-statuses.js';
import { orderListEn } from '../../i18n/en-order-list.js';

type OrderListStrings = Strings['orderList'];

/** How many rows before the end the next page starts loading. */
const nearEnd = 5;

/**
 * @tagname crm-order-list
 * @summary Lists one customer's orders, newest first, with a status filter, paging and each order's items.
 *
 * Id-driven (`customer-id`, loaded page by page through the nearest `<crm-provider>` or
 * `configure()`) or data-driven (the `orders` property, no request and no paging). The list is
 * virtualised: it scrolls inside the element (up to `--crm-order-list-max-block-size`) and keeps
 * only the rows near the visible ones in the page, so thousands of orders stay fast. The next page
 * loads as the user scrolls near the end, or with the "Load more" button. When the last page
 * arrives the button goes away; if it had focus, focus moves to the first order of that page as
 * soon as it is rendered (at once when the list is scrolled to its end), resting on the list until
 * then; after a failed page it moves to the retry button. It never drops to the page.
 *
 * @csspart base - The wrapper around the filter, the list and its footer.
 * @csspart filter - The status filter's `<select>`.
 * @csspart filter-label - The status filter's label.
 * @csspart stale - "As of 10:42", beside the filter, while the orders shown are the ones kept on the device and not confirmed since.
 * @csspart list - The scrolling list of orders (`role="list"`).
 * @csspart order - One order (a list item).
 * @csspart number - The order number: a button that selects the order (`crm-order-select`).
 * @csspart date - The date the order was placed.
 * @csspart status - The status badge: a shape and the localised label, never colour alone.
 * @csspart total - The order's total.
 * @csspart toggle - The button with the item count that shows or hides the order's items.
 * @csspart items - The list of an order's items, when shown.
 * @csspart item - One item: name, SKU, quantity × unit price.
 * @csspart item-name - An item's name.
 * @csspart sku - An item's SKU.
 * @csspart quantity - An item's quantity and unit price.
 * @csspart load-more - The button that loads the next page (shown while there is one).
 * @csspart loading-more - The notice shown while the next page loads.
 * @csspart message - A notice in place of the list (no orders, missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads again after an error.
 *
 * @cssprop [--crm-order-list-max-block-size=32rem] - The list's maximum height; it scrolls inside beyond it.
 * @cssprop [--crm-order-list-padding=var(--crm-space-m)] - Space inside the element and its rows.
 * @cssprop [--crm-order-list-status-pending=var(--crm-color-tone-2)] - Background of the pending badge.
 * @cssprop [--crm-order-list-status-paid=var(--crm-color-tone-0)] - Background of the paid badge.
 * @cssprop [--crm-order-list-status-shipped=var(--crm-color-tone-5)] - Background of the shipped badge.
 * @cssprop [--crm-order-list-status-delivered=var(--crm-color-tone-1)] - Background of the delivered badge.
 * @cssprop [--crm-order-list-status-cancelled=var(--crm-color-tone-3)] - Background of the cancelled badge.
 * @cssprop [--crm-order-list-status-refunded=var(--crm-color-tone-4)] - Background of the refunded badge.
 *
 * @fires {CrmOrderSelectEvent} crm-order-select - An order number was activated; `order` is the order, `customerId` its customer.
 * @fires {CrmErrorEvent} crm-error - Loading orders failed; `error` is the `CrmApiError`.
 * @fires {CrmAuthExpiredEvent} crm-auth-expired - The API refused a fresh token: the user must sign in again.
 */
export class CrmOrderList extends CrmElement {
  /** Theme tokens and the list's own rules, as adopted stylesheets. */
  static override styles = orderListStyles;
  protected static override englishStrings = { orderList: orderListEn };

  /** The customer's orders as loaded page by page (none for orders given as data). */
  private readonly data = this.customerData<Order[], PagedState<Order>>({
    customerId: () => this.customerId,
    given: () => this.orders,
    store: (crm, id) => crm.ordersFor(id, isOrderStatus(this.status) ? this.status : undefined),
    // A failed next page is asked for again; a failed first page (or refresh) reloads.
    retry: (crm, id) => crm.retryOrders(id, this.filter),
    errorBesideData: true,
  });

  /** The id of the customer whose orders to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /**
   * Shows only orders with this status (`pending`, `paid`, `shipped`, `delivered`, `cancelled`,
   * `refunded`); unset shows all, and so does any other value an attribute carries (with a warning
   * in development builds). The filter control changes it.
   */
  @property() status?: OrderStatus;

  /** Orders the host already holds; when set, nothing is loaded and there is no paging. */
  @property({ attribute: false }) orders?: Order[];

  /** Ids of the orders whose items are shown (changed in place: handleToggle() asks for the update). */
  private readonly expanded = new Set<string>();

  // Set in willUpdate(), before every render.
  /** `status` when it is one of `orderStatuses`, else `undefined` (all orders). */
  private filter?: OrderStatus;
  /** Rows shown when an update began with focus on the load-more button; -1 otherwise. */
  private focusedMore!: number;

  private announced?: { key: string; count: number };
  /** The user asked for the next page: its arrival is announced. */
  private askedMore?: boolean;
  /** The shown orders, kept while their source and filter stay the same. */
  private shown?: { source: readonly Order[]; status?: OrderStatus; orders: Order[] };
  /** The row to focus once the virtualizer renders it. */
  private focusIndex?: number;

  override connectedCallback(): void {
    // Before the virtualizer makes its observers (at the first render).
    quietVirtualizerResizes();
    super.connectedCallback();
  }

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const status = (this.filter = isOrderStatus(this.status) ? this.status : undefined);
    if (DEV && changed.has('status') && this.status && !status) {
      devWarn(
        `<crm-order-list> status "${this.status}" is not one of ${orderStatuses.join(', ')}; showing all orders.`,
      );
    }
    this.focusedMore = this.shadowRoot?.activeElement?.part.value === 'load-more' ? this.shown!.orders.length : -1;
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const current = this.data.state;
    const root = this.shadowRoot!;
    const from = this.focusedMore;
    // "12 orders loaded" once a list first shows, "Loaded 20 more orders" after each next page.
    const count = current?.data?.length;
    const key = `${this.data.customerId}?${this.filter}`;
    const last = this.announced;
    if (count !== undefined && !current!.loading && !current!.loadingMore) {
      const t = this.strings.orderList;
      if (last?.key !== key) this.announce(t.loaded(count));
      else if (this.askedMore && count > last.count) this.announce(t.loadedMore(count - last.count));
      this.askedMore = false;
      this.announced = { key, count };
    }
    // The focused load-more button went away (the last page came, or an error): focus the first row
    // loaded since, once the virtualizer renders it (focusRow()); meanwhile, or without new rows, the
    // retry button, else the list. Never the page.
    if (from >= 0 && !root.querySelector('[part=load-more]')) {
      if (this.shown!.orders.length > from) this.focusIndex = from;
      (root.querySelector<HTMLElement>('[part=retry]') ?? root.querySelector<HTMLElement>('[part=list]'))?.focus();
      this.focusRow();
    }
  }

  private handleFilter(event: Event): void {
    // The options are '' (all) and the known statuses.
    this.status = ((event.target as HTMLSelectElement).value || undefined) as OrderStatus | undefined;
  }

  private handleToggle(order: Order): void {
    if (!this.expanded.delete(order.id)) this.expanded.add(order.id);
    this.requestUpdate();
  }

  private handleVisibility(event: VisibilityChangedEvent): void {
    const current = this.data.state;
    // loadMore() while a next page loads joins that request; after a failed one, only retry asks again.
    if (current?.hasMore && !current.loading && !current.error && event.last >= this.shown!.orders.length - nearEnd)
      this.loadMore();
  }

  private loadMore(): void {
    const target = this.data.target;
    this.askedMore = true;
    if (target) void target.crm.loadMoreOrders(target.id, this.filter);
  }

  /**
   * Focuses the row waiting for focus once the virtualizer has rendered it (at once when the list
   * was scrolled to its end, as it is after reading or tabbing through it); gives up once focus has
   * left the list. The list is not scrolled to the row: under WebKit 2.38 the virtualizer, made to
   * scroll to rows it has not measured, can render none for a while, which drops the focus.
   * Called after an update and on the virtualizer's `rangeChanged` (new items or rendered rows),
   * it looks a microtask later: the virtualizer renders the new range right after that event.
   */
  private focusRow(): void {
    queueMicrotask(() => {
      const root = this.shadowRoot!;
      // Without a row waiting (`focusIndex` unset) the selector matches nothing and nothing changes.
      const row = root.querySelector<HTMLElement>(`[aria-posinset="${this.focusIndex! + 1}"] [part=number]`);
      if (root.activeElement !== root.querySelector('[part=list]')) this.focusIndex = undefined;
      else if (row) {
        this.focusIndex = undefined;
        row.focus();
      }
    });
  }

  override render(): TemplateResult {
    const t = this.strings.orderList;
    return html`<div part="base" lang=${this.resolvedLocale} aria-busy=${this.data.problem ? nothing : this.data.busy}>
      ${this.data.render({
        frame: (content) => html`${this.renderFilter(t)}${content}`,
        pending: () => this.renderSkeleton(t),
        complete: (orders, error) => this.renderList(orders, error, t),
      })}
    </div>`;
  }

  private renderFilter(t: OrderListStrings): TemplateResult {
    const option = (status: string) =>
      html`<option value=${status} ?selected=${(this.filter ?? '') === status}>
        ${status ? t.status(status) : t.allStatuses}
      </option>`;
    return html`<div class="filter">
      <label part="filter-label" for="status">${t.filter}</label>
      <select part="filter" id="status" @change=${this.handleFilter}>
        ${['', ...orderStatuses].map(option)}
      </select>
      ${this.renderStoredAt(this.data)}
    </div>`;
  }

  /** While the first page loads: three rows' worth of skeleton. */
  private renderSkeleton(t: OrderListStrings): TemplateResult {
    const row = html`<div class="order">
      <div class="skeleton-line"></div>
      <div class="skeleton-line"></div>
    </div>`;
    return html`<div class="skeleton" aria-hidden="true">${[row, row, row]}</div>
      <span class="visually-hidden" role="status">${t.loading}</span>`;
  }

  /** Newest first (stable) and, for orders given by the host, only the chosen status; kept while those stay the same. */
  private ordersToShow(source: Order[]): Order[] {
    const status = this.orders && this.filter;
    if (this.shown?.source !== source || this.shown.status !== status) {
      const keyed = source
        .filter((order) => !status || order.status === status)
        .map((order) => [Date.parse(order.createdAt) || 0, order] as const);
      const orders = keyed.sort((a, b) => b[0] - a[0]).map(([, order]) => order);
      this.shown = { source, status, orders };
    }
    return this.shown.orders;
  }

  /** The list of orders with its footer: the next page's progress, its button, or a later load's error. */
  private renderList(source: Order[], error: TemplateResult | undefined, t: OrderListStrings): unknown {
    const orders = this.ordersToShow(source);
    const state = this.data.state;
    const setSize = state?.hasMore ? -1 : orders.length;
    const renderItem = (order: Order, index: number) => this.renderRow(order, index, setSize, t);
    // Safari drops list semantics from a list without bullets unless the role is explicit; tabindex
    // lets focus rest on the list while the row it is meant for renders (see updated()).
    const list = html`<div class="scroller">
      <ul
        part="list"
        role="list"
        tabindex="-1"
        aria-label=${t.label}
        @visibilityChanged=${this.handleVisibility}
        @rangeChanged=${this.focusRow}
      >
        ${virtualize({ items: orders, keyFunction: (order: Order) => order.id, renderItem })}
      </ul>
    </div>`;
    const loadMore = html`<button part="load-more" class="button" @click=${this.loadMore}>${t.loadMore}</button>`;
    const footer = html`<div class="footer">
      ${state?.loadingMore ? html`<p part="loading-more" role="status">${t.loadingMore}</p>` : nothing}
      ${error ?? (state?.hasMore ? loadMore : nothing)}
    </div>`;
    return [
      orders.length ? list : this.renderNotice(this.filter ? t.emptyFor(t.status(this.filter)) : t.empty),
      (orders.length && !this.orders) || error ? footer : nothing,
    ];
  }

  private renderRow(order: Order, index: number, setSize: number, t: OrderListStrings): TemplateResult {
    const locale = this.resolvedLocale;
    const expanded = this.expanded.has(order.id);
    const icon = statusIcons[orderStatuses.indexOf(order.status)];
    const items = `items-${index}`;
    return html`<li part="order" class="order" aria-setsize=${setSize} aria-posinset=${index + 1}>
      <div class="summary">
        <button
          part="number"
          class="number"
          @click=${() => this.dispatchEvent(new CrmOrderSelectEvent({ customerId: (!this.orders && this.data.customerId) || order.customerId, order }))}
        >
          ${order.number}
        </button>
        <span part="status" class="status status-${icon ? order.status : 'other'}"
          ><span class="icon" aria-hidden="true">${icon ?? '?'}</span> ${t.status(order.status)}</span
        >
        <span part="total" class="total"
          ><span class="visually-hidden">${t.total} </span>${formatMoney(order.total, locale)}</span
        >
        <div class="meta">
          <time part="date" datetime=${order.createdAt}>${formatDate(order.createdAt, locale)}</time>
          <button
            part="toggle"
            class="toggle"
            aria-expanded=${expanded}
            aria-controls=${items}
            @click=${() => this.handleToggle(order)}
          >
            <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true">
              <path
                d="M3 6l5 5 5-5"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
                stroke-linecap="round"
                stroke-linejoin="round"
              /></svg
            >${t.itemCount(order.items.length)}
          </button>
        </div>
      </div>
      <ul part="items" id=${items} aria-label=${t.itemsOf(order.number)} ?hidden=${!expanded}>
        ${
          expanded
            ? order.items.map(
                (item) =>
                  html`<li part="item">
                    <span part="item-name">${item.name}</span> <span part="sku">${t.sku(item.sku)}</span>
                    <span part="quantity">${t.quantityTimes(item.quantity, formatMoney(item.unitPrice, locale))}</span>
                  </li>`,
              )
            : nothing
        }
      </ul>
    </li>`;
  }
}
