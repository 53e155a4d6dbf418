// Micro-batching for a model that is faster on batches than on single items (dynamic batching, as in TF Serving
// and Triton): callers submit small requests; the batcher gathers queued items until `maxBatch` items are waiting
// or the oldest has waited `maxWaitMs`, runs ONE batched call, and hands every caller its own rows in order.
//   - One batch runs at a time; items that arrive meanwhile wait for the next one (the run itself is their wait,
//     so the next batch starts as soon as the deadline of its oldest item has passed).
//   - A request larger than maxBatch is split over consecutive batches; it resolves when all its rows are back.
//   - A failed batch rejects only the callers with items in it (their leftover items are dropped).
//   - The queue is bounded (in items): a request that does not fit is rejected at once with QueueFullError,
//     which the server turns into 503 + Retry-After. close() stops intake and drains what is queued.

export interface MicroBatcherOptions<I, O> {
  /** Most items per batched call. */
  maxBatch: number;
  /** Longest time the oldest queued item waits for company before its batch runs (0 = next tick). */
  maxWaitMs: number;
  /** Most items waiting (not counting the batch being run); default 8 · maxBatch. */
  maxQueue?: number;
  /** Suggested client back-off when the queue is full, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** The batched call: one output per input, in order. */
  run(batch: I[]): Promise<O[]>;
}

/** The queue cannot take the request right now; retry after `retryAfterSeconds`. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** submit() after close(). */
export class BatcherClosedError extends Error {
  override name = 'BatcherClosedError';
}

interface Request<I, O> {
  items: readonly I[];
  /** Items handed to batches so far. */
  taken: number;
  /** Rows received so far. */
  done: number;
  results: O[];
  failed: boolean;
  enqueuedAt: number;
  resolve(rows: O[]): void;
  reject(e: unknown): void;
}

export interface BatcherStats {
  batches: number;
  items: number;
  /** Size of the largest batch run. */
  largestBatch: number;
  queued: number;
}

export class MicroBatcher<I, O> {
  private readonly queue: Request<I, O>[] = [];
  private queued = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly maxQueue: number;
  readonly stats: BatcherStats = { batches: 0, items: 0, largestBatch: 0, queued: 0 };

  constructor(private readonly o: MicroBatcherOptions<I, O>) {
    if (!Number.isInteger(o.maxBatch) || o.maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, got ${o.maxBatch}`);
    if (!(o.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be ≥ 0, got ${o.maxWaitMs}`);
    this.maxQueue = o.maxQueue ?? 8 * o.maxBatch;
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 1)
      throw new RangeError(`maxQueue must be a positive integer, got ${this.maxQueue}`);
  }

  /** Rows for `items`, in order. Rejects with QueueFullError / BatcherClosedError, or the error of its batch. */
  submit(items: readonly I[]): Promise<O[]> {
    if (this.closed) return Promise.reject(new BatcherClosedError('the server is shutting down'));
    if (items.length === 0) return Promise.resolve([]);
    if (this.queued + items.length > this.maxQueue) {
      const wait = this.o.retryAfterSeconds ?? 1;
      return Promise.reject(
        new QueueFullError(`queue full (${this.queued} of ${this.maxQueue} texts waiting); retry in ${wait} s`, wait),
      );
    }
    return new Promise<O[]>((resolve, reject) => {
      const results = new Array<O>(items.length);
      this.queue.push({
        items,
        taken: 0,
        done: 0,
        results,
        failed: false,
        enqueuedAt: performance.now(),
        resolve,
        reject,
      });
      this.queued += items.length;
      this.stats.queued = this.queued;
      this.schedule(false);
    });
  }

  /** Stops intake, runs everything still queued (without waiting for company) and resolves when all is done. */
  async close(): Promise<void> {
    this.closed = true;
    this.schedule();
    while (this.running || this.queued > 0) {
      await this.running;
      if (!this.running && this.queued > 0) this.schedule();
    }
  }

  /**
   * Starts a batch now if it is full (or closing), or due and `dueNow` (not from submit(), so that maxWaitMs 0
   * still gathers what arrives in the same tick); else arms a timer for the oldest item's deadline.
   */
  private schedule(dueNow = true): void {
    if (this.running || this.queued === 0) return;
    const due = this.queue[0]!.enqueuedAt + this.o.maxWaitMs;
    const now = performance.now();
    if (this.closed || this.queued >= this.o.maxBatch || (dueNow && now >= due)) {
      this.clearTimer();
      this.running = this.runBatch().finally(() => {
        this.running = null;
        this.schedule();
      });
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.schedule();
      },
      Math.max(0, due - now),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Takes up to maxBatch items from the head of the queue, runs them, and routes rows (or the error) back. */
  private async runBatch(): Promise<void> {
    const batch: I[] = [];
    const parts: { req: Request<I, O>; from: number; count: number }[] = [];
    while (batch.length < this.o.maxBatch && this.queue.length > 0) {
      const req = this.queue[0]!;
      const count = Math.min(this.o.maxBatch - batch.length, req.items.length - req.taken);
      parts.push({ req, from: req.taken, count });
      for (let k = 0; k < count; k++) batch.push(req.items[req.taken + k]!);
      req.taken += count;
      if (req.taken === req.items.length) this.queue.shift();
    }
    this.queued -= batch.length;
    this.stats.queued = this.queued;
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let rows: O[];
    try {
      rows = await this.o.run(batch);
      if (!Array.isArray(rows) || rows.length !== batch.length)
        throw new Error(
          `batched call returned ${Array.isArray(rows) ? rows.length : 'no'} rows for ${batch.length} inputs`,
        );
    } catch (e) {
      for (const p of parts) this.fail(p.req, e);
      return;
    }
    let at = 0;
    for (const p of parts) {
      for (let k = 0; k < p.count; k++) p.req.results[p.from + k] = rows[at + k]!;
      at += p.count;
      if (p.req.failed) continue;
      p.req.done += p.count;
      if (p.req.done === p.req.items.length) p.req.resolve(p.req.results);
    }
  }

  /** Rejects a request once and drops its items still waiting in the queue. */
  private fail(req: Request<I, O>, e: unknown): void {
    if (req.failed) return;
    req.failed = true;
    const i = this.queue.indexOf(req);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.queued -= req.items.length - req.taken;
      this.stats.queued = this.queued;
    }
    req.reject(e);
  }
}
