// 统一社会信用代码 (GB 32100-2015): 18 characters = registering department (1) + entity
// type (1) + division code (6) + organisation code (9) + check character (1).

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'alphabet' | 'check';

/** The check character for the first 17 characters of a code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** What is wrong with a code, or null when it is valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const char of code) if (!USCC_ALPHABET.includes(char)) return 'alphabet';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

export const USCC_PROBLEM_TEXT: Record<UsccProblem, string> = {
  length: 'must be 18 characters long',
  alphabet: `may only use the characters ${USCC_ALPHABET}`,
  check: 'has a wrong check character (the 18th)',
};
