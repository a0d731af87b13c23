/** One server-sent event, as the stream delivered it. */
export interface SseMessage {
  /** The event's `id:`, if it had one (the stream's last id otherwise stays as it was). */
  id: string | undefined;
  /** The `event:` type; `message` when none was given. */
  event: string;
  data: string;
}

/**
 * Parses a `text/event-stream` fed in arbitrary chunks, per the HTML standard's rules: lines end
 * in CRLF, LF or CR (a CRLF split across chunks counts once), `:` starts a comment, one space after
 * the colon is dropped, `data:` lines join with LF, a blank line dispatches. Written here rather
 * than taken from eventsource-parser to keep the one-file bundle inside its size budget; the
 * tests in test/stores/sse.test.ts hold it to the standard's cases.
 */
export function createSseParser(onMessage: (message: SseMessage) => void): { feed(chunk: string): void } {
  let buffer = '';
  let first = true;
  let skipLineFeed = false;
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let lastId: string | undefined;

  const line = (text: string) => {
    if (text === '') {
      // A block without data dispatches nothing; its id still counts (kept for the next event).
      if (data.length > 0) onMessage({ id: id ?? lastId, event: event || 'message', data: data.join('\n') });
      if (id !== undefined) lastId = id;
      data = [];
      event = '';
      id = undefined;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  };

  return {
    feed(chunk) {
      if (!chunk) return;
      if (first && chunk) {
        first = false;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      if (skipLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLineFeed = false;
      buffer += chunk;
      let start = 0;
      for (let index = 0; index < buffer.length; index++) {
        const char = buffer[index];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, index));
        if (char === '\r') {
          if (index + 1 === buffer.length) skipLineFeed = true;
          else if (buffer[index + 1] === '\n') index++;
        }
        start = index + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
