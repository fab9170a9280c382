/** Worker-thread entry of the index build helper (store/indexHelper.ts): requests one at a time, in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { runHelperRequest, type HelperInit, type HelperReply, type HelperRequest } from './indexHelper';

if (!parentPort) throw new Error('indexWorker must run as a worker thread');
const port = parentPort;
const init = workerData as HelperInit;

port.on('message', (request: HelperRequest) => {
  let reply: HelperReply;
  try {
    runHelperRequest(init, request);
    reply = { id: request.id, ok: true };
  } catch (error) {
    reply = { id: request.id, ok: false, message: (error as Error).message };
  }
  port.postMessage(reply);
});
