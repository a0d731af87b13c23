/**
 * A small RFC 4180 CSV reader and writer for the insights evaluation commands.
 *
 * Enough for exported spreadsheets and the shared data files: quoted fields, doubled quotes,
 * commas and line breaks inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark. It does
 * not guess types; callers decide what a cell means (see `eval-churn.ts`).
 */

/** Thrown for malformed input (an unterminated quote, text after a closing quote). */
export class CsvError extends Error {
  override name = 'CsvError';
}

/** Parses CSV text into records of raw strings. A trailing line end does not add an empty record. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  // True once the current record has any content, so that a blank final line is not a record.
  let started = false;

  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    started = false;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // A quoted field: read to the closing quote; "" is a literal quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(`unterminated quoted field starting on line ${startLine}`);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      started = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvError(`unexpected text after a closing quote on line ${line}`);
      }
      if (next === ',') {
        endField();
        i++;
      } else if (next === undefined) {
        endRecord();
      }
      continue;
    }
    if (c === ',') {
      started = true;
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      if (started || field !== '' || record.length > 0) endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      started = true;
      field += c;
      i++;
    }
  }
  if (started || field !== '' || record.length > 0) endRecord();
  return records;
}

/** Formats one record, quoting only the fields that need it (or every field listed in `quote`). */
export function formatCsvRecord(fields: readonly string[], quote?: readonly boolean[]): string {
  return fields
    .map((value, index) =>
      quote?.[index] || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value,
    )
    .join(',');
}
