import { expect, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import type { ApiClient } from '../../src/api/client.js';
import { deferredLiveStream } from '../../src/stores/deferred.js';
import { createLiveStream, type CrmChange } from '../../src/stores/live.js';
import { browserSignals } from '../../src/stores/signals.js';
import { createSseParser, type SseMessage } from '../../src/stores/sse.js';

function parse(...chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.feed(chunk);
  return messages;
}

/** The parser after the chunks, with what it dispatched. */
function parsed(...chunks: (string | Uint8Array)[]) {
  const messages: SseMessage[] = [];
  const parser = createSseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.feed(chunk);
  return { messages, lastEventId: parser.lastEventId, retry: parser.retry };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('server-sent events parser', () => {
  it('dispatches an event with its id, type and data at a blank line', () => {
    expect(parse('id: 7\nevent: customer.updated\ndata: {"id":"e1"}\n\n')).to.deep.equal([
      { id: '7', event: 'customer.updated', data: '{"id":"e1"}' },
    ]);
  });

  it('does not dispatch before the blank line', () => {
    expect(parse('event: a\ndata: x\n')).to.deep.equal([]);
  });

  it('joins data lines with a line feed and defaults the type to message', () => {
    expect(parse('data: one\ndata:two\ndata\n\n')).to.deep.equal([
      { id: undefined, event: 'message', data: 'one\ntwo\n' },
    ]);
  });

  it('accepts CRLF, LF and CR line ends, including a CRLF split across chunks', () => {
    expect(parse('data: a\r', '\n\r', '\ndata: b\r\rdata: c\n\n')).to.deep.equal([
      { id: undefined, event: 'message', data: 'a' },
      { id: undefined, event: 'message', data: 'b' },
      { id: undefined, event: 'message', data: 'c' },
    ]);
  });

  it('keeps a field split across chunks whole', () => {
    expect(parse('ev', 'ent: contact.cre', 'ated\nda', 'ta: {}\n', '\n')).to.deep.equal([
      { id: undefined, event: 'contact.created', data: '{}' },
    ]);
  });

  it('ignores comments (heartbeats), unknown fields, a leading BOM and ids with NUL', () => {
    expect(parse('\uFEFF: heartbeat\n\nretry: 10\nfoo: bar\nid: a\0b\ndata: x\n\n')).to.deep.equal([
      { id: undefined, event: 'message', data: 'x' },
    ]);
  });

  it('drops only one space after the colon', () => {
    expect(parse('data:  two spaces\n\n')[0]!.data).to.equal(' two spaces');
  });

  it('dispatches nothing for a block without data, but keeps its id for the events after it', () => {
    expect(parse('id: 42\n\n')).to.deep.equal([]);
    expect(parse('id: 42\n\n', 'data: x\n\n')).to.deep.equal([{ id: '42', event: 'message', data: 'x' }]);
  });

  it('counts a CRLF split by an empty chunk once', () => {
    expect(parse('data: a\r', '', '\n', 'data: b\n\n')).to.deep.equal([
      { id: undefined, event: 'message', data: 'a\nb' },
    ]);
  });

  it('drops only the first of two byte order marks, as text or as bytes', () => {
    expect(parse('\uFEFF\uFEFFdata: 1\n\ndata: 2\n\n').map((message) => message.data)).to.deep.equal(['2']);
    expect(parse('\uFEFF', '\uFEFFdata: 1\n\n')).to.deep.equal([]);
    expect(parsed(utf8('\uFEFF\uFEFFdata: 1\n\n')).messages).to.deep.equal([]);
  });

  describe('last event ID', () => {
    it('is set by a block with an id and no data', () => {
      expect(parsed('id: 42\n\n')).to.deep.include({ messages: [], lastEventId: '42' });
    });

    it('is reset to the empty string by an empty id', () => {
      expect(parsed('id: 1\ndata: a\n\nid\n\n').lastEventId).to.equal('');
      expect(parsed('id: 1\ndata: a\n\nid:\ndata: b\n\n').messages[1]!.id).to.equal('');
    });

    it('keeps its value when an id holds NUL', () => {
      expect(parsed('id: 1\n\nid: 2\0\ndata: x\n\n')).to.deep.include({
        messages: [{ id: '1', event: 'message', data: 'x' }],
        lastEventId: '1',
      });
    });

    it('changes only when the block ends', () => {
      expect(parsed('id: 1\n\nid: 2\ndata: x\n').lastEventId).to.equal('1');
    });

    it('continues the one a previous connection left', () => {
      const messages: SseMessage[] = [];
      const parser = createSseParser((message) => messages.push(message), '9');
      parser.feed('data: x\n\n');
      expect(messages[0]!.id).to.equal('9');
      expect(parser.lastEventId).to.equal('9');
    });
  });

  it('takes a retry of ASCII digits only', () => {
    expect(parsed('retry: 0500\n').retry).to.equal(500);
    for (const bogus of ['retry: 1e3', 'retry: -1', 'retry: 10 ', 'retry: ', 'retry: ١٢', 'retry: 0x10']) {
      expect(parsed(`retry: 7\n${bogus}\n`).retry, bogus).to.equal(7);
    }
  });

  it('decodes UTF-8 split across byte chunks', () => {
    const bytes = utf8('data: ok…\n\n');
    expect(parsed(bytes.slice(0, 9), bytes.slice(9)).messages[0]!.data).to.equal('ok…');
  });

  it('parses a 1 MiB data line fed in 1 KiB chunks', () => {
    // Timed by `npm run bench:sse` (docs/benchmarks.md), not here: this checks the result.
    const line = `data: ${'x'.repeat(1024 * 1024)}\r\n\r\n`;
    const chunks: string[] = [];
    for (let start = 0; start < line.length; start += 1024) chunks.push(line.slice(start, start + 1024));
    const messages = parse(...chunks);
    expect(messages.length).to.equal(1);
    expect(messages[0]!.data.length).to.equal(1024 * 1024);
    expect(/^x*$/.test(messages[0]!.data)).to.equal(true);
  });
});

/**
 * The web-platform-tests for EventSource's stream format (the `format-*` files in the wpt
 * repository's eventsource/ folder, named here without their extension: .any.js or .window.js
 * today, .htm in older checkouts), each server answer reproduced as text or bytes. Their server,
 * resources/message.py, answers `message`, then `\n\n` unless `newline=none`, then `\n`; the
 * EventSource reconnects when a stream ends, modelled here as one parser per connection that
 * continues the previous one's last event ID, as src/stores/live.ts does.
 */
interface WptCase {
  file: string;
  title: string;
  /** What the server answers on each connection. */
  connections: (string | Uint8Array)[];
  /** Every event dispatched, in order: [data, lastEventId, type]. */
  events: [data: string, lastEventId?: string, type?: string][];
  retry?: number;
}

const messagePy = (message: string, newline: 'none' | undefined = undefined) =>
  `${message}${newline === 'none' ? '' : '\n\n'}\n`;
// resources/last-event-id.py: echoes a Last-Event-ID header as data, or sends an id (… by default).
const lastEventIdPy = (idValue = '…') => `id: ${idValue}\nretry: 200\ndata: hello\n\n`;
const comment = `:${'x'.repeat(2 * 1024)}`;

const wptCases: WptCase[] = [
  {
    file: 'format-bom',
    title: 'a BOM at the start is dropped, one before a later line is not',
    connections: [utf8(messagePy('\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3'))],
    events: [['1'], ['3']],
  },
  {
    file: 'format-bom-2',
    title: 'of two BOMs at the start, only the first is dropped',
    connections: [utf8(messagePy('\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3'))],
    events: [['2'], ['3']],
  },
  {
    file: 'format-comments',
    title: 'comments, long ones too, between data lines and line ends of every kind',
    connections: [messagePy(`data:1\r:\0\n:\r\ndata:2\n${comment}\rdata:3\n:data:fail\r${comment}\ndata:4\n`, 'none')],
    events: [['1\n2\n3\n4']],
  },
  {
    file: 'format-data-before-final-empty-line',
    title: 'a block the stream ends inside is dropped, its id too',
    connections: [
      messagePy('retry:1000\ndata:test1\n\nid:test\ndata:test2', 'none'),
      messagePy('retry:1000\ndata:test1\n\nid:test\ndata:test2', 'none'),
    ],
    events: [['test1'], ['test1']],
    retry: 1000,
  },
  {
    file: 'format-field-data',
    title: 'empty data lines, with and without a colon',
    connections: [messagePy('data:\n\ndata\ndata\n\ndata:test')],
    events: [[''], ['\n'], ['test']],
  },
  {
    file: 'format-field-event',
    title: 'a custom event type, for its block only',
    connections: [messagePy('event:test\ndata:x\n\ndata:x')],
    events: [
      ['x', '', 'test'],
      ['x', '', 'message'],
    ],
  },
  {
    file: 'format-field-event-empty',
    title: 'an empty event type means message',
    connections: [messagePy('event: \ndata:data')],
    events: [['data']],
  },
  {
    file: 'format-field-id',
    title: 'the last event ID is sent back on reconnecting',
    connections: [utf8(lastEventIdPy()), utf8('data: …\n\n')],
    events: [
      ['hello', '…'],
      ['…', '…'],
    ],
    retry: 200,
  },
  {
    file: 'format-field-id-2',
    title: 'the last event ID persists over two reconnections',
    connections: [utf8(lastEventIdPy()), utf8('data: …\n\n'), utf8('data: …\n\n')],
    events: [
      ['hello', '…'],
      ['…', '…'],
      ['…', '…'],
    ],
    retry: 200,
  },
  {
    file: 'format-field-id-3',
    title: 'lastEventId persists',
    connections: ['id: 1\ndata: 1\n\ndata:2\n\n'],
    events: [
      ['1', '1'],
      ['2', '1'],
    ],
  },
  {
    file: 'format-field-id-3',
    title: 'lastEventId changes and persists',
    connections: ['id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n'],
    events: [
      ['1', '1'],
      ['2', '2'],
      ['3', '2'],
    ],
  },
  {
    file: 'format-field-id-3',
    title: 'lastEventId resets',
    connections: ['id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n'],
    events: [
      ['1', '1'],
      ['2', ''],
      ['3', ''],
    ],
  },
  // No Last-Event-ID is sent on reconnecting, so the server answers the same again.
  ...['\0\0', 'x\0', '\0x', 'x\0x', ' \0'].map((idValue): WptCase => ({
    file: 'format-field-id-null',
    title: `an id holding NUL is ignored: ${encodeURIComponent(idValue)}`,
    connections: [lastEventIdPy(idValue), lastEventIdPy(idValue)],
    events: [
      ['hello', ''],
      ['hello', ''],
    ],
    retry: 200,
  })),
  {
    file: 'format-field-parsing',
    title: 'field names are exact, NUL is data, one space after the colon is dropped',
    connections: [
      messagePy(
        'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n',
        'none',
      ),
    ],
    events: [['\0\n 2\n1\n3\n\n4']],
  },
  {
    file: 'format-field-retry',
    title: 'retry is read in base ten (02000 is 2000)',
    connections: [messagePy('retry:02000\ndata:x')],
    events: [['x']],
    retry: 2000,
  },
  {
    file: 'format-field-retry-bogus',
    title: 'a retry with a non-digit is ignored',
    connections: [messagePy('retry:2000\nretry:1000x\ndata:x')],
    events: [['x']],
    retry: 2000,
  },
  {
    file: 'format-field-retry-empty',
    title: 'an empty retry is ignored',
    connections: [messagePy('retry\ndata:test')],
    events: [['test']],
  },
  {
    file: 'format-field-unknown',
    title: 'unknown fields, a line without a colon and a comment are ignored',
    connections: [messagePy('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test')],
    events: [['test\n\ntest']],
  },
  {
    file: 'format-leading-space',
    title: 'only a space after the colon is dropped, not a tab',
    connections: [messagePy('data:\ttest\rdata: \ndata:test')],
    events: [['\ttest\n\ntest']],
  },
  {
    file: 'format-newlines',
    title: 'CRLF, LF and CR line ends in one stream',
    connections: [messagePy('data:test\r\ndata\ndata:test\r\n\r', 'none')],
    events: [['test\n\ntest']],
  },
  {
    file: 'format-null-character',
    title: 'NUL in data is kept',
    connections: [messagePy('data:\0\n\n')],
    events: [['\0']],
  },
  {
    file: 'format-utf-8',
    title: 'the stream is UTF-8 whatever the charset says',
    connections: [new Uint8Array([...utf8('data:ok'), 0xe2, 0x80, 0xa6, ...utf8('\n\n\n')])],
    events: [['ok…']],
  },
];

/** Feeds each connection in pieces of `size` characters or bytes (the whole of it when Infinity). */
function runWpt(testCase: WptCase, size: number) {
  const events: WptCase['events'] = [];
  let lastEventId: string | undefined;
  let retry: number | undefined;
  for (const connection of testCase.connections) {
    const parser = createSseParser(({ data, id, event }) => events.push([data, id ?? '', event]), lastEventId);
    for (let start = 0; start < connection.length; start += size) parser.feed(connection.slice(start, start + size));
    lastEventId = parser.lastEventId;
    retry = parser.retry ?? retry;
  }
  return { events, retry };
}

describe('server-sent events parser: web-platform-tests eventsource/format-*', () => {
  for (const testCase of wptCases) {
    const expected = {
      events: testCase.events.map(([data, lastEventId = '', type = 'message']) => [data, lastEventId, type]),
      retry: testCase.retry,
    };
    describe(`${testCase.file}: ${testCase.title}`, () => {
      it('dispatches the same events fed in one chunk', () =>
        expect(runWpt(testCase, Infinity)).to.deep.equal(expected));
      it('dispatches the same events fed one character or byte at a time', () =>
        expect(runWpt(testCase, 1)).to.deep.equal(expected));
      it('dispatches the same events fed in pieces of three', () =>
        expect(runWpt(testCase, 3)).to.deep.equal(expected));
    });
  }
});

describe('live stream over the parser', () => {
  it('resumes from an id-only block, forgets an emptied id, and drops only one BOM', async () => {
    const answers = [
      '\uFEFF\uFEFFevent: customer.updated\ndata: {"id":"c_1","customerId":"c_1"}\n\n' +
        'event: customer.updated\ndata: {"id":"c_2","customerId":"c_2"}\n\nid: 7\n\n',
      'id\n\n',
    ];
    const sent: (string | undefined)[] = [];
    const api = {
      stream: async (_path: string, options?: { headers?: Record<string, string> }) => {
        sent.push(options?.headers?.['Last-Event-ID']);
        // After the scripted answers, a stream that stays open until the test releases it.
        return new Response(answers.shift() ?? new ReadableStream());
      },
    } as unknown as ApiClient;
    const changes: CrmChange[] = [];
    const live = createLiveStream({
      api,
      signals: { $visible: atom(true), $online: atom(true) },
      onChange: (change) => changes.push(change),
      onResume: () => undefined,
      baseDelay: 1,
    });
    live.retain();
    await waitUntil(() => sent.length === 3, 'never reconnected twice');
    live.release();
    expect(sent).to.deep.equal([undefined, '7', undefined]);
    expect(changes.map((change) => change.id)).to.deep.equal(['c_2']);
  });

  it('reconnects from the last id when an open stream falls silent past the limit, and revalidates', async () => {
    const sent: (string | undefined)[] = [];
    const cancelled: unknown[] = [];
    const api = {
      stream: async (_path: string, options?: { headers?: Record<string, string> }) => {
        sent.push(options?.headers?.['Last-Event-ID']);
        // One event, then nothing: no heartbeat, no end (the other side is gone).
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(utf8(`id: ${sent.length}\n\n`)),
          cancel: (reason) => void cancelled.push(reason),
        });
        return new Response(body);
      },
    } as unknown as ApiClient;
    let resumed = 0;
    const live = createLiveStream({
      api,
      signals: { $visible: atom(true), $online: atom(true) },
      onChange: () => undefined,
      onResume: () => (resumed += 1),
      baseDelay: 1,
      silenceLimit: 50,
    });
    live.retain();
    await waitUntil(() => sent.length === 3, 'never reconnected after the silence');
    live.release();
    expect(sent).to.deep.equal([undefined, '1', '2']);
    expect(cancelled.length).to.be.at.least(2);
    expect(resumed).to.be.at.least(2);
  });
});

/** An API whose event streams stay open; `requests` holds each stream request's abort signal. */
function openStreams() {
  const requests: AbortSignal[] = [];
  const api = {
    stream: async (_path: string, options: { signal: AbortSignal }) => {
      requests.push(options.signal);
      return new Response(new ReadableStream());
    },
  } as unknown as ApiClient;
  const options = {
    api,
    signals: { $visible: atom(true), $online: atom(true) },
    onChange: () => undefined,
    onResume: () => undefined,
  };
  return { options, requests };
}

describe('live stream, its code loaded on first use', () => {
  it('connects as soon as it is retained: the wait for the first paint comes before its code is loaded', () => {
    const { options, requests } = openStreams();
    const live = createLiveStream(options);
    live.retain();
    expect(requests).to.have.length(1);
    live.release();
  });

  it('asks for its code after the next frame, and replays the retains and releases made before it arrived', async () => {
    const { options, requests } = openStreams();
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    let asked = 0;
    const live = deferredLiveStream(options, async () => {
      asked += 1;
      await arrived;
      return { createLiveStream };
    });
    live.retain();
    live.retain();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(asked, 'asked for the code before the frame was over').to.equal(0);
    live.release();
    await waitUntil(() => asked === 1, 'never asked for the code');
    // While the code is on its way too.
    live.retain();
    live.release();
    arrive();
    await waitUntil(() => requests.length === 1, 'never connected');
    expect(live.$status.get()).to.not.equal('idle');
    // One user is left of the three retains and two releases: the next release ends the stream.
    live.release();
    expect(requests[0]!.aborted, 'still connected after the last user left').to.equal(true);
    expect(live.$status.get()).to.equal('idle');
    expect(requests).to.have.length(1);
  });

  it('asks for its code again on the next retain when it failed to arrive', async () => {
    const { options, requests } = openStreams();
    let asked = 0;
    const live = deferredLiveStream(options, async () => {
      asked += 1;
      if (asked === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { createLiveStream };
    });
    live.retain();
    // The failure is handled in the task that asked for the code, before the next check here.
    await waitUntil(() => asked === 1, 'never asked for the code');
    expect(live.$status.get()).to.equal('idle');
    live.retain();
    await waitUntil(() => requests.length === 1, 'never asked for the code again');
    expect(asked).to.equal(2);
    live.release();
    expect(requests[0]!.aborted, 'the first retain was not replayed').to.equal(false);
    live.release();
    expect(requests[0]!.aborted).to.equal(true);
  });

  it('asks for its code again once the device is back online, while an element still wants it', async () => {
    const { options, requests } = openStreams();
    const $online = atom(false);
    let asked = 0;
    const live = deferredLiveStream({ ...options, signals: { ...options.signals, $online } }, async () => {
      asked += 1;
      if (asked === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { createLiveStream };
    });
    live.retain();
    await waitUntil(() => asked === 1, 'never asked for the code');
    await new Promise((resolve) => setTimeout(resolve));
    expect(asked, 'asked again while offline').to.equal(1);
    $online.set(true);
    await waitUntil(() => requests.length === 1, 'never asked for the code again once online');
    expect(asked).to.equal(2);
    // Once the code is here, going offline and back asks for nothing more.
    $online.set(false);
    $online.set(true);
    await new Promise((resolve) => setTimeout(resolve));
    expect(asked).to.equal(2);
    live.release();
    expect(requests[0]!.aborted).to.equal(true);
  });
});

describe('browser signals', () => {
  it('count a page going away (pagehide) as hidden, and a page shown again as visible', () => {
    const { $visible } = browserSignals();
    expect($visible.get()).to.equal(true);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect($visible.get()).to.equal(false);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect($visible.get()).to.equal(true);
  });
});
