// Starts the reference CRM API (demo mode, in-memory database, small seed) as a child process for
// the end-to-end tests, on a free port, and stops it when the test run ends.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function startReferenceApi({ customers = 300, allowedOrigins = [], timeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CRM_DATA_DIR: 'memory',
      CRM_SEED_CUSTOMERS: String(customers),
      CRM_ALLOWED_ORIGINS: allowedOrigins.join(','),
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.exitCode === null && child.kill('SIGTERM'));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reference API did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference API exited with ${code}:\n${output}`));
    });
  });
}
