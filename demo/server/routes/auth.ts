import { Hono } from 'hono';
import type { AuthEnv, TokenSigner } from '../auth.js';
import { demoTokenSchema, invalidDemoToken, readOptionalJson, validate } from '../validation.js';

/** `/v1/auth/demo-token` (demo mode only): a token for any demo user, tenant and scope, no login. */
export function demoTokenRoutes(signer: TokenSigner) {
  const app = new Hono<AuthEnv>();

  app.post('/demo-token', validate('json', demoTokenSchema, invalidDemoToken, readOptionalJson), async (c) => {
    const { tenant, userId, scope, ttlSeconds } = c.req.valid('json');
    const { token, expiresAt } = await signer.sign({ sub: userId, tenant, scope }, ttlSeconds);
    return c.json({ token, expiresAt: expiresAt.toISOString() });
  });

  return app;
}
