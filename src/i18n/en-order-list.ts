/** English strings of `<crm-order-list>`, which it brings with it (`static englishStrings`); `zh-CN.ts` has the same section. */
export const orderListEn = {
  label: 'Orders',
  loading: 'Loading orders…',
  loadingMore: 'Loading more orders…',
  filter: 'Status',
  allStatuses: 'All',
  status: (status: string) =>
    new Map([
      ['pending', 'Pending'],
      ['paid', 'Paid'],
      ['shipped', 'Shipped'],
      ['delivered', 'Delivered'],
      ['cancelled', 'Cancelled'],
      ['refunded', 'Refunded'],
    ]).get(status) ?? status,
  itemCount: (count: number) => (count === 1 ? '1 item' : `${count.toLocaleString('en')} items`),
  itemsOf: (number: string) => `Items of order ${number}`,
  quantityTimes: (quantity: number, price: string) => `${quantity.toLocaleString('en')} × ${price}`,
  sku: (sku: string) => `SKU ${sku}`,
  total: 'Total',
  empty: 'No orders yet',
  emptyFor: (statusLabel: string) => `No ${statusLabel.toLowerCase()} orders`,
  loaded: (count: number) => (count === 1 ? '1 order loaded' : `${count.toLocaleString('en')} orders loaded`),
  loadedMore: (count: number) =>
    count === 1 ? 'Loaded 1 more order' : `Loaded ${count.toLocaleString('en')} more orders`,
  loadMore: 'Load more',
};
