// Runs the analysis in a worker thread, so a recomputation never holds up requests or event
// streams in the API process (the SQL before and after it is asynchronous anyway).
import { Worker } from 'node:worker_threads';
import type { AnalysisInput, AnalysisOutput } from './compute.js';

export interface WorkerAnalyser {
  analyse(input: AnalysisInput): Promise<AnalysisOutput>;
  close(): Promise<void>;
}

/** The worker script; under tsx (the server runs from TypeScript sources) it registers tsx first. */
function spawn(): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  // A worker does not inherit `--import tsx`'s loader, so the entry registers it, then imports.
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true, execArgv: [] });
}

/** One worker, started on first use, one analysis at a time; a crashed worker is replaced on the next call. */
export function createWorkerAnalyser(): WorkerAnalyser {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (output: AnalysisOutput) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const ensure = () => {
    if (worker) return worker;
    const started = spawn();
    started.on('message', (message: { id: number; output?: AnalysisOutput; error?: string }) => {
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`insights worker: ${message.error}`));
      else waiter.resolve(message.output!);
      if (pending.size === 0) started.unref();
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`insights worker exited (${code})`));
    });
    return (worker = started);
  };
  return {
    analyse(input) {
      const target = ensure();
      target.ref();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.postMessage({ id, input });
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
    },
  };
}
