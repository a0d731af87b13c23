/**
 * Keeps the field being typed in above the on-screen keyboard. In a webview the keyboard shrinks
 * the visual viewport, not the layout viewport (iOS, and Android without `adjustResize`), so a
 * form near the bottom of the page — the contact log's — can end up behind it. This publishes the
 * keyboard's height as `--crm-keyboard-inset` on the root element (a host page pads its bottom
 * with it, so there is room to scroll) and scrolls the focused field, inside any shadow root,
 * into the visible part.
 *
 * @returns a function that stops it.
 */
export function keepFieldAboveKeyboard(win: Window = window): () => void {
  const viewport = win.visualViewport;
  if (!viewport) return () => undefined;
  const root = win.document.documentElement;
  let frame = 0;
  const update = () => {
    frame = 0;
    const inset = Math.max(0, Math.round(win.innerHeight - viewport.height - viewport.offsetTop));
    // Through the CSSOM, which a strict `style-src` allows.
    root.style.setProperty('--crm-keyboard-inset', `${inset}px`);
    let field = win.document.activeElement;
    while (field?.shadowRoot?.activeElement) field = field.shadowRoot.activeElement;
    if (!inset || !field || !/^(INPUT|TEXTAREA|SELECT)$/.test(field.tagName)) return;
    const box = field.getBoundingClientRect();
    // Boxes are relative to the layout viewport; the visible part is the visual one, which
    // scrollIntoView does not know about: scroll the page by what is hidden, plus a margin.
    const top = viewport.offsetTop;
    const bottom = top + viewport.height;
    const margin = 16;
    if (box.bottom > bottom) win.scrollBy(0, Math.min(box.bottom - bottom + margin, box.top - top - margin));
    else if (box.top < top) win.scrollBy(0, box.top - top - margin);
  };
  const schedule = () => (frame ||= win.requestAnimationFrame(update));
  viewport.addEventListener('resize', schedule);
  win.addEventListener('focusin', schedule);
  return () => {
    viewport.removeEventListener('resize', schedule);
    win.removeEventListener('focusin', schedule);
    if (frame) win.cancelAnimationFrame(frame);
    root.style.removeProperty('--crm-keyboard-inset');
  };
}
