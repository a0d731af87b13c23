import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import type { VisibilityChangedEvent } from '@lit-labs/virtualizer/events.js';
import type { CrmApiError } from '../../api/errors.js';
import type { Order, OrderItem, OrderStatus } from '../../api/types.js';
import { StoreController } from '../../controllers/store-controller.js';
import { CrmElement } from '../../core/crm-element.js';
import { isCustomerId } from '../../core/customer-id.js';
import { devWarn } from '../../core/dev.js';
import { CrmOrderSelectEvent } from '../../events/order-select-event.js';
import { formatDate, formatMoney } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import type { PagedState } from '../../stores/paged.js';
import { orderListStyles } from './order-list.styles.js';

/** The statuses the filter offers, in the order an order goes through them. */
const orderStatuses: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];

function isOrderStatus(value: unknown): value is OrderStatus {
  return orderStatuses.includes(value as OrderStatus);
}

/** A shape per status, so the status never relies on colour alone (the label is the text). */
const statusIcons: Record<OrderStatus, string> = {
  pending: '◌',
  paid: '●',
  shipped: '◆',
  delivered: '✓',
  cancelled: '✕',
  refunded: '↺',
};

/** How many rows before the end the next page starts loading. */
const nearEnd = 5;
/** Skeleton rows shown while the first page loads. */
const skeletonRows = 3;

const chevron = svg`<path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />`;

/** A date from data as the locale writes it; a value that is no date is shown as it came. */
function dateText(iso: string, locale: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatDate(iso, locale);
}

/** Newest first; orders with the same time keep their given order. */
function newestFirst(orders: readonly Order[]): Order[] {
  const keyed = orders.map((order, index) => ({ order, index, time: Date.parse(order.createdAt) || 0 }));
  keyed.sort((a, b) => b.time - a.time || a.index - b.index);
  return keyed.map(({ order }) => order);
}

/**
 * @tagname crm-order-list
 * @summary Lists one customer's orders, newest first, with a status filter, paging and each order's items.
 *
 * Id-driven (`customer-id`, loaded page by page through the nearest `<crm-provider>` or
 * `configure()`) or data-driven (the `orders` property, no request and no paging). The list is
 * virtualised: it scrolls inside the element (up to `--crm-order-list-max-block-size`) and keeps
 * only the rows near the visible ones in the page, so thousands of orders stay fast. The next page
 * loads as the user scrolls near the end, or with the "Load more" button.
 *
 * @csspart base - The wrapper around the filter, the list and its footer.
 * @csspart filter - The status filter's `<select>`.
 * @csspart filter-label - The status filter's label.
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

  private readonly ordersState = new StoreController<PagedState<Order>>(this);

  /** The id of the customer whose orders to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /**
   * Shows only orders with this status (`pending`, `paid`, `shipped`, `delivered`, `cancelled`,
   * `refunded`); unset (or any other value) shows all. The filter control changes it.
   */
  @property() status?: string;

  /** Orders the host already holds; when set, nothing is loaded and there is no paging. */
  @property({ attribute: false }) orders?: Order[];

  /** Ids of the orders whose items are shown. */
  @state() private expanded: ReadonlySet<string> = new Set();

  private announced: { key: string; count: number } | undefined;
  private moreRequested = false;
  private shown: { source: readonly Order[] | undefined; status: OrderStatus | undefined; orders: Order[] } = {
    source: undefined,
    status: undefined,
    orders: [],
  };

  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('status') && this.status && !isOrderStatus(this.status)) {
      devWarn(`<crm-order-list> status "${this.status}" is not one of ${orderStatuses.join(', ')}; showing all orders.`);
    }
    const crm = this.crm;
    const id = this.trimmedId;
    const wanted = !this.orders && crm && id && isCustomerId(id) ? crm.ordersFor(id, this.validStatus) : undefined;
    this.ordersState.setStore(wanted);
  }

  override updated(_changed: PropertyValues): void {
    const current = this.ordersState.value;
    this.reportError(current?.error);
    this.announceProgress(current);
  }

  private get trimmedId(): string | undefined {
    return this.customerId?.trim() || undefined;
  }

  private get validStatus(): OrderStatus | undefined {
    return isOrderStatus(this.status) ? this.status : undefined;
  }

  private handleFilter(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.status = isOrderStatus(value) ? value : undefined;
  }

  private handleToggle(order: Order): void {
    const next = new Set(this.expanded);
    if (next.has(order.id)) next.delete(order.id);
    else next.add(order.id);
    this.expanded = next;
  }

  private handleSelect(order: Order): void {
    this.dispatchEvent(new CrmOrderSelectEvent({ customerId: this.orders ? order.customerId : (this.trimmedId ?? order.customerId), order }));
  }

  private handleVisibility(event: VisibilityChangedEvent): void {
    const current = this.ordersState.value;
    if (!current?.data || !current.hasMore || current.loading || current.loadingMore || current.error) return;
    if (event.last >= this.shownOrders(current.data).length - nearEnd) this.loadMore();
  }

  private handleRetry(): void {
    const id = this.trimmedId;
    if (!this.crm || !id) return;
    const current = this.ordersState.value;
    // A failed next page is asked for again; a failed first page (or refresh) reloads.
    if (current?.data && current.hasMore) this.loadMore();
    else void this.crm.reloadOrders(id, this.validStatus);
  }

  private loadMore(): void {
    const id = this.trimmedId;
    if (!this.crm || !id) return;
    this.moreRequested = true;
    void this.crm.loadMoreOrders(id, this.validStatus);
  }

  /** "12 orders loaded" once a list first shows, "Loaded 20 more orders" after each next page. */
  private announceProgress(current: PagedState<Order> | undefined): void {
    const count = current?.data?.length;
    if (!current || count === undefined || current.loading || current.loadingMore) return;
    const key = `${this.trimmedId ?? ''}?${this.validStatus ?? ''}`;
    const t = this.strings.orderList;
    if (this.announced?.key !== key) this.announce(t.loaded(count));
    else if (this.moreRequested && count > this.announced.count) this.announce(t.loadedMore(count - this.announced.count));
    else if (count === this.announced.count) return;
    this.moreRequested = false;
    this.announced = { key, count };
  }

  /** The orders to show: newest first and, for data given by the host, only the chosen status. */
  private shownOrders(source: readonly Order[]): Order[] {
    const status = this.orders ? this.validStatus : undefined;
    if (this.shown.source !== source || this.shown.status !== status) {
      const filtered = status ? source.filter((order) => order.status === status) : source;
      this.shown = { source, status, orders: newestFirst(filtered) };
    }
    return this.shown.orders;
  }

  override render(): TemplateResult {
    const t = this.strings;
    const locale = this.resolvedLocale;
    if (this.orders) {
      return html`<div part="base" lang=${locale} aria-busy="false">
        ${this.renderFilter(t)} ${this.renderOrders(this.shownOrders(this.orders), this.shownOrders(this.orders).length, t)}
      </div>`;
    }
    const problem = this.customerIdProblem(this.trimmedId);
    if (problem) return html`<div part="base" lang=${locale}>${this.renderNotice(problem)}</div>`;
    const current = this.ordersState.value;
    const busy = !current || current.loading;
    return html`<div part="base" lang=${locale} aria-busy=${busy ? 'true' : 'false'}>
      ${this.renderFilter(t)} ${this.renderLoaded(current, t)}
    </div>`;
  }

  private renderLoaded(current: PagedState<Order> | undefined, t: Strings): TemplateResult {
    if (current?.error && !current.data && !current.loading) return this.renderError(current.error, () => this.handleRetry());
    if (!current?.data) return this.renderSkeleton(t);
    const orders = this.shownOrders(current.data);
    return html`
      ${this.renderOrders(orders, current.hasMore ? -1 : orders.length, t)}
      ${orders.length > 0 || current.error ? this.renderFooter(current, current.error, t) : nothing}
    `;
  }

  private renderFilter(t: Strings): TemplateResult {
    const selected = this.validStatus ?? '';
    return html`<div class="filter">
      <label part="filter-label" for="status">${t.orderList.filter}</label>
      <select part="filter" id="status" @change=${this.handleFilter}>
        <option value="" ?selected=${selected === ''}>${t.orderList.allStatuses}</option>
        ${orderStatuses.map((status) => html`<option value=${status} ?selected=${selected === status}>${t.orderList.status(status)}</option>`)}
      </select>
    </div>`;
  }

  private renderOrders(orders: Order[], setSize: number, t: Strings): TemplateResult {
    if (orders.length === 0) {
      const status = this.validStatus;
      return this.renderNotice(status ? t.orderList.emptyFor(status) : t.orderList.empty);
    }
    // Safari drops list semantics from a list without bullets unless the role is explicit.
    return html`<div class="scroller">
      <ul part="list" role="list" aria-label=${t.orderList.label} @visibilityChanged=${this.handleVisibility}>
        ${virtualize({
          items: orders,
          keyFunction: (order: Order) => order.id,
          renderItem: (order: Order, index: number) => this.renderOrder(order, index, setSize, t),
        })}
      </ul>
    </div>`;
  }

  private renderOrder(order: Order, index: number, setSize: number, t: Strings): TemplateResult {
    const locale = this.resolvedLocale;
    const expanded = this.expanded.has(order.id);
    const status = isOrderStatus(order.status) ? order.status : undefined;
    const itemsId = `items-${index}`;
    return html`<li part="order" class="order" aria-setsize=${setSize} aria-posinset=${index + 1}>
      <div class="summary">
        <button part="number" class="number" type="button" @click=${() => this.handleSelect(order)}>${order.number}</button>
        <span part="status" class="status status-${status ?? 'other'}">
          <span class="icon" aria-hidden="true">${status ? statusIcons[status] : '?'}</span>
          ${t.orderList.status(order.status)}
        </span>
        <span part="total" class="total"><span class="visually-hidden">${t.orderList.total} </span>${formatMoney(order.total, locale)}</span>
        <div class="meta">
          <time part="date" class="date" datetime=${order.createdAt}>${dateText(order.createdAt, locale)}</time>
          <button
            part="toggle"
            class="toggle"
            type="button"
            aria-expanded=${expanded ? 'true' : 'false'}
            aria-controls=${itemsId}
            @click=${() => this.handleToggle(order)}
          >
            <svg class="chevron" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${chevron}</svg>
            ${t.orderList.itemCount(order.items.length)}
          </button>
        </div>
      </div>
      <ul part="items" id=${itemsId} aria-label=${t.orderList.itemsOf(order.number)} ?hidden=${!expanded}>
        ${expanded ? order.items.map((item) => this.renderItem(item, t)) : nothing}
      </ul>
    </li>`;
  }

  private renderItem(item: OrderItem, t: Strings): TemplateResult {
    const locale = this.resolvedLocale;
    return html`<li part="item" class="item">
      <span part="item-name" class="item-name">${item.name}</span>
      <span part="sku" class="sku">${t.orderList.sku(item.sku)}</span>
      <span part="quantity" class="quantity">${t.orderList.quantityTimes(item.quantity, formatMoney(item.unitPrice, locale))}</span>
    </li>`;
  }

  private renderFooter(current: PagedState<Order>, error: CrmApiError | undefined, t: Strings): TemplateResult {
    return html`<div class="footer">
      ${current.loadingMore ? html`<p part="loading-more" class="loading-more" role="status">${t.orderList.loadingMore}</p>` : nothing}
      ${error && !current.loading ? this.renderError(error, () => this.handleRetry()) : nothing}
      ${current.hasMore && !error
        ? html`<button part="load-more" class="button" type="button" @click=${this.loadMore}>${t.orderList.loadMore}</button>`
        : nothing}
    </div>`;
  }

  private renderSkeleton(t: Strings): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true">
        ${Array.from(
          { length: skeletonRows },
          () => html`<div class="order">
            <div class="skeleton-line"></div>
            <div class="skeleton-line"></div>
          </div>`,
        )}
      </div>
      <span class="visually-hidden" role="status">${t.orderList.loading}</span>
    `;
  }
}
