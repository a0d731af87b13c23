import { css } from 'lit';

/**
 * Rules every element shares: a wrapper that does not inherit the host page's text styles, its notices (`message`, `error`, `retry` parts), skeleton lines,
 * buttons and form controls with a visible focus ring and 44 px targets on touch screens, text
 * only screen readers see, and no animation for users who ask for reduced motion.
 */
export const sharedStyles = css`
  /* Set again on the wrapper: what a host page forces onto the host element (even with !important)
     must not be inherited by the element's content. */
  [part~='base'] {
    color: var(--_color-text);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    font-style: normal;
    font-weight: normal;
    letter-spacing: normal;
    line-height: 1.5;
    text-align: start;
    text-transform: none;
    word-spacing: normal;
  }

  [part~='message'],
  [part~='error'] {
    margin: 0;
  }

  /* Customer data reads in its own direction on a right-to-left page (as dir=auto would), and
     phone numbers, addresses and order numbers always left to right: "+1 800 …" never flips. */
  dd,
  [part~='name'],
  [part~='company'],
  [part~='tag'],
  [part~='subject'],
  [part~='body'],
  [part~='author'],
  [part~='item-name'] {
    unicode-bidi: plaintext;
  }

  [part~='phone'],
  [part~='email'],
  [name='phone'],
  [name='email'],
  [part~='number'],
  [part~='sku'] {
    direction: ltr;
    unicode-bidi: isolate;
  }

  [part~='error'] {
    color: var(--_color-danger);
  }

  /* "As of 10:42" on data kept on the device, and the notice that the device keeps nothing: quiet
     lines, never alarming (CrmElement.renderStoredAt, renderMemoryNotice). */
  [part~='stale'],
  [part~='notice'] {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-text-muted);
  }

  /* Under a heading beside a 44 px button, the two lines stay within the button's height. */
  [part~='stale'] {
    line-height: 1.25;
  }

  .button,
  [part~='retry'] {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space-xs);
    min-block-size: var(--_target-size);
    min-inline-size: var(--_target-size);
    padding-block: var(--_space-xs);
    padding-inline: var(--_space-m);
    font: inherit;
    color: var(--_color-accent);
    background: transparent;
    border: var(--_border-width) solid currentColor;
    border-radius: var(--_radius);
    cursor: pointer;
    touch-action: manipulation;
  }

  [part~='retry'] {
    margin-block-start: var(--_space-s);
  }

  .button.primary {
    color: var(--_color-surface);
    background: var(--_color-accent);
    border-color: var(--_color-accent);
  }

  .button.quiet {
    border-color: transparent;
  }

  .button:disabled {
    cursor: default;
    opacity: 0.6;
  }

  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible,
  [tabindex]:focus-visible {
    outline: var(--_focus-width) solid var(--_color-focus);
    outline-offset: var(--_focus-width);
  }

  input,
  select,
  textarea {
    box-sizing: border-box;
    min-block-size: var(--_target-size);
    padding-block: var(--_space-xs);
    padding-inline: var(--_space-s);
    font: inherit;
    color: var(--_color-text);
    background: var(--_color-surface);
    border: var(--_border-width) solid var(--_color-border);
    border-radius: var(--_radius);
  }

  [aria-invalid='true'] {
    border-color: var(--_color-danger);
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

  /* The loading state (CrmElement.renderLoading): the loaded layout, invisible (and so neither
     focusable nor read out), holds the space; the skeleton lines sit over its top. */
  .loading {
    position: relative;
  }

  /* The placeholder's content is in a shadow root of its own, with the element's styles: its
     :host rules must not make it a size container, or the element's container queries would
     measure it (narrower than the element) instead of the element. */
  .placeholder {
    visibility: hidden;
    container-type: normal;
  }

  .skeleton-lines {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
  }

  @media (prefers-reduced-motion: no-preference) {
    .skeleton-line {
      animation: crm-pulse 1.2s ease-in-out infinite alternate;
    }
  }

  @keyframes crm-pulse {
    to {
      opacity: 0.5;
    }
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
