import { plural } from './format.js';

/** English strings of the webview host page, which `enhanceHostPage` brings with it; `zh-CN.ts` has the same section. */
export const hostPageEn = {
  waiting: 'Waiting for the app…',
  offline: 'You are offline. Showing what was loaded; it updates when you are back online.',
  backOnline: 'Back online.',
  /** Offline, with `count` changes kept on the device until the network is back. */
  offlineWaiting: (count: number) =>
    plural(count, 'en', {
      one: 'Offline — 1 change will be sent when you are back online.',
      other: `Offline — ${count.toLocaleString('en')} changes will be sent when you are back online.`,
    }),
};
