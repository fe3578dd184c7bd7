// Strict reading of a published document: JSON.parse keeps the last of two equal keys silently,
// so a document could show one value to a reader and another to the verifier. Duplicate keys are
// refused; re-formatting (spaces, line breaks, key order) is not a change and stays accepted.
export interface DuplicateKey {
  /** Path of the object holding the key twice, e.g. `counts.A` or `(document)`. */
  path: string;
  key: string;
}

function keyCount(value: unknown): number {
  if (Array.isArray(value)) {
    let n = 0;
    for (const item of value) if (typeof item === 'object' && item !== null) n += keyCount(item);
    return n;
  }
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  for (const key in value) {
    n++;
    const inner = (value as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null) n += keyCount(inner);
  }
  return n;
}

function colonCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) n++;
  return n;
}

const TOKEN = /[{}[\],:]|"(?:[^"\\]|\\.)*"|[^\s{}[\],:"]+/g;

/** Exact scan of valid JSON text: the first key an object holds twice. */
function locateDuplicate(text: string): DuplicateKey | null {
  type Frame = { keys: Set<string> | null; name: string; index: number; pendingKey: string | null };
  const stack: Frame[] = [];
  const path = () => stack.map((f) => f.name).join('') || '(document)';
  let previous: string | null = null;
  let name = '';
  for (const [token] of text.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (token === '{' || token === '[') {
      stack.push({ keys: token === '{' ? new Set() : null, name, index: 0, pendingKey: null });
      name = token === '[' ? '[0]' : '';
    } else if (token === '}' || token === ']') stack.pop();
    else if (token === ',') {
      if (top && !top.keys) top.index++;
    } else if (token === ':') {
      const key = JSON.parse(previous!) as string;
      if (top.keys!.has(key)) return { path: path(), key };
      top.keys!.add(key);
      top.pendingKey = key;
    }
    // The name a nested value would get: `.key` in an object, `[i]` in an array.
    const now = stack[stack.length - 1];
    if (now && token !== '{' && token !== '[') name = now.keys ? (now.pendingKey !== null ? `${stack.length > 1 ? '.' : ''}${now.pendingKey}` : '') : `[${now.index}]`;
    previous = token;
  }
  return null;
}

export interface StrictJson {
  value: unknown;
  /** The first key an object holds twice, or null. */
  duplicate: DuplicateKey | null;
}

/** Parses JSON text; throws SyntaxError for bad JSON. */
export function parseStrictJson(text: string): StrictJson {
  const value: unknown = JSON.parse(text);
  // Every key of the text has one colon outside strings, so equal counts prove no key collapsed;
  // otherwise (a colon inside a string, or a real duplicate) scan exactly.
  if (colonCount(text) === keyCount(value)) return { value, duplicate: null };
  return { value, duplicate: locateDuplicate(text) };
}
