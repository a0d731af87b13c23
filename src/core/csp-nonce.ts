/**
 * Browsers without constructable stylesheets (Safari and iOS before 16.4) get Lit's styles as
 * `<style>` elements, which a `style-src` policy without `'unsafe-inline'` blocks unless they carry
 * the page's nonce. A host page that runs such a policy publishes its nonce the way Vite does,
 * `<meta property="csp-nonce" nonce="…">`, and this hands it to Lit (`litNonce`) once, unless the
 * host set `litNonce` itself.
 */
export function adoptCspNonce(): void {
  const global = globalThis as { litNonce?: string; document?: Document };
  if (global.litNonce !== undefined || !global.document) return;
  const meta = global.document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  // Browsers hide the nonce attribute's value from the DOM; the property keeps it.
  const nonce = meta?.nonce || meta?.getAttribute('nonce');
  if (nonce) global.litNonce = nonce;
}
