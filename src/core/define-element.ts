import { ContextRoot } from '@lit/context';
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
  attachContextRoot();
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (existing) {
    if (existing !== constructor && existing.sdkVersion !== version) {
      devWarn(
        `<${tag}> is already defined by crm-widgets ${existing.sdkVersion ?? '(unknown version)'}; this copy (${version}) is not used.`,
      );
    }
    return;
  }
  customElements.define(tag, constructor);
}

const contextRootKey = Symbol.for('crm-widgets.context-root');

/**
 * An element upgraded before its `<crm-provider>` (scripts loaded in another order, or the
 * provider defined later) asks for the context too early; a ContextRoot on the document replays
 * that request once the provider appears. One per page, whichever SDK copy comes first.
 */
function attachContextRoot(): void {
  const page = globalThis as { [contextRootKey]?: true; document?: Document };
  if (page[contextRootKey] || !page.document) return;
  page[contextRootKey] = true;
  new ContextRoot().attach(page.document.documentElement);
}
