// Valid credit codes (GB 32100-2015) made from a number, for tests that need many businesses.
import { USCC_ALPHABET, usccCheckChar } from '../../lib/uscc';

/** A valid legal-person credit code of a business registered in `division`, distinct per n. */
export function syntheticUscc(n: number, division = '440802'): string {
  let org = '';
  for (let i = 0; i < 9; i++, n = Math.floor(n / 31)) org = USCC_ALPHABET[n % 31] + org;
  const first17 = `91${division}${org}`;
  return first17 + usccCheckChar(first17);
}
