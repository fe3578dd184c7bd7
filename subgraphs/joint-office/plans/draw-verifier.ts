// The public verifyDraw, bounded: a document above VERIFY_DRAW_MAX_BYTES is refused (BAD_INPUT),
// and the re-check (tens of ms of CPU for 20,000 candidates) runs in one worker thread, so
// anonymous verifications never stall the other requests of this process. The worker starts on
// first use and takes the documents one after another.
import { Worker } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../../lib/errors';
import type { VerifyResult } from '../draw';

interface Pending {
  resolve(result: VerifyResult): void;
  reject(error: Error): void;
}

export class DrawVerifier {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Aliases re-checking one document share one verification. */
  private readonly inFlight = new Map<string, Promise<VerifyResult>>();

  constructor(readonly maxBytes: number) {}

  verify(document: string): Promise<VerifyResult> {
    const bytes = Buffer.byteLength(document);
    if (bytes > this.maxBytes) {
      throw new GraphQLError(`抽取文书超过 ${this.maxBytes} 字节，请用 npm run verify-draw 离线核验 (draw document over ${this.maxBytes} bytes)`, {
        extensions: { code: ErrorCode.BAD_INPUT, maxBytes: this.maxBytes, bytes },
      });
    }
    const running = this.inFlight.get(document);
    if (running) return running;
    const id = this.nextId++;
    const result = new Promise<VerifyResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.start().postMessage({ id, document });
    }).finally(() => this.inFlight.delete(document));
    this.inFlight.set(document, result);
    return result;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('../draw/verify-worker.mjs', import.meta.url));
    worker.unref(); // an idle verifier never keeps the process alive
    worker.on('message', ({ id, result, error }: { id: number; result?: VerifyResult; error?: string }) => {
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) pending?.reject(new Error(error));
      else pending?.resolve(result!);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`draw verifier exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
