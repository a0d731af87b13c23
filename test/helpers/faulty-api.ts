// The page's end of the faulty API (test/faulty-api.mjs): a reference API per engine that the
// end-to-end tests kill, restart and fault through the test server.
import { executeServerCommand } from '@web/test-runner-commands';

/** Runs an action of the faulty API; answers its base URL (on this origin) and the action's result. */
export async function faultyApi<T = null>(action: string, options: object = {}): Promise<{ base: string; result: T }> {
  return executeServerCommand('faulty-api', { action, ...options });
}

/** Starts (or restarts) the faulty API and waits until it listens; answers its base URL. */
export async function faultyApiUp(action: 'start' | 'restart'): Promise<string> {
  const { base: url } = await faultyApi(action);
  const deadline = Date.now() + 90_000;
  while (!(await faultyApi<boolean>('ready')).result) {
    if (Date.now() > deadline) throw new Error(`the faulty API did not ${action} in 90 s`);
  }
  return url;
}
