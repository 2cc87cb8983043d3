/**
 * Where synth runs the rule pack on each cluster's stacks (cluster-check.ts): on a worker thread
 * while the main thread synthesizes the next cluster, or, for a small platform or when eksguard runs
 * from its TypeScript sources, on the main thread as each cluster is written. Same function, same
 * results, in cluster order either way (test/app/cluster-checks.test.ts runs both on the same
 * platform and compares every output file and the report).
 *
 * synthesize() stays synchronous: the main thread waits for the thread's results with
 * `Atomics.wait` on a shared counter the thread bumps after each result, and takes them with
 * `receiveMessageOnPort`.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { checkCluster, type ClusterCheck, type ClusterCheckJob } from './cluster-check';

export interface ClusterChecks {
  /** Check one cluster's stacks (written before this is called). */
  submit(job: ClusterCheckJob): void;
  /** Every submitted cluster's check, in submission order (waits for the thread's). A check that threw throws here. */
  results(): ClusterCheck[];
  /** Stop the thread, if any (always call it). */
  close(): void;
}

/** The compiled worker script, beside this module; absent when eksguard runs from its TypeScript sources. */
const WORKER_FILE = path.join(__dirname, 'cluster-checks-thread.js');

/**
 * At this many workloads a thread pays for itself: starting it loads the rule pack a second time
 * (about 0.2 s of the other core), which a small platform's checks do not cover.
 */
export const THREAD_FROM_WORKLOADS = 500;

/** A thread when the platform is large enough and the compiled worker exists; the main thread otherwise. */
export function startClusterChecks(workloads: number): ClusterChecks {
  if (workloads < THREAD_FROM_WORKLOADS || path.extname(__filename) !== '.js' || !existsSync(WORKER_FILE)) return new InlineChecks();
  try {
    return new ThreadChecks();
  } catch {
    // A runtime that refuses threads (or shared memory) checks on the main thread: slower, the same result.
    return new InlineChecks();
  }
}

class InlineChecks implements ClusterChecks {
  private readonly done: ClusterCheck[] = [];

  submit(job: ClusterCheckJob): void {
    this.done.push(checkCluster(job));
  }

  results(): ClusterCheck[] {
    return this.done;
  }

  close(): void {}
}

/** What the thread sends back for each job. */
export type ThreadReply = { readonly check: ClusterCheck } | { readonly error: { readonly message: string; readonly stack?: string } };

/** Without a reply for this long while waiting, the thread is taken as dead (it never takes this long for one cluster). */
const STALL_MS = 10 * 60 * 1000;

class ThreadChecks implements ClusterChecks {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly replies: Int32Array;
  private submitted = 0;
  private readonly received: ThreadReply[] = [];

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.replies = new Int32Array(new SharedArrayBuffer(4));
    // A small young generation: the thread collects its garbage more often, on its own core, and the
    // process stays smaller (measured at 10,000 workloads: 20-30 MiB less peak RSS, no slower).
    this.worker = new Worker(WORKER_FILE, { workerData: { port: port2, replies: this.replies }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // The process may exit without waiting for the thread (close() ends it anyway).
    this.worker.unref();
    this.port = port1;
  }

  submit(job: ClusterCheckJob): void {
    this.worker.postMessage(job);
    this.submitted++;
  }

  results(): ClusterCheck[] {
    let waited = 0;
    while (this.received.length < this.submitted) {
      const seen = Atomics.load(this.replies, 0);
      const message = receiveMessageOnPort(this.port);
      if (message !== undefined) {
        this.received.push(message.message as ThreadReply);
        waited = 0;
        continue;
      }
      // Nothing yet: sleep until the thread bumps the counter (it does after each reply).
      if (Atomics.wait(this.replies, 0, seen, 1000) === 'timed-out' && (waited += 1000) >= STALL_MS) {
        throw new Error(`the rule pack's thread sent no result for ${STALL_MS / 60000} minutes (${this.received.length} of ${this.submitted} clusters checked)`);
      }
    }
    return this.received.map((reply) => {
      if ('error' in reply) {
        const err = new Error(reply.error.message);
        if (reply.error.stack !== undefined) err.stack = reply.error.stack;
        throw err;
      }
      return reply.check;
    });
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
