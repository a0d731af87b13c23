import type { CrmContactLog } from '../../src/components/contact-log/contact-log.js';

/** The first element of `el`'s shadow root with `name` among its parts. */
export const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

/** Writes `body` into the contact log's form (opening it if needed) and submits it, as a user would. */
export async function writeEntry(log: CrmContactLog, body: string): Promise<void> {
  if (!part(log, 'form')) part(log, 'add')!.click();
  await log.updateComplete;
  const field = log.shadowRoot!.querySelector<HTMLTextAreaElement>('#body')!;
  field.value = body;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  await log.updateComplete;
  part(log, 'submit')!.click();
  await log.updateComplete;
}
