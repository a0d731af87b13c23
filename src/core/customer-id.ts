import { requestLimits } from '../api/limits.js';

/** Whether `id` can be a customer id: checked before any request, so `../admin` never reaches a URL. */
export function isCustomerId(id: string): boolean {
  return requestLimits.id.pattern.test(id);
}
