import { version } from '../version.js';
import { adoptCspNonce } from './csp-nonce.js';
import { devWarn } from './dev.js';

/** An element class that says which SDK version it came from. */
export interface VersionedElement extends CustomElementConstructor {
  readonly sdkVersion?: string;
}

/**
 * Registers `tag` unless it is already defined. Two copies of the SDK on one host page happen
 * (a partner bundle plus a CDN script); the first definition wins and a differing version is
 * reported in development builds instead of throwing.
 */
export function defineElement(tag: string, constructor: VersionedElement): void {
  adoptCspNonce();
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (existing) {
    if (existing !== constructor && existing.sdkVersion !== version) {
      devWarn(`<${tag}> is already defined by crm-widgets ${existing.sdkVersion ?? '(unknown version)'}; this copy (${version}) is not used.`);
    }
    return;
  }
  customElements.define(tag, constructor);
}
