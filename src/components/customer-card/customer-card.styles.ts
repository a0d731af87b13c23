import { css, unsafeCSS } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

// Buttons, inputs, the focus ring, skeleton lines, notices and the wrapper's text reset come from
// `sharedStyles`; these are the card's own rules only.
export const customerCardStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
    }
    [part='base'] {
      box-sizing: border-box;
      min-block-size: var(--crm-customer-card-min-block-size, 5rem);
      padding: var(--crm-customer-card-padding, var(--_space-m));
      background: var(--_color-surface);
      overflow-wrap: anywhere;
    }
    [part='base'],
    [part='tier'] {
      border: var(--_border-width) solid var(--_color-border);
    }
    [part='base'],
    [part='tier'],
    li,
    section {
      border-radius: var(--_radius);
    }
    header {
      display: flex;
      gap: var(--_space-m);
      align-items: center;
    }
    header > * {
      flex: none;
    }
    header div,
    [part='field'] {
      display: grid;
      gap: var(--_space-xs);
      flex: 1;
      min-inline-size: 0;
    }
    [part='avatar'] {
      display: grid;
      place-items: center;
      inline-size: var(--crm-customer-card-avatar-size, 3rem);
      aspect-ratio: 1;
      border-radius: 50%;
      overflow: hidden;
      font-weight: 600;
    }
    img {
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
    }
    ${unsafeCSS([0, 1, 2, 3, 4, 5].map((tone) => `.tone-${tone}{background:var(--_tone-${tone})}`).join(''))}
    [part=tier],li {
      padding-inline: var(--_space-s);
    }
    .premium {
      font-weight: 600;
      border-color: currentColor;
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-xs);
      padding: 0;
      list-style: none;
    }
    li {
      background: var(--_color-skeleton);
    }
    dd,
    h2,
    h3,
    h4,
    p,
    ul,
    dl {
      margin: 0;
    }
    ul,
    [part='details'],
    form {
      margin-block-start: var(--_space-m);
    }
    [part='insights'],
    [part='stale'],
    [part='status'] {
      margin-block-start: var(--_space-s);
    }
    [part='status'] {
      font-size: var(--_font-size-small);
      font-style: italic;
      color: var(--_color-text-muted);
    }
    [part='details'],
    [part='details'] div,
    section,
    section dl {
      display: grid;
      gap: var(--_space-s);
    }
    [part='details'] div {
      grid-template-columns: minmax(7rem, auto) 1fr;
      align-items: baseline;
    }
    dt,
    [part='tier'],
    li,
    [part='hint'],
    [part='field-error'],
    label,
    .which {
      font-size: var(--_font-size-small);
    }
    dt,
    [part='company'],
    [part='hint'],
    [readonly],
    .which {
      color: var(--_color-text-muted);
    }
    a {
      color: var(--_color-accent);
    }
    @media (pointer: coarse) {
      a {
        display: inline-flex;
        align-items: center;
        min-block-size: var(--_target-size);
      }
    }
    h2 {
      font-size: var(--_font-size-large);
      line-height: 1.3;
    }
    h2,
    h3,
    h4,
    label,
    section dt {
      font-weight: 600;
    }
    form {
      display: grid;
      gap: var(--_space-m);
    }
    h3 {
      font-size: var(--_font-size);
    }
    label {
      justify-self: start;
    }
    input {
      inline-size: 100%;
      min-inline-size: 0;
    }
    [part='field-error'] {
      color: var(--_color-danger);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }
    section {
      padding: var(--_space-m);
      border: var(--_border-width) solid var(--crm-customer-card-conflict-color, var(--_color-danger));
      border-inline-start-width: calc(var(--_border-width) * 4);
    }
    section dt {
      color: var(--_color-text);
    }
    section dd {
      white-space: pre-wrap;
    }
    .which {
      margin-inline-end: var(--_space-xs);
    }
    @container (inline-size < 22rem) {
      [part='details'] div {
        grid-template-columns: 1fr;
        gap: 0;
      }
      header {
        flex-wrap: wrap;
      }
      .actions .button {
        flex: 1 1 100%;
      }
    }
  `,
];
