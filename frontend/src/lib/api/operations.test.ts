import { describe, expect, it } from 'vitest';
import doc from './openapi.json';
import { OPERATIONS, enumValues } from './operations';

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** jsonOnly reports whether op takes and answers JSON only (or nothing). */
function jsonOnly(op: Operation): boolean {
  const media = [
    ...Object.keys(op.requestBody?.content ?? {}),
    ...Object.entries(op.responses)
      .filter(([status]) => status.startsWith('2'))
      .flatMap(([, r]) => Object.keys(r.content ?? {})),
  ];
  return media.every((m) => m === 'application/json');
}

describe('OPERATIONS', () => {
  it('name every JSON operation of the OpenAPI document where the document serves it', () => {
    const documented: Record<string, [string, string]> = {};
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters' || !jsonOnly(op)) continue;
        documented[op.operationId] = [method.toUpperCase(), path];
      }
    }
    expect(Object.keys(documented).length).toBeGreaterThan(50);
    expect(Object.fromEntries(Object.entries(OPERATIONS).map(([id, [m, p]]) => [id, [m, p]]))).toEqual(documented);
  });
});

describe('enumValues', () => {
  it('lists the values in the order given', () => {
    expect(enumValues<'b' | 'a'>({ b: true, a: true })).toEqual(['b', 'a']);
  });
});
