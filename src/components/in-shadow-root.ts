import { adoptStyles, nothing, render, type CSSResultOrNative, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Renders `template` into a shadow root of the element it is placed on, styled with `styles`
 * (the element's own): the loading placeholder's content is laid out exactly as the loaded content
 * is (the same rules, which select on part names), yet stays out of the element's shadow root, so
 * a query for `[part="name"]` — a page's, a test's — never finds the placeholder's.
 */
class InShadowRoot extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('inShadowRoot() goes on an element');
  }

  render(_template: TemplateResult, _styles: CSSResultOrNative[]): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [template, styles]: [TemplateResult, CSSResultOrNative[]]): typeof nothing {
    const element = part.element;
    let root = element.shadowRoot;
    if (!root) {
      root = element.attachShadow({ mode: 'open' });
      adoptStyles(root, styles);
    }
    render(template, root, { host: part.options?.host });
    return nothing;
  }
}

export const inShadowRoot = directive(InShadowRoot);
