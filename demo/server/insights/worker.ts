// The worker side of analyser.ts: runs `analyseTenant` (k-means, regressions, tree training) off
// the API process's main thread.
import { parentPort } from 'node:worker_threads';
import { analyseTenant, type AnalysisInput } from './compute.js';

parentPort?.on('message', (message: { id: number; input: AnalysisInput }) => {
  try {
    parentPort!.postMessage({ id: message.id, output: analyseTenant(message.input) });
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
