// SHA-256 of many short messages that share one prefix, for two hot spots: the generator's
// blocks (random.ts: the stream's `algorithm|version|candidates|seed|stream|`, then a counter)
// and the pseudonyms' HMAC (pseudonyms.ts). The prefix is hashed once and its state copied for
// each message, with @noble/hashes (audited, pure JavaScript): a matching takes tens of thousands
// of blocks, and a node:crypto Hash per block cost several times the hashing itself.
import { sha256 } from '@noble/hashes/sha2.js';

type Sha256State = ReturnType<typeof sha256.create>;

/** SHA-256 of one fixed prefix followed by any suffix; the prefix is hashed once. */
export class Sha256Prefix {
  private readonly prefix: Sha256State;
  /** Reused for every message: the prefix's state is copied into it. */
  private readonly work: Sha256State;

  constructor(prefix: Uint8Array) {
    this.prefix = sha256.create().update(prefix);
    this.work = sha256.create();
  }

  /** The digest of prefix ‖ suffix[0 … length − 1], written into `out` (32 bytes). */
  digestInto(suffix: Uint8Array, length: number, out: Uint8Array): void {
    this.prefix._cloneInto(this.work);
    this.work.update(length === suffix.length ? suffix : suffix.subarray(0, length));
    this.work.digestInto(out);
  }
}
