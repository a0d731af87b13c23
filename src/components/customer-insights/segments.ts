import type { SegmentKey } from '../../api/types.js';

/** The segments, in the order of their shapes and tones below. */
export const segmentKeys: readonly SegmentKey[] = ['champions', 'loyal', 'promising', 'new', 'at-risk', 'hibernating'];

/** A shape per segment, so the badge never relies on colour alone (its label is the text). */
export const segmentIcons = '★◆▲✦▼○';

/** The theme tone (`--crm-color-tone-N`) of each segment's badge. */
export const segmentTones = '105423';
