// Several reference API processes on one PostgreSQL, behind an HAProxy of their own: what the
// scale-out test (scale-out.test.ts) and the API benchmark (test/bench/api-bench.ts) both start.
// docs/scaling.md shows the balancer configuration written here.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Shared by every process of a cluster: a token one process signs, all the others accept. */
export const clusterSecret = 'scale-out-secret-that-is-at-least-32-characters';

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** HAProxy: `CRM_HAPROXY` when set (and only it), else the first on `PATH`, else Debian's `/usr/sbin/haproxy`. */
export function findHaproxy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CRM_HAPROXY) return isExecutable(env.CRM_HAPROXY) ? env.CRM_HAPROXY : undefined;
  const candidates = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'].map((dir) =>
    join(dir, 'haproxy'),
  );
  return candidates.find(isExecutable);
}

/** Child processes still running, stopped if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function track(child: ChildProcess, maxOutput = 64_000) {
  running.add(child);
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-maxOutput);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? -1 : null));
    }),
  );
  return { output: () => output, exited };
}

export interface ApiProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed (the last 64 kB), for failure messages. */
  output(): string;
}

/** Starts `demo/server/main.ts` on a free port; resolves once it listens. */
export function startApiProcess(name: string, env: Record<string, string>, timeoutMs = 90_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output, exited } = track(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+:(\d+)\/)/.exec(output());
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ name, url: match[1]!, port: Number(match[2]), child, exited, output });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${output()}`));
    });
  });
}

/** A port nobody listens on right now (HAProxy cannot report the port it was given with 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BalancerOptions {
  port: number;
  servers: { name: string; port: number }[];
  /** Milliseconds between health checks of a server that is up (250; production: 1–2 s). */
  checkIntervalMs?: number;
}

/**
 * The HAProxy configuration: round robin over the API processes, a server out of rotation after
 * two failed `GET /healthz`, and a request that found its server dead retried on another one.
 */
export function haproxyConfig({ port, servers, checkIntervalMs = 250 }: BalancerOptions): string {
  return `global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 10s
    # A dead process refuses the check's connection at once; only a process this slow to answer
    # /healthz counts as down (a short limit would take healthy ones out on a busy machine).
    timeout check 2s
    # Inactivity limits, on an open event stream too (\`timeout tunnel\` does not apply to one): the
    # API sends a heartbeat every 15 s, so a quiet stream stays open.
    timeout client 60s
    timeout server 60s
    # A request whose server refused the connection or closed it without answering (killed,
    # restarting) is sent again, to another server (redispatch on every retry).
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response

frontend crm_api
    bind 127.0.0.1:${port}
    default_backend crm_api

backend crm_api
    balance roundrobin
    # Sending a request again is safe for reads, and for a POST or PATCH with an Idempotency-Key
    # (the API answers a repeat with the first answer); not for a PATCH without one.
    http-request disable-l7-retry if !METH_GET !{ req.hdr(idempotency-key) -m found }
    option httpchk GET /healthz
    http-check expect status 200
    default-server check inter ${checkIntervalMs}ms fastinter ${Math.max(50, Math.round(checkIntervalMs / 2))}ms downinter 1s fall 2 rise 2
    # Which process answered: for tests and when debugging.
    http-response set-header X-Crm-Server %[srv_name]
${servers.map((server) => `    server ${server.name} 127.0.0.1:${server.port}`).join('\n')}
`;
}

export interface Balancer {
  url: string;
  config: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts HAProxy in the foreground with a generated configuration in a temporary directory. */
export async function startBalancer(haproxy: string, options: Omit<BalancerOptions, 'port'>): Promise<Balancer> {
  const port = await freePort();
  const config = haproxyConfig({ ...options, port });
  const dir = mkdtempSync(join(tmpdir(), 'crm-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  const child = spawn(haproxy, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { output, exited } = track(child);
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once every server has answered through it: all are up in HAProxy's eyes.
  const seen = new Set<string>();
  const deadline = Date.now() + 20_000;
  while (seen.size < options.servers.length) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`HAProxy did not route to every server (saw ${[...seen].join(', ') || 'none'}):\n${output()}`);
    }
    try {
      const response = await fetch(`${url}healthz`);
      await response.arrayBuffer();
      const server = response.headers.get('X-Crm-Server');
      if (response.ok && server) seen.add(server);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { url, config, output, stop };
}

/**
 * A schema of its own in the database `databaseUrl` names, so a run starts empty and leaves the
 * database as it was: `url` selects it with libpq's `options=-c search_path=…`.
 */
export async function createSchema(
  databaseUrl: string,
  prefix = 'scale',
): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

export interface Cluster {
  processes: ApiProcess[];
  balancer: Balancer;
  stop(): Promise<void>;
}

/**
 * Starts `count` API processes together on `databaseUrl` (the first start migrates and seeds an
 * empty database; the others wait for it on an advisory lock) and HAProxy in front of them.
 */
export async function startCluster(options: {
  haproxy: string;
  databaseUrl: string;
  count: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  const env = {
    DATABASE_URL: options.databaseUrl,
    CRM_JWT_SECRET: clusterSecret,
    CRM_RATE_LIMIT_PER_MINUTE: 'off',
    ...options.env,
  };
  const started = await Promise.allSettled(
    Array.from({ length: options.count }, (_, i) => startApiProcess(`api${i + 1}`, env)),
  );
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopProcesses = async () => {
    for (const api of processes)
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGTERM');
    await Promise.all(processes.map((api) => api.exited));
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stopProcesses();
    throw failed.reason;
  }
  let balancer: Balancer;
  try {
    balancer = await startBalancer(options.haproxy, {
      servers: processes.map((api) => ({ name: api.name, port: api.port })),
    });
  } catch (error) {
    await stopProcesses();
    throw error;
  }
  return {
    processes,
    balancer,
    async stop() {
      await balancer.stop();
      await stopProcesses();
    },
  };
}
