import { CrmApiError } from '../api/errors.js';

/**
 * One request at a time for one purpose (a resource's load, a list's next page): it can be
 * aborted, the answer of an aborted request is dropped, and repeated asks during a request are
 * folded into one follow-up run after it.
 */
export interface RequestSlot {
  /** The running request's completion, if one is running. */
  readonly running: Promise<void> | undefined;
  /**
   * Starts `request`. Its result goes to `onData`; a failure to `onError` as a CrmApiError
   * (`undefined` for an `aborted` one: nobody was waiting). Nothing is reported once aborted.
   */
  start<R>(
    request: (signal: AbortSignal) => Promise<R>,
    onData: (result: R) => void,
    onError: (error: CrmApiError | undefined) => void,
  ): Promise<void>;
  /** Calls `again` once after the running request, however often this is asked meanwhile. */
  afterRunning(again: () => Promise<void> | undefined): Promise<void>;
  /** Aborts the running request and forgets it at once, so a new one can start before it settles. */
  abort(): void;
}

export function createRequestSlot(): RequestSlot {
  let current: { controller: AbortController; done: Promise<void> } | undefined;
  let followUp: Promise<void> | undefined;
  return {
    get running() {
      return current?.done;
    },
    start(request, onData, onError) {
      const controller = new AbortController();
      const done = request(controller.signal)
        .then(
          (result) => {
            if (!controller.signal.aborted) onData(result);
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            const crmError =
              error instanceof CrmApiError
                ? error
                : new CrmApiError('network', 'The request failed.', { cause: error });
            onError(crmError.kind === 'aborted' ? undefined : crmError);
          },
        )
        .finally(() => {
          if (current?.controller === controller) current = undefined;
        });
      current = { controller, done };
      return done;
    },
    afterRunning(again) {
      const running = current?.done ?? Promise.resolve();
      followUp ??= running.then(() => {
        followUp = undefined;
        return again();
      });
      return followUp;
    },
    abort() {
      current?.controller.abort();
      current = undefined;
    },
  };
}
