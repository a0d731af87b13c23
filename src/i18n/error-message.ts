import type { CrmApiError } from '../api/errors.js';
import type { Strings } from './strings.js';

/** What to tell the user about `error`, in the language of `t` (never the server's own text). */
export function errorMessage(error: CrmApiError, t: Strings): string {
  if (error.kind === 'http') return error.status === 404 || error.status === 403 ? t.errors.notFound : t.errors.server;
  return t.errors[error.kind === 'aborted' ? 'network' : error.kind];
}
