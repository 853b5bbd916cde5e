import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// testids.md lists the data-testid hooks that browser tests rely on. This
// test keeps the list true: each entry must be rendered by some component.

const SRC = join(import.meta.dirname, '..');

function svelteSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return svelteSources(p);
    return e.name.endsWith('.svelte') ? [readFileSync(p, 'utf8')] : [];
  });
}

const doc = readFileSync(join(import.meta.dirname, 'testids.md'), 'utf8');
const listed = [
  ...new Set(
    doc
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .flatMap((l) => [...l.matchAll(/`([a-z][a-z0-9<>-]*)`/g)].map((m) => m[1] ?? ''))
      // Entries with a runtime part are checked by their fixed prefix.
      .filter((id) => /^[a-z][a-z0-9-]*(<[a-z]+>)?(-<[a-z]+>)?$/.test(id) && !/^(true|false|other)$/.test(id)),
  ),
];

describe('testids.md', () => {
  const code = svelteSources(SRC).join('\n');

  it('lists the hooks the Go browser tests use', () => {
    for (const id of ['setup-wizard', 'setup-recovery-ack', 'login-form', 'user-menu', 'sign-out', 'nav-users', 'no-access', 'audit-verify-result']) {
      expect(listed).toContain(id);
    }
    expect(listed).toContain('user-form-role-<roleid>');
    expect(listed).toContain('users-row-<username>');
  });

  // found reports whether id is rendered: written out (as data-testid, or
  // as a component's testid or …Testid prop: tableTestid="users-table"), or
  // built at runtime as `prefix-${…}` (nav-users) or as a component's testid
  // plus a suffix (setup-password-hints + `${testid}-length`).
  function found(id: string): boolean {
    if (code.includes(`data-testid="${id}"`) || code.includes(`testid="${id}"`) || code.includes(`'${id}'`)) return true;
    if (code.includes(`Testid="${id}"`)) return true;
    const parts = id.split('-');
    for (let i = 1; i < parts.length; i++) {
      const head = parts.slice(0, i).join('-');
      const tail = parts.slice(i).join('-');
      if (code.includes(`\`${head}-\${`)) return true;
      if (code.includes(`testid="${head}"`) && code.includes(`}-${tail}\``)) return true;
    }
    return false;
  }

  it.each(listed)('%s is rendered by a component', (id) => {
    const fixed = id.split('<')[0] ?? id;
    if (fixed === id) {
      expect(found(id), id).toBe(true);
    } else {
      expect(code.includes(`\`${fixed}\${`), id).toBe(true);
    }
  });
});
