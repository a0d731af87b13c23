import { expect } from '@open-wc/testing';
import { createSseParser, type SseMessage } from '../../src/stores/sse.js';

function parse(...chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = createSseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.feed(chunk);
  return messages;
}

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
});
