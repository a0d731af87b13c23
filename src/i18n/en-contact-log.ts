import { plural } from './format.js';

/** English strings of `<crm-contact-log>`, which it brings with it (`static englishStrings`); `zh-CN.ts` has the same section. */
export const contactLogEn = {
  title: 'Contact history',
  loading: 'Loading contact history…',
  empty: 'No contact yet',
  today: 'Today',
  yesterday: 'Yesterday',
  unknownDay: 'Date unknown',
  // A Map, not an object literal: a channel such as `constructor` must not find Object's own members.
  channel: (channel: string) =>
    new Map([
      ['call', 'Call'],
      ['email', 'Email'],
      ['meeting', 'Meeting'],
      ['chat', 'Chat'],
      ['sms', 'SMS'],
      ['note', 'Note'],
    ]).get(channel) ?? channel,
  direction: (direction: 'inbound' | 'outbound', _channel: string): string =>
    direction === 'inbound' ? 'Inbound' : 'Outbound',
  you: 'You',
  sending: 'Sending…',
  notSent: (reason: string) => `Not sent. ${reason}`,
  resend: 'Retry',
  discard: 'Discard',
  showMore: 'Show more',
  showLess: 'Show less',
  loadMore: 'Load older entries',
  loadingMore: 'Loading older entries…',
  loadedMore: (count: number) => (count === 1 ? '1 older entry loaded' : `${count} older entries loaded`),
  addEntry: 'Add entry',
  form: 'New contact entry',
  channelLabel: 'Channel',
  directionLabel: 'Direction',
  /** A direction as a form option; `''` is "none given". */
  directionOption: (direction: '' | 'inbound' | 'outbound'): string =>
    direction ? (direction === 'inbound' ? 'Inbound' : 'Outbound') : 'None',
  subjectLabel: 'Subject (optional)',
  bodyLabel: 'What happened',
  bodyHint: (max: string) => `Up to ${max} characters.`,
  submit: 'Add to log',
  close: 'Close',
  bodyRequired: 'Write what happened before adding the entry.',
  tooLong: (max: string, length: string) => `Keep it to ${max} characters (now ${length}).`,
  added: 'Entry added',
  failed: 'Entry could not be sent',
  discarded: 'Entry discarded',
  /** Entries that waited on the device reached the server. */
  queuedSent: (count: number) =>
    plural(count, 'en', { one: 'Saved entry sent', other: `${count.toLocaleString('en')} saved entries sent` }),
};
