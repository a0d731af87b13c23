// The embedded database keeps every acknowledged write: across a clean stop (SIGTERM) and across
// a killed process (SIGKILL). Runs the real server process on a PGlite data directory.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTokenSigner } from '../../demo/server/auth.js';
import { secret } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'crm-durability-'));

function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      CRM_DATA_DIR: dataDir,
      CRM_JWT_SECRET: secret,
      CRM_SEED_CUSTOMERS: '5',
      CRM_DEMO: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('durability on pglite', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const token = createTokenSigner(secret).sign({ sub: 'u_1', tenant: 'demo', scope: 'crm:read crm:write' }, 600);
  const headers = async () => ({ Authorization: `Bearer ${(await token).token}`, 'Content-Type': 'application/json' });

  it('keeps acknowledged writes when the process is killed, and across a clean stop', async () => {
    const first = await startServer();
    const written: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${first.url}v1/customers/c_1001/contacts`, {
        method: 'POST',
        headers: { ...(await headers()), 'Idempotency-Key': `durable-${i}-key` },
        body: JSON.stringify({ channel: 'note', body: `durable ${i}` }),
      });
      assert.equal(response.status, 201);
      written.push(((await response.json()) as { id: string }).id);
    }
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startServer();
    const list = async (url: string) => {
      const response = await fetch(`${url}v1/customers/c_1001/contacts?limit=100`, { headers: await headers() });
      return ((await response.json()) as { data: { id: string }[] }).data.map((entry) => entry.id);
    };
    const afterKill = await list(second.url);
    for (const id of written) assert.ok(afterKill.includes(id), `lost ${id} after SIGKILL`);
    assert.doesNotMatch(second.output(), /Seeded/, 'the database was not re-created');

    second.child.kill('SIGTERM');
    assert.equal(await exited(second.child), 0);
    assert.match(second.output(), /stopped\./);

    const third = await startServer();
    const afterStop = await list(third.url);
    for (const id of written) assert.ok(afterStop.includes(id), `lost ${id} after SIGTERM`);
    third.child.kill('SIGTERM');
    await exited(third.child);
  });
});
