import type { OrderStatus } from '../../api/types.js';

/** The statuses the filter offers, in the order an order goes through them. */
export const orderStatuses: readonly OrderStatus[] = [
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
];

/**
 * A shape per status, in the order of `orderStatuses` (one UTF-16 unit each), so the status never
 * relies on colour alone (the label is the text).
 */
export const statusIcons = '◌●◆✓✕↺';

/**
 * The theme tone each status's badge falls back to, in the order of `orderStatuses`: pending 2,
 * paid 0, shipped 5, delivered 1, cancelled 3, refunded 4.
 */
export const statusTones = '205134';

export const isOrderStatus = (value: unknown): value is OrderStatus => orderStatuses.includes(value as OrderStatus);
