import type { Money } from '../api/types.js';

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

/**
 * One formatter per locale and options, kept: building an Intl formatter costs far more than
 * using one, and a list of orders formats hundreds of dates and amounts per scroll.
 */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, create: () => T): T {
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
    return cached(`c|en|${currency}`, () => new Intl.NumberFormat('en', { style: 'currency', currency })).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units as money in `locale` (`CN¥5,080.75`, `¥508,075`). */
export function formatMoney(money: Money, locale: string): string {
  const value = money.amount / 10 ** minorDigits(money.currency);
  try {
    return cached(`c|${locale}|${money.currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency })).format(value);
  } catch {
    // An unknown currency code is shown as it came, never thrown.
    return `${formatNumber(value, locale)} ${money.currency}`;
  }
}

/** A calendar date in `locale` (`Aug 9, 2022`, `2022年8月9日`). */
export function formatDate(iso: string, locale: string): string {
  return cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(new Date(iso));
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago `iso` was, in `locale` (`3 weeks ago`, `3周前`, `yesterday`). */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const elapsed = new Date(iso).getTime() - now;
  const format = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size) return format.format(Math.round(elapsed / size), unit);
  }
  return format.format(0, 'minute');
}
