import { atom, type ReadableAtom } from 'nanostores';
import { en, type Strings } from './en.js';

/** The locales the SDK ships strings for. */
export type SupportedLocale = 'en' | 'zh-CN';

/**
 * English is always there; every other locale's strings load the first time an element needs them
 * (a chunk of their own for bundlers, a function run on first use in the classic script), so a
 * page in English never loads or runs them.
 */
const catalogs: Partial<Record<SupportedLocale, Strings>> = { en };
const loaders: Record<Exclude<SupportedLocale, 'en'>, () => Promise<Strings>> = {
  'zh-CN': () => import('./zh-CN.js').then((module) => module.zhCN),
};
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
  if (catalogs[locale]) return undefined;
  let loaded = loading.get(locale);
  if (!loaded) {
    loaded = loaders[locale as keyof typeof loaders]().then(
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

/** `locale`'s strings once loaded (see `loadStrings`, which this starts), English until then. */
export function stringsFor(locale: SupportedLocale): Strings {
  void loadStrings(locale);
  return catalogs[locale] ?? en;
}

export type { Strings };
