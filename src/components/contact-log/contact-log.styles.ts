import { css } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

// Buttons, inputs, the focus ring, skeleton lines, notices, text only screen readers see and the
// wrapper's text reset come from `sharedStyles`; these are the log's own rules only, one rule a
// line (component CSS is not minified by the build), selectors with the same declarations merged.
// The loading skeleton is shaped like a day of entries, inside the same min-block-size; only the
// load-more button is ever `aria-disabled` (while the next page loads).
export const contactLogStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
      --_rule: var(--crm-contact-log-rule-color, var(--_color-border));
    }
    [part='base'] {
      box-sizing: border-box;
      min-block-size: var(--crm-contact-log-min-block-size, 12rem);
      padding: var(--crm-contact-log-padding, var(--_space-m));
      background: var(--_color-surface);
      overflow-wrap: anywhere;
    }
    [part='base'],
    form {
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
      justify-content: space-between;
    }
    header,
    form {
      margin-block-end: var(--_space-m);
    }
    h2,
    h3,
    p,
    ol {
      margin: 0;
    }
    ol {
      padding: 0;
      list-style: none;
    }
    h2 {
      font-size: var(--_font-size-large);
      line-height: 1.3;
    }
    h2,
    label,
    [part='field-error'],
    h3,
    [part='channel'],
    [part='subject'] {
      font-weight: 600;
    }
    label,
    .hint,
    [part='field-error'],
    h3,
    .meta,
    [part='status'],
    .reason {
      font-size: var(--_font-size-small);
    }
    .hint,
    h3,
    .meta,
    [part='status'] {
      color: var(--_color-text-muted);
    }
    [part='field-error'],
    .reason {
      color: var(--_color-danger);
    }
    form {
      padding: var(--_space-m);
    }
    form,
    .row,
    .field {
      display: grid;
      gap: var(--_space-m);
    }
    .row {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .field {
      gap: var(--_space-xs);
    }
    input,
    select,
    textarea {
      inline-size: 100%;
    }
    textarea {
      resize: vertical;
      min-block-size: calc(var(--_target-size) * 2);
      line-height: 1.4;
    }
    .actions,
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }
    h3 {
      margin-block-end: var(--_space-s);
    }
    [part~='entry'],
    .skeleton-entry {
      padding-inline-start: var(--_space-m);
      border-inline-start: calc(var(--_border-width) * 2) solid var(--_rule);
    }
    [part~='entry'] {
      padding-block: var(--_space-s);
    }
    [part~='entry'] + [part~='entry'],
    [part='failure'] {
      margin-block-start: var(--_space-s);
    }
    [part~='sending'],
    [part~='queued'] {
      border-inline-start-style: dashed;
    }
    [part~='failed'] {
      border-inline-start-color: var(--_color-danger);
    }
    .meta,
    [part='channel'] {
      align-items: center;
      row-gap: var(--_space-xs);
    }
    [part='channel'] {
      display: inline-flex;
      column-gap: var(--_space-xs);
      color: var(--_color-text);
    }
    svg {
      inline-size: 1.25em;
      block-size: 1.25em;
      flex: none;
      fill: none;
      stroke: currentColor;
      stroke-width: 1.75;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    [part='subject'],
    [part='body'],
    [part='toggle'],
    [part='status'] {
      margin-block-start: var(--_space-xs);
    }
    [part='body'] {
      white-space: pre-wrap;
    }
    a {
      color: var(--_color-accent);
    }
    [part='toggle'] {
      padding-inline: var(--_space-s);
    }
    [part='status'] {
      font-style: italic;
    }
    .reason {
      margin-block-end: var(--_space-xs);
    }
    .day + .day,
    [part='load-more'],
    .skeleton-entry {
      margin-block-start: var(--_space-m);
    }
    [aria-disabled='true'] {
      cursor: progress;
      opacity: 0.7;
    }
    .skeleton-entry {
      --_rule: var(--_color-skeleton);
    }
    .day-line {
      inline-size: 30%;
    }
    @media (prefers-reduced-motion: no-preference) {
      [part~='sending'] {
        animation: arrive 0.2s ease-out;
      }
    }
    @keyframes arrive {
      from {
        opacity: 0;
      }
    }
    @container (inline-size < 26rem) {
      .row {
        grid-template-columns: 1fr;
      }
      form {
        padding-inline: var(--_space-s);
      }
      .actions .button {
        flex: 1 1 auto;
      }
    }
  `,
];
