// Every English string, as a page with every element has them (each element brings its own
// section; see src/i18n/strings.ts), and the zh-CN catalog, for tests that compare shown text.
import { en } from '../../src/i18n/en.js';
import { contactLogEn } from '../../src/i18n/en-contact-log.js';
import { customerCardEn } from '../../src/i18n/en-customer-card.js';
import { customerInsightsEn } from '../../src/i18n/en-customer-insights.js';
import { hostPageEn } from '../../src/i18n/en-host-page.js';
import { orderListEn } from '../../src/i18n/en-order-list.js';
import type { Strings } from '../../src/i18n/strings.js';

export { zhCN } from '../../src/i18n/zh-CN.js';

export const englishStrings: Strings = {
  ...en,
  customerCard: customerCardEn,
  orderList: orderListEn,
  contactLog: contactLogEn,
  customerInsights: customerInsightsEn,
  hostPage: hostPageEn,
};
