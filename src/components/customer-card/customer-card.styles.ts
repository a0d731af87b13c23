import { css } from 'lit';
import { themeStyles } from '../../theme/theme.styles.js';

export const customerCardStyles = [
  themeStyles,
  css`
    :host {
      display: block;
      --_pad: var(--crm-customer-card-padding, var(--_space-m));
      --_min-block-size: var(--crm-customer-card-min-block-size, 5rem);
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

    [part='name'] {
      margin: 0;
      font-size: var(--_font-size-large);
      font-weight: 600;
      line-height: 1.3;
      overflow-wrap: anywhere;
    }

    [part='company'] {
      margin: var(--_space-xs) 0 0;
      color: var(--_color-text-muted);
      overflow-wrap: anywhere;
    }

    .skeleton-line {
      block-size: 1.3em;
      inline-size: 60%;
      border-radius: var(--_space-xs);
      background: var(--_color-skeleton);
    }

    .skeleton-line + .skeleton-line {
      margin-block-start: var(--_space-s);
      inline-size: 40%;
      block-size: 1em;
    }

    @media (prefers-reduced-motion: no-preference) {
      .skeleton-line {
        animation: pulse 1.2s ease-in-out infinite alternate;
      }
    }

    @keyframes pulse {
      to {
        opacity: 0.5;
      }
    }

    [part='message'],
    [part='error'] {
      margin: 0;
    }

    [part='error'] {
      color: var(--_color-danger);
    }

    [part='retry'] {
      margin-block-start: var(--_space-s);
      padding-block: var(--_space-xs);
      padding-inline: var(--_space-m);
      min-block-size: 2.75rem;
      font: inherit;
      color: var(--_color-accent);
      background: transparent;
      border: var(--_border-width) solid currentColor;
      border-radius: var(--_radius);
      cursor: pointer;
    }

    [part='retry']:focus-visible {
      outline: var(--_focus-width) solid var(--_color-focus);
      outline-offset: var(--_focus-width);
    }

    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `,
];
