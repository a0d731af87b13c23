import type { Money } from '../api/types.js';

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.PluralRules;

const formatters = new Map<string, Formatter>();

/**
 * One formatter per locale and options, kept: building an Intl formatter costs far more than
 * using one, and a list of orders formats hundreds of dates and amounts per scroll.
 */
function cached<T extends Formatter>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A number in `locale` (`1,234`, `1,234`). */
export function formatNumber(value: number, locale: string): string {
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** Digits after the decimal point in `currency`'s minor unit (JPY 0, CNY and USD 2), from Intl. */
function minorDigits(currency: string): number {
  try {
    return (
      cached(`c|en|${currency}`, () => new Intl.NumberFormat('en', { style: 'currency', currency })).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** An amount in minor units as money in `locale` (`CN¥5,080.75`, `¥508,075`). */
export function formatMoney(money: Money, locale: string): string {
  const value = money.amount / 10 ** minorDigits(money.currency);
  try {
    return cached(
      `c|${locale}|${money.currency}`,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }),
    ).format(value);
  } catch {
    // An unknown currency code is shown as it came, never thrown.
    return `${formatNumber(value, locale)} ${money.currency}`;
  }
}

/** The kept formatter for `locale` and a date or time style (one per combination). */
export function dateTimeFormat(
  locale: string,
  options: { dateStyle?: 'full' | 'medium'; timeStyle?: 'short' },
): Intl.DateTimeFormat {
  return cached(
    `d|${locale}|${options.dateStyle ?? ''}|${options.timeStyle ?? ''}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

/**
 * A calendar date in `locale` (`Aug 9, 2022`, `2022年8月9日`). A date that does not parse (data a
 * host passed in, unchecked) is shown as given rather than thrown from a render.
 */
export function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat(locale, { dateStyle: 'medium' }).format(date);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago `iso` was, in `locale` (`3 weeks ago`, `3周前`, `yesterday`); an unparsable date as given. */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const elapsed = new Date(iso).getTime() - now;
  if (Number.isNaN(elapsed)) return iso;
  const format = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size) return format.format(Math.round(elapsed / size), unit);
  }
  return format.format(0, 'minute');
}

/**
 * When data kept on the device was stored, for "as of …": the time (`10:42 AM`, `10:42`) on the day it
 * was stored, the date and time (`Dec 3, 2025, 10:42 AM`, `2025年12月3日 10:42`) after that.
 */
export function formatStoredAt(at: number, locale: string, now = Date.now()): string {
  const stored = new Date(at);
  const today = new Date(now);
  const sameDay = stored.toDateString() === today.toDateString();
  return dateTimeFormat(locale, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(
    stored,
  );
}

/** Plural forms of a phrase, by `Intl.PluralRules` category; `other` is the fallback (and Chinese's only form). */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** The form of `forms` that `count` takes in `locale` (`1 change`, `2 changes`). */
export function plural(count: number, locale: string, forms: PluralForms): string {
  const category = cached(`p|${locale}`, () => new Intl.PluralRules(locale)).select(count);
  return forms[category] ?? forms.other;
}
