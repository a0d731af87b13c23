/** One server-sent event, as the stream delivered it. */
export interface SseMessage {
  /**
   * The stream's last event ID when the event was dispatched: set by this event's `id:` or an
   * earlier one's (an empty `id:` sets it to `''`); `undefined` while the stream has set none.
   */
  id: string | undefined;
  /** The `event:` type; `message` when none was given. */
  event: string;
  data: string;
}

export interface SseParser {
  /**
   * The next piece of the stream: text, or the response body's bytes, which are decoded here as
   * UTF-8 (always, whatever the charset). Feed one kind or the other to a parser, not both.
   */
  feed(chunk: string | Uint8Array): void;
  /**
   * The last event ID to send back as `Last-Event-ID` when reconnecting: updated at every blank
   * line, with or without an event dispatched; `''` after an empty `id:`.
   */
  readonly lastEventId: string | undefined;
  /** The reconnection time in milliseconds that the last valid `retry:` asked for. */
  readonly retry: number | undefined;
}

/**
 * Parses a `text/event-stream` fed in arbitrary chunks, per the HTML standard's rules: lines end
 * in CRLF, LF or CR (a CRLF split across chunks counts once), `:` starts a comment, one space after
 * the colon is dropped, `data:` lines join with LF, a blank line dispatches. Written here rather
 * than taken from eventsource-parser to keep the one-file bundle inside its size budget; the
 * tests in test/stores/sse.test.ts hold it to the standard's cases (the web-platform-tests ones).
 *
 * `lastEventId` continues a previous connection's: the standard keeps the ID across reconnects,
 * so events without an `id:` on the new connection still carry it.
 */
export function createSseParser(onMessage: (message: SseMessage) => void, lastEventId?: string): SseParser {
  // ignoreBOM keeps a byte order mark in the text, so that the one below is the only one removed:
  // the standard drops one BOM, and a second one is part of the first line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let started = false;
  const fields = createFieldReader(onMessage, lastEventId);
  const splitLines = createLineSplitter(fields.line);

  const feedText = (text: string) => {
    if (!started && text) {
      started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    splitLines(text);
  };

  return {
    feed: (chunk) => feedText(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    get lastEventId() {
      return fields.lastEventId;
    },
    get retry() {
      return fields.retry;
    },
  };
}

/**
 * Cuts text fed in chunks into lines ended by CRLF, LF or CR. The unfinished line is kept as a
 * list of pieces and only each new chunk is searched, so a long line costs time linear in its
 * length however finely it arrives (re-joining and re-scanning the whole buffer per chunk made a
 * 1 MiB line in 1 KiB chunks take seconds).
 */
function createLineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pieces: string[] = [];
  // The previous chunk ended in CR: an LF starting this one completes that CRLF, not a new line.
  let afterCarriageReturn = false;

  return (chunk) => {
    if (!chunk) return;
    let start = afterCarriageReturn && chunk.startsWith('\n') ? 1 : 0;
    afterCarriageReturn = chunk.endsWith('\r');
    const lineEnd = /\r\n?|\n/g;
    lineEnd.lastIndex = start;
    for (let match = lineEnd.exec(chunk); match; match = lineEnd.exec(chunk)) {
      const tail = chunk.slice(start, match.index);
      onLine(pieces.length === 0 ? tail : pieces.join('') + tail);
      pieces = [];
      start = lineEnd.lastIndex;
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  };
}

/** Interprets lines as fields and dispatches an event at each blank line. */
function createFieldReader(onMessage: (message: SseMessage) => void, initialId: string | undefined) {
  const state = {
    lastEventId: initialId,
    retry: undefined as number | undefined,
    line,
  };
  let data: string[] = [];
  let event = '';
  // Set by `id:` at once, but reported (and sent on reconnect) only once its block is complete.
  let idBuffer = initialId;

  function line(text: string) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    if (colon < 0) return field(text, '');
    const value = text.slice(colon + 1);
    field(text.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value);
  }

  function field(name: string, value: string) {
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    // An ID with NUL in it could not be sent back in a header: the standard ignores it.
    else if (name === 'id' && !value.includes('\0')) idBuffer = value;
    else if (name === 'retry' && /^[0-9]+$/.test(value)) state.retry = Number(value);
  }

  function dispatch() {
    state.lastEventId = idBuffer;
    if (data.length > 0) onMessage({ id: idBuffer, event: event || 'message', data: data.join('\n') });
    data = [];
    event = '';
  }

  return state;
}
