// A reference API that the fault tests may kill, restart and make misbehave (issue #15): one API
// process per browser engine (the engines run their files at the same time), on a database kept on
// disk so a restart keeps what was written, reached through the test server at /faulty/<engine>/.
// A test page drives it with `executeServerCommand('faulty-api', { action, ... })`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './launchers.mjs';
import { forward } from './proxy.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = '/faulty/';

/** Starts the API on `port` and resolves once it listens. */
function spawnApi(port, dataDir) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CRM_DATA_DIR: dataDir,
      CRM_SEED_CUSTOMERS: '20',
      // The same secret for every start, so tokens issued before a restart stay valid.
      CRM_JWT_SECRET: 'faulty-api-test-secret-of-at-least-32-characters',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  let output = '';
  let listening = false;
  return new Promise((resolve, reject) => {
    // Read to the end (a full pipe would stall the server), kept only until it listens.
    const onData = (chunk) => {
      if (listening) return;
      output += chunk;
      if (!/listening on http/.test(output)) return;
      listening = true;
      resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the faulty API exited (${code ?? signal}):\n${output}`)));
  });
}

/** Whether `child` still runs (one killed by a signal keeps `exitCode` null). */
const running = (child) => child !== undefined && child.exitCode === null && child.signalCode === null;

/** One engine's API: its process, its faults and what the proxy saw. */
function createInstance() {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-faulty-'));
  const state = {
    child: undefined,
    starting: undefined,
    failed: undefined,
    port: 0,
    faults: [],
    blockEvents: false,
    requests: [],
  };
  const launch = async () => {
    state.port ||= await freePort();
    state.child = await spawnApi(state.port, dataDir);
  };
  const stop = () =>
    new Promise((resolve) => {
      if (!running(state.child)) return resolve();
      state.child.once('exit', () => resolve());
      state.child.kill('SIGKILL');
    });
  const actions = {
    // Starting takes seconds (more on a busy machine) and a test runner command only 20 s at most:
    // start and restart return at once, and `ready` says when the API listens.
    start() {
      if (running(state.child) || state.starting) return;
      state.failed = undefined;
      state.starting = launch()
        .catch((error) => (state.failed = error))
        .finally(() => (state.starting = undefined));
    },
    kill: stop,
    async restart() {
      await stop();
      actions.start();
    },
    /** Whether the API listens; waits up to 10 s for one that is starting. */
    async ready() {
      if (state.starting) await Promise.race([state.starting, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (state.failed) throw state.failed;
      return running(state.child) && !state.starting;
    },
    /**
     * The next `times` requests whose path matches `path` (and whose method is `method`, when given)
     * get `fault` instead of the API's answer.
     */
    fault({ path, fault, times = Infinity, method }) {
      state.faults.push({ path: new RegExp(path), fault, times, method });
    },
    /** Ends every fault and forgets the requests seen. */
    clear() {
      state.faults = [];
      state.blockEvents = false;
      state.requests = [];
    },
    /** While blocked, the live stream is refused as if the network dropped it. */
    blockEvents({ blocked }) {
      state.blockEvents = blocked;
    },
    requests: () => state.requests,
  };
  const dispose = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { state, actions, dispose };
}

const faultAnswers = {
  429: (ctx) => problemAnswer(ctx, 429, { 'Retry-After': '1' }),
  503: (ctx) => problemAnswer(ctx, 503),
  malformed: (ctx) => {
    ctx.status = 200;
    ctx.set('Content-Type', 'application/json');
    ctx.body = '{"id": "c_10';
  },
  // Answers nothing until the page gives up on the request, or for 5 s (the pages' timeout is
  // 1.5 s), then drops the connection: a connection left open would count against the browser's
  // few per host (WPE WebKit 2.38 does not always close one when a fetch is aborted).
  hang: async (ctx) => {
    await new Promise((resolve) => {
      ctx.res.once('close', resolve);
      setTimeout(resolve, 5000);
    });
    dropConnection(ctx);
  },
  // The API takes the request and answers, but the answer never reaches the page: forwarded, read to
  // its end (the server has committed by then), then the page's connection is dropped — what a page
  // sees when it is killed, or loses the network, after its write arrived.
  lost: async (ctx, upstream) => {
    try {
      await forward(ctx, upstream);
      if (ctx.body && typeof ctx.body[Symbol.asyncIterator] === 'function')
        for await (const chunk of ctx.body) void chunk;
    } finally {
      dropConnection(ctx);
    }
  },
};

function problemAnswer(ctx, status, headers = {}) {
  ctx.status = status;
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.set('Content-Type', 'application/problem+json');
  ctx.body = JSON.stringify({ type: 'about:blank', title: 'Injected by the fault test', status });
}

/** Drops the connection without an answer: what a page sees of a server that is not there. */
function dropConnection(ctx) {
  // A status of its own, never sent: the test runner reports a request left at koa's default 404.
  ctx.status = 502;
  ctx.respond = false;
  ctx.req.socket.destroy();
}

/** The test server's middleware and the test runner's command plugin for the faulty APIs. */
export function faultyApis() {
  const instances = new Map();
  const instance = (engine) => {
    if (!instances.has(engine)) instances.set(engine, createInstance());
    return instances.get(engine);
  };

  async function middleware(ctx, next) {
    if (!ctx.url.startsWith(prefix)) return next();
    const [engine, ...rest] = ctx.url.slice(prefix.length).split('/');
    const { state } = instance(engine);
    const path = `/${rest.join('/')}`;
    state.requests.push({ method: ctx.method, path, lastEventId: ctx.get('last-event-id') || undefined });
    const fault = state.faults.find(
      (candidate) =>
        candidate.times > 0 && candidate.path.test(path) && (!candidate.method || candidate.method === ctx.method),
    );
    if (fault) {
      fault.times -= 1;
      return faultAnswers[fault.fault](ctx, new URL(path.slice(1), `http://127.0.0.1:${state.port}/`));
    }
    if (state.blockEvents && path.startsWith('/v1/events')) return dropConnection(ctx);
    if (!running(state.child)) return dropConnection(ctx);
    try {
      await forward(ctx, new URL(path.slice(1), `http://127.0.0.1:${state.port}/`));
    } catch {
      dropConnection(ctx);
    }
  }

  const plugin = {
    name: 'faulty-api',
    async executeCommand({ command, payload, session }) {
      if (command !== 'faulty-api') return undefined;
      const engine = session.browser.name.toLowerCase();
      const { action, ...options } = payload ?? {};
      const handler = instance(engine).actions[action];
      if (!handler) throw new Error(`faulty-api: no action "${action}"`);
      const result = await handler(options);
      return { base: `${prefix}${engine}/`, result: result ?? null };
    },
    async serverStop() {
      await Promise.all([...instances.values()].map(({ dispose }) => dispose()));
    },
  };
  return { middleware, plugin };
}
