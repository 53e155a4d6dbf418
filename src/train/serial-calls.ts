// One call at a time on a model that is not re-entrant (a compiled Program, a per-call feature source): each call
// starts when the one before it settles, whether it resolved or failed, and after close() every call is refused.
// The predictors (tasks/*/predictor.ts) wrap predict() in it, so a server's micro-batcher may call freely.
export interface SerialCalls {
  run<T>(f: () => Promise<T>): Promise<T>;
  /** Refuses later calls and waits for the running one. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export function serialCalls(): SerialCalls {
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    run<T>(f: () => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('the model is closed'));
      const next = chain.then(f);
      chain = next.catch(() => {});
      return next;
    },
    async close() {
      closed = true;
      await chain;
    },
    get closed() {
      return closed;
    },
  };
}
