import type { TokenProvider } from '../api/client.js';

/** Token requests to native code: each has an id, and is answered by a `token` message or fails. */
export interface TokenRequests {
  /** Asks native code (`token-request`) and waits for the answer, at most `timeoutMs`. */
  readonly getToken: TokenProvider;
  /** Hands a `token` answer to the request it names; false when none is waiting for it. */
  answer(id: string, token: string): boolean;
  /** Fails every waiting request (the bridge stopped). */
  failAll(error: Error): void;
}

export function createTokenRequests(
  ask: (id: string, forceRefresh: boolean) => void,
  canAsk: () => boolean,
  timeoutMs: number,
): TokenRequests {
  const pending = new Map<string, (result: string | Error) => void>();
  let requests = 0;
  const getToken: TokenProvider = (request) =>
    new Promise<string>((resolve, reject) => {
      if (!canAsk()) return reject(new Error('crm-widgets: no native host to ask for a token.'));
      const id = `token-${++requests}`;
      const timer = setTimeout(
        () => settle(new Error('crm-widgets: the native host did not answer the token request in time.')),
        timeoutMs,
      );
      const settle = (result: string | Error) => {
        clearTimeout(timer);
        pending.delete(id);
        if (typeof result === 'string') resolve(result);
        else reject(result);
      };
      pending.set(id, settle);
      ask(id, !!request?.forceRefresh);
    });
  return {
    getToken,
    answer(id, token) {
      const waiting = pending.get(id);
      waiting?.(token);
      return !!waiting;
    },
    failAll(error) {
      for (const settle of pending.values()) settle(error);
    },
  };
}
