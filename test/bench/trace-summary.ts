/**
 * What a page's main thread did between two moments of a load, from a Chromium trace: time by
 * kind of work (script, compile, style, layout, paint, garbage collection…) and the functions that
 * took the most of it (the sampling profiler's self time, by function name and source position).
 * Used by `npm run bench:elements -- --only profile` (#12 part 3: profile the time between the
 * answer and the paint).
 */

/** The categories a trace needs for `summarize`. */
export const traceCategories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** A window of a load, in ms from navigation start (the page's `performance.now()`). */
export interface TraceWindow {
  from: number;
  to: number;
}

export interface TraceSummary {
  /** Main-thread self time inside the window by trace event name, in ms, largest first. */
  work: [string, number][];
  /** Self time inside the window by function (name @ url:line:column), in ms, largest first. */
  functions: [string, number][];
  /** Main-thread time inside the window with no task running, in ms. */
  idle: number;
}

/** The renderer main thread that ran the page's navigation (the one with `navigationStart` for `path`). */
function mainThread(events: TraceEvent[], path: string): { pid: number; tid: number; start: number } {
  const start = events.find(
    (event) =>
      event.name === 'navigationStart' &&
      String(event.args?.data?.['documentLoaderURL'] ?? '').includes(path) &&
      event.args?.data?.['isLoadingMainFrame'] === true,
  );
  if (!start) throw new Error(`trace: no navigationStart for ${path}`);
  return { pid: start.pid, tid: start.tid, start: start.ts };
}

/** Self time (duration less the children's) of each complete event of one thread, clipped to [from, to] µs. */
function selfTimes(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const sorted = events.filter((event) => event.ph === 'X' && event.dur).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const totals = new Map<string, number>();
  const clipped = (start: number, end: number) => Math.max(0, Math.min(end, to) - Math.max(start, from));
  const stack: TraceEvent[] = [];
  const add = (name: string, microseconds: number) => totals.set(name, (totals.get(name) ?? 0) + microseconds);
  for (const event of sorted) {
    while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= event.ts) stack.pop();
    const parent = stack.at(-1);
    add(event.name, clipped(event.ts, event.ts + event.dur!));
    if (parent) add(parent.name, -clipped(event.ts, event.ts + event.dur!));
    stack.push(event);
  }
  return totals;
}

/** Self time by function from the sampling profiler's chunks on `thread`, clipped to [from, to] µs. */
function functionTimes(events: TraceEvent[], thread: { pid: number; tid: number }, from: number, to: number) {
  const profile = events.find(
    (event) => event.name === 'Profile' && event.pid === thread.pid && event.tid === thread.tid,
  );
  const totals = new Map<string, number>();
  if (!profile) return totals;
  const nodes = new Map<number, ProfileNode>();
  let time = Number(profile.args?.data?.['startTime']);
  for (const chunk of events.filter((event) => event.name === 'ProfileChunk' && event.id === profile.id)) {
    const data = chunk.args!.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    samples.forEach((id, index) => {
      const next = deltas[index + 1] ?? 0;
      time += deltas[index] ?? 0;
      if (time < from || time > to) return;
      const frame = nodes.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
      const where = frame.url
        ? ` @ ${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
        : '';
      const name = `${frame.functionName || '(anonymous)'}${where}`;
      totals.set(name, (totals.get(name) ?? 0) + Math.max(0, next));
    });
  }
  return totals;
}

/** Summarizes what `path`'s main thread did in `window` (ms from navigation start). */
export function summarize(trace: { traceEvents: TraceEvent[] }, path: string, window: TraceWindow): TraceSummary {
  const events = trace.traceEvents;
  const thread = mainThread(events, path);
  const from = thread.start + window.from * 1000;
  const to = thread.start + window.to * 1000;
  const own = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid);
  const byName = selfTimes(own, from, to);
  const busy = [...byName.values()].reduce((sum, value) => sum + value, 0);
  const ms = (map: Map<string, number>) =>
    [...map]
      .map(([name, microseconds]) => [name, microseconds / 1000] as [string, number])
      .filter(([, value]) => value >= 0.5)
      .sort((a, b) => b[1] - a[1]);
  return {
    work: ms(byName),
    functions: ms(functionTimes(events, thread, from, to)),
    idle: Math.max(0, (to - from - busy) / 1000),
  };
}

/** The main thread's tasks of 2 ms or more that overlap `window`, in order, each with its largest parts (for reading by eye). */
export function tasksIn(trace: { traceEvents: TraceEvent[] }, path: string, window: TraceWindow): string[] {
  const events = trace.traceEvents;
  const thread = mainThread(events, path);
  const from = thread.start + window.from * 1000;
  const to = thread.start + window.to * 1000;
  const own = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X');
  const tasks = own.filter(
    (event) =>
      event.name === 'ThreadControllerImpl::RunTask' &&
      event.dur! >= 2000 &&
      event.ts < to &&
      event.ts + event.dur! > from,
  );
  return tasks.map((task) => {
    const end = task.ts + task.dur!;
    const parts = selfTimes(
      own.filter((event) => event.ts >= task.ts && event.ts < end),
      task.ts,
      end,
    );
    const top = [...parts]
      .filter(([name]) => name !== 'ThreadControllerImpl::RunTask')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, microseconds]) => `${name} ${(microseconds / 1000).toFixed(1)}`)
      .join(', ');
    const fns = [...functionTimes(events, thread, task.ts, end)]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, microseconds]) => `${name} ${(microseconds / 1000).toFixed(1)}`)
      .join(', ');
    return `${((task.ts - thread.start) / 1000).toFixed(0).padStart(5)} ms +${(task.dur! / 1000).toFixed(1)}: ${top}${fns ? ` | ${fns}` : ''}`;
  });
}
