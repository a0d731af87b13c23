import { html, type TemplateResult } from 'lit';

// Our own static drawings (24×24, one path each, stroked in the text colour by the log's styles).
// Nothing from data goes inside an SVG: a channel only picks one of these (a Map, so a channel such
// as `constructor` finds nothing of Object's), and its name is always shown as text beside its icon.
const drawings = new Map([
  ['call', 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2'],
  ['email', 'M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2ZM3 7l9 6 9-6'],
  [
    'meeting',
    'M6 8a3 3 0 1 0 6 0a3 3 0 1 0-6 0M14.5 9a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0M3 20a6 6 0 0 1 12 0M15 14.5a5 5 0 0 1 6 5.5',
  ],
  ['chat', 'M4 5h16v11H9l-5 4zM8 9h8M8 12h5'],
  ['sms', 'M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2ZM9 7h6M9 10h4M11 18h2'],
  ['note', 'M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7'],
]);

/** The icon of a contact channel (a note's for an unknown one), hidden from assistive technology (the label says it). */
export function channelIcon(channel: string): TemplateResult {
  return html`<svg viewBox="0 0 24 24" aria-hidden="true">
    <path d=${drawings.get(channel) ?? drawings.get('note')!}></path>
  </svg>`;
}
