import { atom, type ReadableAtom } from 'nanostores';
import { en } from './en.js';
import type { EnglishSections, Strings } from './strings.js';

/** The locales the SDK ships strings for. */
export type SupportedLocale = 'en' | 'zh-CN';

/**
 * English is always there (its shared sections here, each element's with the element); every other
 * locale's strings load the first time an element needs them (a chunk of their own for bundlers, a
 * function run on first use in the classic script), so a page in English never loads or runs them.
 */
const catalogs: Partial<Record<Exclude<SupportedLocale, 'en'>, Strings>> = {};
const loaders: Record<Exclude<SupportedLocale, 'en'>, () => Promise<Strings>> = {
  'zh-CN': () => import('./zh-CN.js').then((module) => module.zhCN),
};
/** English with the sections a caller brings, by those sections (one object per element class). */
const english = new WeakMap<EnglishSections, Strings>();
/** No sections of one's own: one object, so those calls share one catalog too. */
const noSections: EnglishSections = {};
const loading = new Map<SupportedLocale, Promise<void>>();
const $loaded = atom(0);

/** Changes each time a locale's strings arrive: what showed English meanwhile renders again. */
export const $stringsLoaded: ReadableAtom<number> = $loaded;

/**
 * Picks the supported locale closest to `requested` (`zh`, `zh-Hans-CN` → `zh-CN`), falling back
 * to `<html lang>`, then English.
 */
export function resolveLocale(requested?: string): SupportedLocale {
  const candidates = [requested, globalThis.document?.documentElement.lang].filter(Boolean) as string[];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-cn') || lower.startsWith('zh-hans') || lower === 'zh-sg') return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * Loads `locale`'s strings; `undefined` when they are already here (no need to wait a microtask).
 * Strings that fail to load (an app whose chunk cannot be fetched) leave English in their place.
 */
export function loadStrings(locale: SupportedLocale): Promise<void> | undefined {
  if (locale === 'en' || catalogs[locale]) return undefined;
  let loaded = loading.get(locale);
  if (!loaded) {
    loaded = loaders[locale]().then(
      (strings) => {
        catalogs[locale] = strings;
        $loaded.set($loaded.get() + 1);
      },
      () => undefined,
    );
    loading.set(locale, loaded);
  }
  return loaded;
}

/**
 * `locale`'s strings once loaded (see `loadStrings`, which this starts), English until then. The
 * English has the shared sections and `sections`, the caller's own (an element's
 * `englishStrings`): a section nobody brought is missing.
 */
export function stringsFor(locale: SupportedLocale, sections: EnglishSections = noSections): Strings {
  if (locale !== 'en') {
    void loadStrings(locale);
    const loaded = catalogs[locale];
    if (loaded) return loaded;
  }
  let strings = english.get(sections);
  if (!strings) english.set(sections, (strings = { ...en, ...sections } as Strings));
  return strings;
}

export type { EnglishSections, Strings };
