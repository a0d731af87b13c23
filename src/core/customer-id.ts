const customerIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `id` can be a customer id: checked before any request, so `../admin` never reaches a URL. */
export function isCustomerId(id: string): boolean {
  return customerIdPattern.test(id);
}
