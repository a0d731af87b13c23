import { css } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

export const orderListStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
      --_pad: var(--crm-order-list-padding, var(--_space-m));
      --_max-block-size: var(--crm-order-list-max-block-size, 32rem);
      /* Badge backgrounds: each status also has its own shape and border, so colour is never alone. */
      --_status-pending: var(--crm-order-list-status-pending, var(--_tone-2));
      --_status-paid: var(--crm-order-list-status-paid, var(--_tone-0));
      --_status-shipped: var(--crm-order-list-status-shipped, var(--_tone-5));
      --_status-delivered: var(--crm-order-list-status-delivered, var(--_tone-1));
      --_status-cancelled: var(--crm-order-list-status-cancelled, var(--_tone-3));
      --_status-refunded: var(--crm-order-list-status-refunded, var(--_tone-4));
      font-family: var(--_font-family);
      font-size: var(--_font-size);
      color: var(--_color-text);
    }

    [part='base'] {
      box-sizing: border-box;
      padding-block: var(--_pad);
      padding-inline: var(--_pad);
      background: var(--_color-surface);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }

    .filter {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
      margin-block-end: var(--_space-s);
    }

    [part='filter-label'] {
      color: var(--_color-text-muted);
      font-size: var(--_font-size-small);
    }

    /* The virtualizer measures this ancestor as its viewport. */
    .scroller {
      max-block-size: var(--_max-block-size);
      overflow-y: auto;
      overscroll-behavior: contain;
    }

    [part='list'],
    [part='items'] {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .order {
      box-sizing: border-box;
      inline-size: 100%;
      min-block-size: 4rem;
      padding-block: var(--_space-s);
      padding-inline: var(--_space-xs);
      border-block-end: var(--_border-width) solid var(--_color-border);
    }

    .summary {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      grid-template-areas:
        'number total'
        'meta status';
      gap: var(--_space-xs) var(--_space-s);
      align-items: center;
    }

    .number {
      grid-area: number;
      justify-self: start;
      max-inline-size: 100%;
      padding: 0;
      font: inherit;
      font-weight: 600;
      text-align: start;
      color: var(--_color-accent);
      background: none;
      border: none;
      border-radius: var(--_space-xs);
      cursor: pointer;
      overflow-wrap: anywhere;
      touch-action: manipulation;
    }

    .number:hover {
      text-decoration: underline;
    }

    .total {
      grid-area: total;
      justify-self: end;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
    }

    .date,
    .toggle {
      font-size: var(--_font-size-small);
      color: var(--_color-text-muted);
    }

    .meta {
      grid-area: meta;
      display: flex;
      flex-wrap: wrap;
      gap: 0 var(--_space-m);
      align-items: center;
      min-inline-size: 0;
    }

    .toggle {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
      padding-block: 0;
      padding-inline: 0;
      font-family: inherit;
      background: none;
      border: none;
      border-radius: var(--_space-xs);
      cursor: pointer;
      touch-action: manipulation;
    }

    .chevron {
      inline-size: 1em;
      block-size: 1em;
      flex: none;
    }

    .toggle[aria-expanded='true'] .chevron {
      transform: rotate(180deg);
    }

    @media (prefers-reduced-motion: no-preference) {
      .chevron {
        transition: transform 0.15s ease-out;
      }
    }

    .status {
      grid-area: status;
      justify-self: end;
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
      padding-inline: var(--_space-s);
      font-size: var(--_font-size-small);
      color: var(--_color-text);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
      white-space: nowrap;
    }

    .status-pending { background: var(--_status-pending); border-style: dashed; }
    .status-paid { background: var(--_status-paid); }
    .status-shipped { background: var(--_status-shipped); }
    .status-delivered { background: var(--_status-delivered); border-color: currentColor; }
    .status-cancelled { background: var(--_status-cancelled); border-style: dotted; text-decoration: line-through; }
    .status-refunded { background: var(--_status-refunded); border-style: double; border-width: calc(var(--_border-width) * 3); }

    .icon {
      font-weight: 600;
    }

    [part='items'] {
      margin-block-start: var(--_space-s);
      padding-inline-start: var(--_space-m);
      border-inline-start: calc(var(--_border-width) * 2) solid var(--_color-border);
    }

    [part='items'][hidden] {
      display: none;
    }

    .item {
      display: flex;
      flex-wrap: wrap;
      gap: 0 var(--_space-s);
      align-items: baseline;
      padding-block: var(--_space-xs);
    }

    .item-name {
      flex: 1 1 10rem;
      min-inline-size: 0;
      overflow-wrap: anywhere;
    }

    .sku {
      font-size: var(--_font-size-small);
      color: var(--_color-text-muted);
      overflow-wrap: anywhere;
    }

    .quantity {
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
    }

    .footer {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
      margin-block-start: var(--_space-s);
    }

    .footer:empty {
      display: none;
    }

    .loading-more {
      margin: 0;
      color: var(--_color-text-muted);
      font-size: var(--_font-size-small);
    }

    .skeleton .order {
      display: flex;
      flex-direction: column;
      justify-content: center;
    }

    @media (pointer: coarse) {
      .number,
      .toggle {
        min-block-size: var(--_target-size);
        min-inline-size: var(--_target-size);
      }

      .order {
        min-block-size: calc(var(--_target-size) * 2 + var(--_space-m));
      }
    }

    @container (inline-size < 30rem) {
      .number,
      .toggle {
        min-block-size: var(--_target-size);
        min-inline-size: var(--_target-size);
      }

      .order {
        min-block-size: calc(var(--_target-size) * 2 + var(--_space-m));
      }
    }

    @container (inline-size < 22rem) {
      .summary {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas:
          'number'
          'status'
          'total'
          'meta';
      }

      .status,
      .total {
        justify-self: start;
      }

      .filter select {
        inline-size: 100%;
      }
    }
  `,
];
