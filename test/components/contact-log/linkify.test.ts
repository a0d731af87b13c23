import { expect } from '@open-wc/testing';
import { excerpt, linkify } from '../../../src/components/contact-log/linkify.js';

const links = (text: string) =>
  linkify(text)
    .filter((segment) => segment.href !== undefined)
    .map((segment) => segment.href);

describe('linkify', () => {
  it('gives back the text exactly when its segments are joined', () => {
    const text = 'a https://x.test/b c\nhttp://y.test d';
    expect(
      linkify(text)
        .map((segment) => segment.text)
        .join(''),
    ).to.equal(text);
  });

  it('links http and https URLs only', () => {
    expect(links('https://x.test/a and http://y.test/b?c=1#d')).to.deep.equal([
      'https://x.test/a',
      'http://y.test/b?c=1#d',
    ]);
    expect(
      links(
        'javascript:alert(1) data:text/html,<b>x</b> //evil.test/x ftp://f.test mailto:a@b.test file:///etc/passwd',
      ),
    ).to.deep.equal([]);
    expect(links('JavaScript:alert(1)//https://')).to.deep.equal([]);
  });

  it('stops a URL at markup, quotes, spaces and CJK punctuation', () => {
    expect(links('https://x.test/<script>alert(1)</script>')).to.deep.equal(['https://x.test/']);
    expect(links('"https://x.test/a"onmouseover="alert(1)"')).to.deep.equal(['https://x.test/a']);
    expect(links('见 https://x.test/a，谢谢。')).to.deep.equal(['https://x.test/a']);
  });

  it('leaves sentence punctuation and an unmatched closing bracket outside the link', () => {
    expect(links('(see https://x.test/a).')).to.deep.equal(['https://x.test/a']);
    expect(links('https://x.test/wiki/A_(b)!')).to.deep.equal(['https://x.test/wiki/A_(b)']);
  });

  it('does not link a scheme inside a word or without a host', () => {
    expect(links('xhttps://x.test https:// http://')).to.deep.equal([]);
  });

  it('shortens by lines and characters without cutting a link', () => {
    const segments = linkify('1\n2\n3\n4\n5');
    expect(
      excerpt(segments, 4, 280)!
        .map((segment) => segment.text)
        .join(''),
    ).to.equal('1\n2\n3\n4');
    expect(excerpt(linkify('short'), 4, 280)).to.equal(undefined);
    const long = linkify(`${'a'.repeat(10)} https://x.test/${'b'.repeat(20)} tail`);
    const cut = excerpt(long, 4, 15)!;
    expect(cut[cut.length - 1]!.href).to.equal(`https://x.test/${'b'.repeat(20)}`);
  });
});
