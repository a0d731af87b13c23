import { expect, waitUntil } from '@open-wc/testing';
import { announce, announcerRegion } from '../../src/core/announcer.js';

describe('announcer', () => {
  it('reads messages out through one polite live region in the page', async () => {
    announce('Saved');
    const region = announcerRegion()!;
    expect(region.parentElement).to.equal(document.body);
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('role')).to.equal('status');
    await waitUntil(() => region.textContent === 'Saved', 'the message never reached the region');
    announce('Entry added');
    await waitUntil(() => region.textContent === 'Entry added');
    expect(document.querySelectorAll('[data-crm-announcer]')).to.have.length(1);
  });

  it('announces the same message twice (the text changes in between)', async () => {
    announce('Saved');
    const region = announcerRegion()!;
    await waitUntil(() => region.textContent === 'Saved');
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(region.textContent ?? ''));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    announce('Saved');
    await waitUntil(() => seen.includes('') && seen[seen.length - 1] === 'Saved', 'the repeat was not announced');
    observer.disconnect();
  });

  it('is hidden visually, styled through the CSSOM (which a strict style-src allows)', () => {
    const region = announcerRegion()!;
    expect(region.getBoundingClientRect().width).to.be.at.most(1);
    expect(getComputedStyle(region).position).to.equal('absolute');
  });
});
