/** A stand-in for `fetch` at the ky layer: records every request, answers from a handler. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
}

export type FakeHandler = (request: Request) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
}

export function fakeFetch(handler: FakeHandler): FakeFetch {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push({ method: request.method, url: request.url, headers: new Headers(request.headers) });
    const signal = init?.signal ?? request.signal;
    const abortError = () => new DOMException('The operation was aborted.', 'AbortError');
    if (signal?.aborted) throw abortError();
    // Like a real fetch, a pending answer is abandoned when the signal aborts.
    return new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(abortError()), { once: true });
      Promise.resolve(handler(request)).then(resolve, reject);
    });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

export function problem(
  status: number,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: `https://crm-widgets.dev/problems/${status}`, title, status, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** A token whose payload carries `exp`, like the reference API's. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export const sampleCustomer = {
  id: 'c_1042',
  name: '黄雨桐',
  company: '恒通电子股份有限公司',
  email: 'huang296@163.com',
  tags: ['b2b'],
  lifetimeValue: { amount: 508075, currency: 'CNY' },
  createdAt: '2022-08-09T18:02:27.039Z',
  updatedAt: '2022-08-15T00:19:54.353Z',
};
