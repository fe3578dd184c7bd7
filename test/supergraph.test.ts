import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPERGRAPH_FILE, composeSupergraph } from '../schema/compose';

describe('schema/supergraph.graphql', () => {
  it('is what composing the subgraphs gives today (run npm run compose when this fails)', () => {
    const { supergraphSdl, unexplainedHints } = composeSupergraph();
    expect(unexplainedHints).toEqual([]);
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
  });
});
