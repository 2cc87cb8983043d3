/**
 * The rule pack's thread (cluster-checks.ts): checks each cluster it is sent, in order, and replies
 * on its port, then bumps the shared counter the main thread waits on. A failure (one cluster's, or
 * loading the pack) is a reply too, so the main thread never waits on a thread that has stopped.
 */
import { parentPort, workerData, type MessagePort } from 'worker_threads';
import type { ClusterCheckJob } from './cluster-check';
import type { ThreadReply } from './cluster-checks';

const { port, replies } = workerData as { port: MessagePort; replies: Int32Array };

const reply = (message: ThreadReply) => {
  port.postMessage(message);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
};

parentPort!.on('message', (job: ClusterCheckJob) => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkCluster } = require('./cluster-check') as typeof import('./cluster-check');
    reply({ check: checkCluster(job) });
  } catch (e) {
    reply({ error: { message: (e as Error).message ?? String(e), stack: (e as Error).stack } });
  }
});
