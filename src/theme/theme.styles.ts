import { css } from 'lit';

/** The dark set, used both for `prefers-color-scheme: dark` and for `theme="dark"`. */
const darkTokens = css`
  --_color-surface: var(--crm-color-surface, #16191d);
  --_color-text: var(--crm-color-text, #e6e9ed);
  --_color-text-muted: var(--crm-color-text-muted, #a3acb7);
  --_color-border: var(--crm-color-border, #3a4048);
  --_color-accent: var(--crm-color-accent, #8ab4f8);
  --_color-danger: var(--crm-color-danger, #f2b8b5);
  --_color-skeleton: var(--crm-color-skeleton, #2a2f36);
  --_color-focus: var(--crm-color-focus, #8ab4f8);
  --_tone-0: var(--crm-color-tone-0, #1e3a5f);
  --_tone-1: var(--crm-color-tone-1, #14532d);
  --_tone-2: var(--crm-color-tone-2, #713f12);
  --_tone-3: var(--crm-color-tone-3, #831843);
  --_tone-4: var(--crm-color-tone-4, #4c1d95);
  --_tone-5: var(--crm-color-tone-5, #0c4a6e);
  color-scheme: dark;
`;

/**
 * The public `--crm-*` tokens with their light and dark defaults, read into private `--_*`
 * variables on every element's host. Hosts set tokens on `:root` or `<crm-provider>`; the dark set
 * follows `prefers-color-scheme` unless the element's `theme` attribute says `light` or `dark`.
 * This file is the only place with raw colours and sizes.
 */
export const themeStyles = css`
  :host {
    --_color-surface: var(--crm-color-surface, #ffffff);
    --_color-text: var(--crm-color-text, #1b1f24);
    --_color-text-muted: var(--crm-color-text-muted, #57606a);
    --_color-border: var(--crm-color-border, #d0d7de);
    --_color-accent: var(--crm-color-accent, #0b57d0);
    --_color-danger: var(--crm-color-danger, #b3261e);
    --_color-skeleton: var(--crm-color-skeleton, #e8ebef);
    --_color-focus: var(--crm-color-focus, #0b57d0);
    --_font-family: var(
      --crm-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      'PingFang SC',
      'Microsoft YaHei',
      sans-serif
    );
    --_font-size: var(--crm-font-size, 1rem);
    --_font-size-small: var(--crm-font-size-small, 0.875rem);
    --_font-size-large: var(--crm-font-size-large, 1.25rem);
    --_space-xs: var(--crm-space-xs, 0.25rem);
    --_space-s: var(--crm-space-s, 0.5rem);
    --_space-m: var(--crm-space-m, 1rem);
    --_radius: var(--crm-radius, 0.5rem);
    --_border-width: var(--crm-border-width, 1px);
    --_focus-width: var(--crm-focus-width, 2px);
    --_target-size: var(--crm-target-size, 2.75rem);
    --_tone-0: var(--crm-color-tone-0, #dbeafe);
    --_tone-1: var(--crm-color-tone-1, #dcfce7);
    --_tone-2: var(--crm-color-tone-2, #fef3c7);
    --_tone-3: var(--crm-color-tone-3, #fce7f3);
    --_tone-4: var(--crm-color-tone-4, #ede9fe);
    --_tone-5: var(--crm-color-tone-5, #e0f2fe);
    color-scheme: light;
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }

  :host([theme='dark']) {
    ${darkTokens}
  }

  :host([hidden]) {
    display: none !important;
  }
`;
