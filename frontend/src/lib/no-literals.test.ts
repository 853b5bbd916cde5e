import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

// Every user-visible string must come from the dictionaries: components may
// not contain text or user-facing attribute values written as literals.

const SRC = join(import.meta.dirname, '..');
const USER_FACING_ATTRIBUTES = new Set(['aria-label', 'title', 'alt', 'placeholder', 'aria-description']);
const WORDS = /[A-Za-z\u3400-\u9fff]/;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

interface AnyNode {
  type?: string;
  name?: string;
  data?: string;
  value?: unknown;
  [key: string]: unknown;
}

function literals(node: unknown, found: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) literals(child, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as AnyNode;
  if (n.type === 'Text' && typeof n.data === 'string' && WORDS.test(n.data)) {
    found.push(n.data.trim());
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'instance' || key === 'module' || key === 'css' || key === 'attributes') continue;
    if (typeof value === 'object') literals(value, found);
  }
  if (Array.isArray(n.attributes)) {
    for (const attr of n.attributes as AnyNode[]) {
      if (attr.type === 'Attribute' && typeof attr.name === 'string' && USER_FACING_ATTRIBUTES.has(attr.name)) {
        literals(attr.value, found);
      }
    }
  }
}

describe('components', () => {
  const files = svelteFiles(SRC);

  it('finds the components', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s has no literal user-visible text', (_name, file) => {
    const ast = parse(readFileSync(file, 'utf8'), { modern: true });
    const found: string[] = [];
    literals(ast.fragment, found);
    expect(found).toEqual([]);
  });

  it('catches a literal', () => {
    const ast = parse('<p>Hello</p><button aria-label="Close">{x}</button>', { modern: true });
    const found: string[] = [];
    literals(ast.fragment, found);
    expect(found).toEqual(['Hello', 'Close']);
  });
});
