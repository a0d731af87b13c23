import type { SegmentKey } from '../../api/types.js';

/** The segments, in the order of their shapes below. */
export const segmentKeys: readonly SegmentKey[] = [
  'champions',
  'loyal',
  'promising',
  'new',
  'at-risk',
  'hibernating',
  'other',
];

/** A shape per segment, so the badge never relies on colour alone (its label is the text). */
export const segmentIcons = '★◆▲✦▼○◇';

/**
 * The theme tone (`--crm-color-tone-N`) of each segment's badge. `other` (no clear segment) has
 * none: it keeps the neutral surface, so it never looks like a finding.
 */
export const segmentTones: Partial<Record<SegmentKey, number>> = {
  champions: 1,
  loyal: 0,
  promising: 5,
  new: 4,
  'at-risk': 2,
  hibernating: 3,
};
