// The office's record in a draw document: `chainHead` = the head of the office's hash chain (the
// audit log, draws and task assignments; store/migrations/012) when the document was stored —
// the draw's own row is the next one, seq + 1. A top-level field of its own, not covered by
// drawSha256 (it is no input of the draw): documentSha256, the hash of the whole text, covers it,
// and that hash is itself chained with the draw. `npm run verify-audit` checks it against the chain.
import type { DrawDocument } from './document';

export interface DocumentChainHead {
  seq: number;
  sha256: string;
}

export const CHAIN_HEAD_FIELD = 'chainHead';

const SHA256 = /^[0-9a-f]{64}$/;

/** Why a `chainHead` value is not one, or null when it is. */
export function chainHeadProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'an object {seq, sha256}';
  const head = value as Record<string, unknown>;
  const extra = Object.keys(head).filter((key) => key !== 'seq' && key !== 'sha256');
  if (extra.length > 0) return `only seq and sha256 (not ${extra.join(', ')})`;
  if (typeof head.seq !== 'number' || !Number.isSafeInteger(head.seq) || head.seq < 0) return 'seq: an integer ≥ 0';
  if (typeof head.sha256 !== 'string' || !SHA256.test(head.sha256)) return 'sha256: 64 lower-case hex digits';
  return null;
}

/**
 * The document's text with the chain head, as `JSON.stringify` gives it with `chainHead` just
 * before `candidates` (which stays last, being long). Everything else is serialised once,
 * ahead: the store calls the returned function while it holds the chain lock.
 */
export function documentTextWithHead(document: DrawDocument): (head: DocumentChainHead) => string {
  const { candidates, ...rest } = document;
  const start = JSON.stringify(rest).slice(0, -1);
  const end = `"candidates":${JSON.stringify(candidates)}}`;
  return (head) => `${start},"${CHAIN_HEAD_FIELD}":${JSON.stringify({ seq: head.seq, sha256: head.sha256 })},${end}`;
}
