import { css } from 'lit';
import { sharedStyles } from '../../theme/shared.styles.js';
import { themeStyles } from '../../theme/theme.styles.js';

export const customerCardStyles = [
  themeStyles,
  sharedStyles,
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

    :host {
      container-type: inline-size;
    }

    .head {
      display: flex;
      gap: var(--_space-m);
      align-items: center;
    }

    .title {
      flex: 1;
      min-inline-size: 0;
    }

    [part='avatar'] {
      flex: none;
      display: grid;
      place-items: center;
      inline-size: var(--crm-customer-card-avatar-size, 3rem);
      block-size: var(--crm-customer-card-avatar-size, 3rem);
      border-radius: 50%;
      overflow: hidden;
      font-weight: 600;
      color: var(--_color-text);
    }

    [part='avatar'] img {
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
    }

    .tone-0 { background: var(--_tone-0); }
    .tone-1 { background: var(--_tone-1); }
    .tone-2 { background: var(--_tone-2); }
    .tone-3 { background: var(--_tone-3); }
    .tone-4 { background: var(--_tone-4); }
    .tone-5 { background: var(--_tone-5); }

    [part='tier'] {
      flex: none;
      padding-inline: var(--_space-s);
      border: var(--_border-width) solid var(--_color-border);
      border-radius: var(--_radius);
      font-size: var(--_font-size-small);
      color: var(--_color-text);
    }

    .tier-gold,
    .tier-platinum {
      font-weight: 600;
      border-color: currentColor;
    }

    [part='tags'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-xs);
      margin: var(--_space-m) 0 0;
      padding: 0;
      list-style: none;
    }

    [part='tag'] {
      padding-inline: var(--_space-s);
      border-radius: var(--_radius);
      background: var(--_color-skeleton);
      font-size: var(--_font-size-small);
      overflow-wrap: anywhere;
    }

    [part='details'] {
      display: grid;
      grid-template-columns: 1fr;
      gap: var(--_space-s);
      margin: var(--_space-m) 0 0;
    }

    [part='details'] div {
      display: grid;
      grid-template-columns: minmax(7rem, auto) 1fr;
      gap: var(--_space-s);
      align-items: baseline;
    }

    dt {
      color: var(--_color-text-muted);
      font-size: var(--_font-size-small);
    }

    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }

    [part='email'],
    [part='phone'] {
      color: var(--_color-accent);
    }

    @media (pointer: coarse) {
      [part='email'],
      [part='phone'] {
        display: inline-flex;
        align-items: center;
        min-block-size: var(--_target-size);
      }
    }

    @container (inline-size < 22rem) {
      [part='details'] div {
        grid-template-columns: 1fr;
        gap: 0;
      }

      .head {
        flex-wrap: wrap;
      }
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

    [part='edit'] {
      flex: none;
    }

    [part='form'] {
      display: grid;
      gap: var(--_space-m);
      margin-block-start: var(--_space-m);
    }

    .form-heading,
    [part='conflict'] h4 {
      margin: 0;
      font-size: var(--_font-size);
      font-weight: 600;
    }

    [part='field'] {
      display: grid;
      gap: var(--_space-xs);
      min-inline-size: 0;
    }

    [part='field'] label {
      justify-self: start;
      font-size: var(--_font-size-small);
      font-weight: 600;
    }

    [part='input'] {
      inline-size: 100%;
      min-inline-size: 0;
    }

    [part='input'][readonly] {
      color: var(--_color-text-muted);
    }

    [part='hint'],
    [part='field-error'] {
      margin: 0;
      font-size: var(--_font-size-small);
    }

    [part='hint'] {
      color: var(--_color-text-muted);
    }

    [part='field-error'] {
      color: var(--_color-danger);
      overflow-wrap: anywhere;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }

    [part='conflict'] {
      --_conflict-color: var(--crm-customer-card-conflict-color, var(--_color-danger));
      display: grid;
      gap: var(--_space-s);
      padding-block: var(--_space-m);
      padding-inline: var(--_space-m);
      border: var(--_border-width) solid var(--_conflict-color);
      border-inline-start-width: calc(var(--_border-width) * 4);
      border-radius: var(--_radius);
    }

    [part='conflict'] p {
      margin: 0;
    }

    .differences {
      display: grid;
      gap: var(--_space-s);
      margin: 0;
    }

    [part='difference'] dt {
      color: var(--_color-text);
      font-weight: 600;
    }

    [part='difference'] dd {
      overflow-wrap: anywhere;
      white-space: pre-wrap;
    }

    .which {
      margin-inline-end: var(--_space-xs);
      color: var(--_color-text-muted);
      font-size: var(--_font-size-small);
    }

    @container (inline-size < 22rem) {
      .actions .button {
        flex: 1 1 100%;
      }
    }

  `,
];
