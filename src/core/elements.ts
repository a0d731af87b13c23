/**
 * The SDK's elements: tag → folder under `src/components/`. Adding an element is its folder
 * (element, styles, registration file `crm-<name>.ts`) plus one entry here and its strings in
 * `src/i18n/`. The build's entries follow from the folders; the webview bridge themes these tags;
 * `test/tooling/registry.test.ts` fails while `define.ts` or the package's exports miss one.
 */
export const elementFolders = {
  'crm-provider': 'provider',
  'crm-customer-card': 'customer-card',
  'crm-order-list': 'order-list',
  'crm-contact-log': 'contact-log',
  'crm-customer-insights': 'customer-insights',
} as const;

export type CrmTagName = keyof typeof elementFolders;

/** Every tag, as one selector. */
export const elementSelector = Object.keys(elementFolders).join(',');
