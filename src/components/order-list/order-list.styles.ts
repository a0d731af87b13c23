import { css, unsafeCSS } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';
import { orderStatuses, statusTones } from './order-statuses.js';

// Buttons (load-more, retry), the select, the focus ring, skeleton lines, notices, text only screen
// readers see and the wrapper's text reset come from `sharedStyles`; these are the list's own rules
// only, one rule a line (component CSS is not minified by the build), selectors with the same
// declarations merged.
// - `--_min` is the 44 px target size on touch screens and in a narrow element (unset otherwise, so
//   `min-*-size: var(--_min)` falls back to `auto`); rows grow to hold two such targets.
// - `button` is the row's plain buttons (number, toggle); the load-more and retry buttons take
//   `.button`/`[part~=retry]` from `sharedStyles`, whose class selectors outrank it.
// - `.scroller` is the ancestor the virtualizer measures as its viewport.
// - A row's summary is two columns: number and total, then date/toggle and status (total and status
//   placed in column 2, the others flowing into column 1); a narrow element stacks them in DOM order.
// - Each status has its own shape or border as well as its background, so colour is never alone.
//   The backgrounds are one rule per status, made from `orderStatuses` (static text, no data):
//   `.status-paid{background:var(--crm-order-list-status-paid,var(--_tone-0))}` and so on.
export const orderListStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }
    [part='base'] {
      padding: var(--crm-order-list-padding, var(--_space-m));
      background: var(--_color-surface);
    }
    [part='base'],
    .status {
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }
    @media (pointer: coarse) {
      [part='base'] {
        --_min: var(--_target-size);
      }
    }
    @container (inline-size < 30rem) {
      [part='base'] {
        --_min: var(--_target-size);
      }
    }
    .filter,
    .meta,
    [part='item'],
    .footer {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
    }
    .filter {
      margin-block-end: var(--_space-s);
    }
    [part='stale'] {
      margin-inline-start: auto;
    }
    [part='filter-label'],
    [part='date'],
    .toggle,
    [part='sku'],
    [part='loading-more'] {
      margin: 0;
      font-size: var(--_font-size-small);
      color: var(--_color-text-muted);
    }
    .scroller {
      max-block-size: var(--crm-order-list-max-block-size, 32rem);
      overflow-y: auto;
      overscroll-behavior: contain;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .order {
      box-sizing: border-box;
      inline-size: 100%;
      min-block-size: max(4rem, var(--_min, 0rem) * 2 + var(--_space-m));
      padding: var(--_space-s) var(--_space-xs);
      border-block-end: var(--_border-width) solid var(--_color-border);
      overflow-wrap: anywhere;
    }
    .skeleton .order {
      display: grid;
      align-content: center;
    }
    .summary {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: var(--_space-xs) var(--_space-s);
      align-items: center;
    }
    button {
      min-block-size: var(--_min);
      min-inline-size: var(--_min);
      padding: 0;
      font-family: inherit;
      background: none;
      border: 0;
      border-radius: var(--_space-xs);
      cursor: pointer;
      touch-action: manipulation;
    }
    .number {
      justify-self: start;
      max-inline-size: 100%;
      font: inherit;
      text-align: start;
      color: var(--_color-accent);
    }
    .number:hover {
      text-decoration: underline;
    }
    .number,
    .total,
    .icon {
      font-weight: 600;
    }
    .total,
    [part='quantity'] {
      font-variant-numeric: tabular-nums;
    }
    .total {
      grid-area: 1/2;
      justify-self: end;
    }
    .meta {
      gap: 0 var(--_space-m);
    }
    .toggle,
    .status {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
    }
    .chevron {
      inline-size: 1em;
      block-size: 1em;
      flex: none;
    }
    [aria-expanded='true'] .chevron {
      transform: rotate(180deg);
    }
    @media (prefers-reduced-motion: no-preference) {
      .chevron {
        transition: transform 0.15s ease-out;
      }
    }
    .status {
      grid-area: 2/2;
      justify-self: end;
      padding-inline: var(--_space-s);
      font-size: var(--_font-size-small);
      white-space: nowrap;
    }
    ${unsafeCSS(orderStatuses.map((status, index) => `.status-${status}{background:var(--crm-order-list-status-${status},var(--_tone-${statusTones[index]}))}`).join(''))}
    .status-pending {
      border-style: dashed;
    }
    .status-delivered {
      border-color: currentColor;
    }
    .status-cancelled {
      border-style: dotted;
      text-decoration: line-through;
    }
    .status-refunded {
      border-style: double;
      border-width: calc(var(--_border-width) * 3);
    }
    .footer,
    [part='items'] {
      margin-block-start: var(--_space-s);
    }
    [part='items'] {
      padding-inline-start: var(--_space-m);
      border-inline-start: calc(var(--_border-width) * 2) solid var(--_color-border);
    }
    [part='item'] {
      row-gap: 0;
      align-items: baseline;
      padding-block: var(--_space-xs);
    }
    [part='item-name'] {
      flex: 1 1 10rem;
    }
    @container (inline-size < 22rem) {
      .summary {
        grid-template-columns: minmax(0, 1fr);
      }
      .status,
      .total {
        grid-area: auto;
        justify-self: start;
      }
      /* The full-width select goes last, so the orders' age ("As of 10:42") shares the label's line
         and the filter does not grow when it appears. */
      select {
        inline-size: 100%;
        order: 1;
      }
    }
  `,
];
