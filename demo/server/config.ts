import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** Server settings from the environment, checked once at start. */
export interface ServerConfig {
  port: number;
  hostname: string;
  demo: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL connections this process's pool may open (its LISTEN connection comes on top). */
  poolSize: number;
  secret: string;
  allowedOrigins: string[];
  seedCustomers: number;
  rateLimit: { perMinute: number; burst: number } | undefined;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], defaultDataDir: string): ServerConfig {
  const demo = argv.includes('--demo') || env.CRM_DEMO === '1';
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError(`PORT must be a port number, not "${env.PORT}".`);
  let secret = env.CRM_JWT_SECRET;
  if (!secret) {
    if (!demo)
      throw new ConfigError('CRM_JWT_SECRET is required (at least 32 characters) unless the server runs in demo mode.');
    // Demo tokens only need to outlive this process.
    secret = randomBytes(32).toString('base64url');
  } else if (secret.length < 32) {
    throw new ConfigError('CRM_JWT_SECRET must be at least 32 characters.');
  }
  const seedCustomers = Number(env.CRM_SEED_CUSTOMERS ?? 2000);
  if (!Number.isInteger(seedCustomers) || seedCustomers < 0)
    throw new ConfigError('CRM_SEED_CUSTOMERS must be a whole number.');
  const poolSize = Number(env.CRM_DB_POOL_SIZE ?? 10);
  // Three at least: seeding holds an advisory lock on one connection, the insights it computes hold
  // another, and their queries need a third.
  if (!Number.isInteger(poolSize) || poolSize < 3)
    throw new ConfigError('CRM_DB_POOL_SIZE must be a whole number of at least 3.');
  const rateText = env.CRM_RATE_LIMIT_PER_MINUTE ?? '1200';
  const perMinute = Number(rateText);
  if (rateText !== 'off' && (!Number.isFinite(perMinute) || perMinute <= 0)) {
    throw new ConfigError('CRM_RATE_LIMIT_PER_MINUTE must be a positive number or "off".');
  }
  return {
    port,
    hostname: env.HOST ?? '127.0.0.1',
    demo,
    dataDir: env.CRM_DATA_DIR ?? defaultDataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    poolSize,
    secret,
    allowedOrigins: (env.CRM_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    seedCustomers,
    rateLimit: rateText === 'off' ? undefined : { perMinute, burst: Math.max(20, Math.round(perMinute / 10)) },
  };
}

/** The contract, parsed from docs/openapi.yaml, to serve as /v1/openapi.json. */
export async function loadOpenApiDocument(): Promise<unknown> {
  return parse(await readFile(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as unknown;
}
