// The reference API the browser tests run against (started by test/web-test-runner.config.mjs).

/** Its base URL, with a trailing slash. */
export const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

/** A demo token for `userId` of the demo tenant, valid for ten minutes. */
export async function demoToken(userId = 'u_1'): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, {
    method: 'POST',
    body: JSON.stringify({ userId, ttlSeconds: 600 }),
  });
  return ((await response.json()) as { token: string }).token;
}
