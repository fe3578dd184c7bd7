// SHA-256 (FIPS 180-4) in JavaScript, for two hot spots only: the generator's blocks
// (random.ts) and the pseudonyms' HMAC (pseudonyms.ts). Both hash many short messages that share
// one prefix — the stream's `algorithm|version|candidates|seed|stream|`, the HMAC's padded key —
// so the prefix's full 64-byte blocks are compressed once and each message costs one or two
// compressions, where a call into node:crypto costs several times that (a matching takes tens
// of thousands of blocks). Everything else hashes with node:crypto. The digests are SHA-256's,
// checked against node:crypto in test/draw-sha256.test.ts.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Compresses the 64 bytes block[at … at + 63] into state (8 words); w is scratch of 64 words. */
function compress(state: Int32Array, block: Uint8Array, at: number, w: Int32Array): void {
  for (let t = 0; t < 16; t++, at += 4) w[t] = (block[at] << 24) | (block[at + 1] << 16) | (block[at + 2] << 8) | block[at + 3];
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15];
    const y = w[t - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** SHA-256 of one fixed prefix followed by any suffix; the prefix's full blocks are compressed once. */
export class Sha256Prefix {
  private readonly midstate = INITIAL.slice();
  /** The prefix's bytes after its last full block (fewer than 64). */
  private readonly rest: Uint8Array;
  private readonly prefixLength: number;
  private readonly block = new Uint8Array(64);
  private readonly w = new Int32Array(64);

  constructor(prefix: Uint8Array) {
    const full = prefix.length - (prefix.length % 64);
    for (let at = 0; at < full; at += 64) compress(this.midstate, prefix, at, this.w);
    this.rest = prefix.slice(full);
    this.prefixLength = prefix.length;
  }

  /** The digest of prefix ‖ suffix[0 … length − 1] into out, as its 8 big-endian 32-bit words. */
  digestInto(suffix: Uint8Array, length: number, out: Int32Array): void {
    const { block, w } = this;
    out.set(this.midstate);
    block.set(this.rest);
    let at = this.rest.length;
    for (let k = 0; k < length; k++) {
      block[at++] = suffix[k];
      if (at === 64) {
        compress(out, block, 0, w);
        at = 0;
      }
    }
    // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian integer.
    block[at++] = 0x80;
    if (at > 56) {
      block.fill(0, at);
      compress(out, block, 0, w);
      at = 0;
    }
    block.fill(0, at, 56);
    const bits = (this.prefixLength + length) * 8;
    const high = Math.floor(bits / 0x1_0000_0000);
    block[56] = high >>> 24;
    block[57] = high >>> 16;
    block[58] = high >>> 8;
    block[59] = high;
    block[60] = bits >>> 24;
    block[61] = bits >>> 16;
    block[62] = bits >>> 8;
    block[63] = bits;
    compress(out, block, 0, w);
  }
}
