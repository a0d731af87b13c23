import type { ApiClient, ApiResponse, RequestOptions } from './client.js';
import { customerSchema } from './schemas.js';
import type { Customer } from './types.js';

/** `GET /v1/customers/{id}`. */
export function fetchCustomer(api: ApiClient, id: string, options?: RequestOptions): Promise<ApiResponse<Customer>> {
  return api.get(`v1/customers/${encodeURIComponent(id)}`, customerSchema, options);
}
