import { css } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

export const contactLogStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: block;
      container-type: inline-size;
      --_pad: var(--crm-contact-log-padding, var(--_space-m));
      --_min-block-size: var(--crm-contact-log-min-block-size, 12rem);
      --_rule: var(--crm-contact-log-rule-color, var(--_color-border));
      font-family: var(--_font-family);
      font-size: var(--_font-size);
      color: var(--_color-text);
    }

    [part='base'] {
      box-sizing: border-box;
      min-block-size: var(--_min-block-size);
      padding-block: var(--_pad);
      padding-inline: var(--_pad);
      background: var(--_color-surface);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }

    .head {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
      justify-content: space-between;
      margin-block-end: var(--_space-m);
    }

    [part='title'] {
      margin: 0;
      font-size: var(--_font-size-large);
      font-weight: 600;
      line-height: 1.3;
    }

    /* The form */
    [part='form'] {
      display: grid;
      gap: var(--_space-m);
      margin-block-end: var(--_space-m);
      padding-block: var(--_space-m);
      padding-inline: var(--_space-m);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
    }

    .row {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: var(--_space-m);
    }

    .field {
      display: grid;
      gap: var(--_space-xs);
      min-inline-size: 0;
    }

    label {
      font-weight: 600;
      font-size: var(--_font-size-small);
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

    .hint,
    .field-error {
      margin: 0;
      font-size: var(--_font-size-small);
    }

    .hint {
      color: var(--_color-text-muted);
    }

    .field-error {
      color: var(--_color-danger);
      font-weight: 600;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }

    /* The timeline */
    .days,
    .entries {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    .day + .day {
      margin-block-start: var(--_space-m);
    }

    [part='day'] {
      margin: 0 0 var(--_space-s);
      font-size: var(--_font-size-small);
      font-weight: 600;
      color: var(--_color-text-muted);
    }

    .entry {
      position: relative;
      padding-block: var(--_space-s);
      padding-inline-start: var(--_space-m);
      border-inline-start: calc(var(--_border-width) * 2) solid var(--_rule);
    }

    .entry + .entry {
      margin-block-start: var(--_space-s);
    }

    [part~='sending'] {
      border-inline-start-style: dashed;
    }

    [part~='failed'] {
      border-inline-start-color: var(--_color-danger);
    }

    .meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-xs) var(--_space-s);
      margin: 0;
      font-size: var(--_font-size-small);
      color: var(--_color-text-muted);
    }

    [part='channel'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
      font-weight: 600;
      color: var(--_color-text);
    }

    .icon {
      inline-size: 1.25em;
      block-size: 1.25em;
      flex: none;
    }

    [part='author'] {
      overflow-wrap: anywhere;
    }

    [part='subject'] {
      margin: var(--_space-xs) 0 0;
      font-weight: 600;
      overflow-wrap: anywhere;
    }

    [part='body'] {
      margin: var(--_space-xs) 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      line-height: 1.5;
    }

    [part='link'] {
      color: var(--_color-accent);
    }

    [part='toggle'] {
      margin-block-start: var(--_space-xs);
      padding-inline: var(--_space-s);
    }

    .status {
      margin: var(--_space-xs) 0 0;
      font-size: var(--_font-size-small);
      font-style: italic;
      color: var(--_color-text-muted);
    }

    .failure {
      margin-block-start: var(--_space-s);
    }

    .reason {
      margin: 0 0 var(--_space-xs);
      color: var(--_color-danger);
      font-size: var(--_font-size-small);
    }

    .load-more {
      margin-block-start: var(--_space-m);
    }

    .load-more[aria-disabled='true'] {
      cursor: progress;
      opacity: 0.7;
    }

    /* Loading: shaped like a day of entries, inside the same min-block-size */
    .skeleton-entry {
      margin-block-start: var(--_space-m);
      padding-inline-start: var(--_space-m);
      border-inline-start: calc(var(--_border-width) * 2) solid var(--_color-skeleton);
    }

    .day-line {
      inline-size: 30%;
    }

    @media (prefers-reduced-motion: no-preference) {
      [part~='sending'] {
        animation: crm-contact-log-arrive 0.2s ease-out;
      }
    }

    @keyframes crm-contact-log-arrive {
      from {
        opacity: 0;
      }
    }

    @container (inline-size < 26rem) {
      .row {
        grid-template-columns: 1fr;
      }

      [part='form'] {
        padding-inline: var(--_space-s);
      }

      .actions .button {
        flex: 1 1 auto;
      }
    }
  `,
];
