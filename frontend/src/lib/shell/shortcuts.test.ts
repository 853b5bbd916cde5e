import { describe, expect, it } from 'vitest';
import { createGoShortcuts, GO_WINDOW_MS } from './shortcuts';

function key(k: string, extra: Partial<KeyboardEvent> = {}) {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, target: document.body, ...extra } as KeyboardEvent;
}

describe('go shortcuts', () => {
  it('jumps to the tape chart on g then t', () => {
    const go = createGoShortcuts(() => 0);
    expect(go(key('g'))).toBeNull();
    expect(go(key('t'))).toBe('tape-chart');
  });

  it('ignores a second key that comes too late', () => {
    let t = 0;
    const go = createGoShortcuts(() => t);
    go(key('g'));
    t = GO_WINDOW_MS + 1;
    expect(go(key('d'))).toBeNull();
  });

  it('ignores keys typed into fields and keys with modifiers', () => {
    const go = createGoShortcuts(() => 0);
    const input = document.createElement('input');
    go(key('g', { target: input }));
    expect(go(key('t', { target: input }))).toBeNull();
    go(key('g'));
    expect(go(key('t', { ctrlKey: true }))).toBeNull();
  });

  it('needs g first', () => {
    const go = createGoShortcuts(() => 0);
    expect(go(key('t'))).toBeNull();
    expect(go(key('x'))).toBeNull();
  });

  it('goes to guests on g then g', () => {
    const go = createGoShortcuts(() => 0);
    go(key('g'));
    expect(go(key('g'))).toBe('guests');
  });
});
