/**
 * Timestamps as the contract takes them: RFC 3339 `date-time` (JSON Schema's format), read
 * strictly so that what is stored is the instant that was sent. `Date.parse` and PostgreSQL are
 * both lenient (a space for `T`, 30 February rolled over to 1 March), and PostgreSQL's
 * `timestamptz` refuses years outside 1–9999 here with an error, not a 400.
 */

export type ParsedTimestamp = { date: Date } | { error: string };

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-](\d{2}):(\d{2}))$/i;

export const timestampMessages = {
  shape: 'Expected an RFC 3339 date-time, e.g. 2024-05-01T09:30:00Z.',
  calendar: 'No such date or time.',
  range: 'Expected a date from year 1 to 9999 (in UTC).',
  precision: 'At most millisecond precision.',
};

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) =>
  [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;

/** The instant `text` names, or why it is not one this API stores. */
export function parseTimestamp(text: string): ParsedTimestamp {
  const match = rfc3339.exec(text);
  if (!match) return { error: timestampMessages.shape };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, ...number[]];
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  // No leap seconds: JavaScript and PostgreSQL would store 23:59:60 as the next minute.
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysIn(year, month!) ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return { error: timestampMessages.calendar };
  }
  const fraction = match[7] ?? '';
  if (/[1-9]/.test(fraction.slice(3))) return { error: timestampMessages.precision };
  const [date] = text.split(/T/i);
  const time = `${match[4]}:${match[5]}:${match[6]}.${fraction.slice(0, 3).padEnd(3, '0')}`;
  const offset = match[8]!.toUpperCase() === 'Z' ? 'Z' : match[8]!;
  const parsed = new Date(`${date}T${time}${offset}`);
  const utcYear = parsed.getUTCFullYear();
  if (Number.isNaN(parsed.getTime()) || utcYear < 1 || utcYear > 9999) return { error: timestampMessages.range };
  return { date: parsed };
}

const pgTimestamptz =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?( BC)?$/;

/**
 * Reads a `timestamptz` as PostgreSQL writes it (DateStyle ISO). The drivers' own parsers go
 * through `new Date(text)` / `Date.UTC`, which read years 1–99 as 1901–1999 or 2001–2099: a
 * contact entry stored for year 1 came back as 2001.
 */
export function parseTimestamptz(text: string): Date {
  const match = pgTimestamptz.exec(text);
  if (!match) return new Date(text);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetSeconds =
    (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 3600 + Number(match[10] ?? 0) * 60 + Number(match[11] ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(match[12] ? 1 - year! : year!, month! - 1, day);
  date.setUTCHours(hour!, minute, second, milliseconds);
  return new Date(date.getTime() - offsetSeconds * 1000);
}
