import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ContactChannel } from '../../api/types.js';

// Our own static drawings (24×24, stroked in the text colour). Nothing from data goes inside an
// SVG; the channel's name is always shown as text beside its icon.
const drawings: Record<ContactChannel, SVGTemplateResult> = {
  call: svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2"/>`,
  email: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
  meeting: svg`<circle cx="9" cy="8" r="3"/><circle cx="17" cy="9" r="2.5"/><path d="M3 20a6 6 0 0 1 12 0M15 14.5a5 5 0 0 1 6 5.5"/>`,
  chat: svg`<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12h5"/>`,
  sms: svg`<rect x="6" y="2" width="12" height="20" rx="2"/><path d="M9 7h6M9 10h4M11 18h2"/>`,
  note: svg`<path d="M6 3h9l4 4v14H6z"/><path d="M14 3v5h5M9 12h7M9 16h7"/>`,
};

/** The icon of a contact channel, hidden from assistive technology (the label says it). */
export function channelIcon(channel: ContactChannel): TemplateResult {
  // The <svg> element itself belongs in an html template; its drawing is an svg fragment.
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round">${Object.hasOwn(drawings, channel) ? drawings[channel] : drawings.note}</svg>`;
}
