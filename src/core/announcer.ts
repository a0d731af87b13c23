/**
 * One polite live region per page, in the light DOM of `<body>`, that every element announces
 * through: screen readers follow a live region in the document more reliably than one inside a
 * shadow root, and one region keeps two elements from talking over each other.
 */
const regionAttribute = 'data-crm-announcer';

function region(): HTMLElement | undefined {
  const body = globalThis.document?.body;
  if (!body) return undefined;
  let element = body.querySelector<HTMLElement>(`:scope > [${regionAttribute}]`);
  if (!element) {
    element = document.createElement('div');
    element.setAttribute(regionAttribute, '');
    element.setAttribute('role', 'status');
    element.setAttribute('aria-live', 'polite');
    element.setAttribute('aria-atomic', 'true');
    // Visually hidden through the CSSOM, which a strict `style-src` allows (a style attribute it would not).
    Object.assign(element.style, {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clipPath: 'inset(50%)',
      whiteSpace: 'nowrap',
    });
    body.append(element);
  }
  return element;
}

let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** Has screen readers read `message` out (politely: after what they are reading now). */
export function announce(message: string): void {
  const element = region();
  if (!element || !message) return;
  // Re-announcing the same text needs a change: clear first, then set on the next task.
  element.textContent = '';
  setTimeout(() => {
    element.textContent = message;
  }, 50);
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    element.textContent = '';
  }, 7000);
}

/** The page's announcement region, if one was made (for tests and hosts that move it). */
export function announcerRegion(): HTMLElement | null {
  return globalThis.document?.querySelector<HTMLElement>(`[${regionAttribute}]`) ?? null;
}
