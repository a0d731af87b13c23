import { css, unsafeCSS } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

import { segmentKeys, segmentTones } from './segments.js';

// The retry button, the focus ring, skeleton lines, notices, text only screen readers see and the
// wrapper's text reset come from `sharedStyles`; these are the element's own rules only.
// - Each segment badge has its own shape (the icon) as well as its tone, so colour is never alone:
//   `.segment-champions{background:var(--_tone-1)}` and so on, made from `segmentKeys` (static text).
// - The churn meter's three bars grow in height; the level fills one, two or all three of them.
// - The three sections stack below 40rem of the element's own width and sit side by side above.
// - Every text is an en or zh-CN sentence, which reads left to right on a right-to-left page too
//   ("2 orders in the last year", not "orders in the last year 2"): each finds its own direction,
//   while the layout (sections, badge and icon, bullets) still mirrors.
export const customerInsightsStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }
    * {
      unicode-bidi: plaintext;
    }
    [part='base'] {
      box-sizing: border-box;
      min-block-size: var(--crm-customer-insights-min-block-size, 12rem);
      padding: var(--crm-customer-insights-padding, var(--_space-m));
      background: var(--_color-surface);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
      overflow-wrap: anywhere;
    }
    :host([compact]) [part='base'] {
      min-block-size: var(--crm-customer-insights-min-block-size, var(--_target-size));
      padding: 0;
      border: 0;
    }
    h2,
    h3,
    p,
    dl,
    dd,
    ul {
      margin: 0;
    }
    h2 {
      font-size: var(--_font-size-large);
      line-height: 1.3;
    }
    h3 {
      font-size: var(--_font-size);
    }
    h2,
    h3,
    [part='segment'],
    strong {
      font-weight: 600;
    }
    .head,
    .when,
    .compact,
    [part='churn'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-xs) var(--_space-s);
      align-items: center;
    }
    .head {
      justify-content: space-between;
    }
    .compact {
      min-block-size: var(--_target-size);
      column-gap: var(--_space-m);
    }
    .sections {
      display: grid;
      gap: var(--_space-m);
      margin-block-start: var(--_space-m);
    }
    section,
    dl {
      display: grid;
      gap: var(--_space-s);
      align-content: start;
    }
    dt,
    .range,
    [part='updated'],
    [part='segment-size'],
    [part='segment-meaning'],
    [part='based-on'],
    [part='empty'],
    [part='next-order'] {
      font-size: var(--_font-size-small);
      color: var(--_color-text-muted);
    }
    .range {
      display: block;
    }
    [part='segment'] {
      display: inline-flex;
      gap: var(--_space-xs);
      align-items: center;
      justify-self: start;
      padding-inline: var(--_space-s);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }
    ${unsafeCSS(
      segmentKeys
        .filter((key) => segmentTones[key] !== undefined)
        .map((key) => `.segment-${key}{background:var(--_tone-${segmentTones[key]})}`)
        .join(''),
    )}
    .bars {
      display: inline-flex;
      gap: 0.125rem;
      align-items: end;
      block-size: 1em;
    }
    i {
      inline-size: 0.375rem;
      block-size: 40%;
      border: var(--_border-width) solid currentColor;
      border-radius: 0.125rem;
    }
    i + i {
      block-size: 70%;
    }
    i + i + i {
      block-size: 100%;
    }
    .level-low i:first-child,
    .level-medium i:not(:last-child),
    .level-high i {
      background: currentColor;
    }
    .level-high,
    [part='overdue'] {
      color: var(--_color-danger);
    }
    ul {
      display: grid;
      gap: var(--_space-xs);
      padding-inline-start: var(--_space-m);
    }
    @container (inline-size >= 40rem) {
      .sections {
        grid-template-columns: repeat(3, minmax(0, 1fr));
      }
    }
  `,
];
