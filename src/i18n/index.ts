import { en, type Strings } from './en.js';
import { zhCN } from './zh-CN.js';

/** The locales the SDK ships strings for. */
export type SupportedLocale = 'en' | 'zh-CN';

const catalogs: Record<SupportedLocale, Strings> = { en, 'zh-CN': zhCN };

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

export function stringsFor(locale: SupportedLocale): Strings {
  return catalogs[locale];
}

export type { Strings };
