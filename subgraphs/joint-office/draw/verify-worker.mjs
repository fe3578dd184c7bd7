// Worker thread of the public verifyDraw (plans/draw-verifier.ts): re-checks documents off the
// subgraph's event loop. Plain JavaScript so Node starts it under tsx, vitest or anything else;
// it loads the TypeScript verifier through tsx's API.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { verifyDrawText } = await tsImport('./verify.ts', import.meta.url);

parentPort.on('message', ({ id, document }) => {
  try {
    parentPort.postMessage({ id, result: verifyDrawText(document) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
