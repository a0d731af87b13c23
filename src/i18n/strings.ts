import type { en } from './en.js';
import type { contactLogEn } from './en-contact-log.js';
import type { customerCardEn } from './en-customer-card.js';
import type { customerInsightsEn } from './en-customer-insights.js';
import type { hostPageEn } from './en-host-page.js';
import type { orderListEn } from './en-order-list.js';

/**
 * Every string of the SDK, by section: the shape every locale's catalog must match (`zh-CN.ts`). The
 * English values come in parts: the sections every element uses (`en.ts`), and each element's own,
 * which it brings with it (see {@link EnglishSections}).
 */
export type Strings = typeof en & {
  customerCard: typeof customerCardEn;
  orderList: typeof orderListEn;
  contactLog: typeof contactLogEn;
  customerInsights: typeof customerInsightsEn;
  hostPage: typeof hostPageEn;
};

/** The English sections an element (its `static englishStrings`) or the host page brings with it. */
export type EnglishSections = Partial<Omit<Strings, keyof typeof en>>;
