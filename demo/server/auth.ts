import { createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { createMiddleware } from 'hono/factory';
import { problem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';

export type Scope = 'crm:read' | 'crm:write';
export const allScopes: readonly Scope[] = ['crm:read', 'crm:write'];

/** Who is calling, from a verified token. */
export interface Caller {
  userId: string;
  tenant: string;
  scopes: ReadonlySet<string>;
}

export interface AuthEnv {
  Variables: { caller: Caller };
}

export interface TokenSigner {
  sign(
    claims: { sub: string; tenant: string; scope: string },
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<Caller>;
}

/** How many verified tokens each process remembers (until their `exp`), to skip the HMAC. */
const verifiedCacheSize = 10_000;

/** HS256 tokens with claims `sub`, `tenant`, `scope` (space separated) and `exp`. */
export function createTokenSigner(secret: string): TokenSigner {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const verified = new Map<string, { caller: Caller; exp: number }>();
  return {
    async sign({ sub, tenant, scope }, ttlSeconds) {
      const now = Math.floor(Date.now() / 1000);
      const exp = now + ttlSeconds;
      const token = await new SignJWT({ tenant, scope })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sub)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      const hit = verified.get(token);
      if (hit && hit.exp > Date.now() / 1000) return hit.caller;
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      if (typeof payload.sub !== 'string' || typeof payload.tenant !== 'string' || typeof payload.scope !== 'string') {
        throw new Error('token lacks sub, tenant or scope');
      }
      const caller = { userId: payload.sub, tenant: payload.tenant, scopes: new Set(payload.scope.split(' ')) };
      if (verified.size >= verifiedCacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, { caller, exp: payload.exp! });
      return caller;
    },
  };
}

/**
 * The one place that checks the bearer token, the tenant it names, the per-token rate limit and
 * the scope a route needs. A missing or bad token answers 401 with `WWW-Authenticate: Bearer`; too
 * many requests 429 with `Retry-After`; a missing scope 403. Routes then read `c.get('caller')`
 * and scope every query by its tenant.
 */
export function requireScope(signer: TokenSigner, scope: Scope, limiter?: RateLimiter) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    // Auth schemes are case-insensitive (RFC 9110 §11.1); one or more spaces before the token68.
    const match = /^bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!match) {
      return problem(c, 401, 'unauthorized', 'Unauthorized', 'A bearer token is required.', {
        'WWW-Authenticate': 'Bearer realm="crm"',
      });
    }
    let caller: Caller;
    try {
      caller = await signer.verify(match[1]!);
    } catch {
      return problem(c, 401, 'unauthorized', 'Unauthorized', 'The bearer token is invalid or expired.', {
        'WWW-Authenticate': 'Bearer realm="crm", error="invalid_token"',
      });
    }
    const wait = limiter?.take(match[1]!) ?? 0;
    if (wait > 0) {
      return problem(c, 429, 'rate-limited', 'Too many requests', `Try again in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    }
    if (!caller.scopes.has(scope)) {
      return problem(c, 403, 'forbidden', 'Forbidden', `This route needs the ${scope} scope.`, {
        'WWW-Authenticate': `Bearer realm="crm", error="insufficient_scope", scope="${scope}"`,
      });
    }
    c.set('caller', caller);
    await next();
  });
}
