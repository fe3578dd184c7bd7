// The prefix-once SHA-256 of the generator and the pseudonyms (draw/sha256.ts) against node:crypto:
// every length of prefix and suffix across the block and padding boundaries, seeds in UTF-8,
// counters with more digits, and the HMAC of the pseudonyms.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALGORITHM, DrawStream, VERSION, pseudonymiser } from '../subgraphs/joint-office/draw';
import { Sha256Prefix } from '../subgraphs/joint-office/draw/sha256';

describe('SHA-256 of a fixed prefix and a suffix', () => {
  it('equals node:crypto for every prefix length 0–200 and suffix length 0–140', () => {
    const bytes = randomBytes(400);
    const out = new Uint8Array(32);
    for (let p = 0; p <= 200; p += p < 130 ? 1 : 7) {
      const sha = new Sha256Prefix(bytes.subarray(0, p));
      for (let s = 0; s <= 140; s++) {
        const suffix = bytes.subarray(200, 200 + s);
        sha.digestInto(suffix, s, out);
        expect(Buffer.from(out).toString('hex'), `prefix ${p}, suffix ${s}`).toBe(createHash('sha256').update(bytes.subarray(0, p)).update(suffix).digest('hex'));
      }
    }
  });

  it('gives the generator its documented blocks: UTF-8 seeds, counters of 1 to 6 digits', () => {
    const seed = '2026-03-02 公开摇号 07.19.23.31.40/05.11 😀';
    const stream = new DrawStream('ab'.repeat(32), seed, 'match/health');
    const wanted = new Set([0, 9, 10, 99, 100, 999, 1000, 12345, 99999, 100000]);
    for (let block = 0; block <= 100000; block++) {
      if (!wanted.has(block)) {
        for (let k = 0; k < 8; k++) stream.nextUint32();
        continue;
      }
      const got = Array.from({ length: 8 }, () => stream.nextUint32());
      const digest = createHash('sha256').update(`${ALGORITHM}|${VERSION}|${'ab'.repeat(32)}|${seed}|match/health|${block}`, 'utf8').digest();
      expect(got, `block ${block}`).toEqual(Array.from({ length: 8 }, (_, k) => digest.readUInt32BE(k * 4)));
    }
  });

  it('gives the pseudonyms of HMAC-SHA256, ids in any script and of any length', () => {
    const key = randomBytes(32).toString('hex');
    const of = pseudonymiser(key, 'market');
    const ids = ['market-00001', '', '检查员-七', 'x'.repeat(50), 'y'.repeat(64), 'z'.repeat(200), 'é😀'];
    for (const id of ids) {
      const expected = createHmac('sha256', Buffer.from(key, 'hex')).update(`market|${id}`, 'utf8').digest('hex').slice(0, 16);
      expect(of(id), id).toBe(expected);
    }
  });
});
