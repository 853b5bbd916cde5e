import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_IDS } from '../api/access';
import { BROKEN_REASONS, CHANNELS, REASONS, RULES, STATUSES } from '../api/booking';
import { ID_DOCUMENT_TYPES } from '../api/guests';
import { BED_TYPES, HOUSEKEEPING } from '../api/property';
import type { Mode } from '../api/system';
import { en } from './en';
import { REFUSAL_REASONS } from '../system/refusal';

// Every message key must be used: a key that no source file names is a
// sentence nobody sees, and one more thing for each translation to keep up.
//
// A key is used when a .svelte or .ts file under src/ (not a test, not a
// locale) writes it out as a quoted string: '…', "…" or `…`. Keys built at
// runtime are listed in DYNAMIC below, each with the code that builds it
// and the codes it is built from; a plural key (base.one, base.other) is
// used when its base is written out (plural(t, 'book.nightsN', n)).

const SRC = join(import.meta.dirname, '..', '..');

/** Mode lists the binary's modes (its type has no runtime list). */
const MODES: readonly Mode[] = ['serve', 'desktop'];

/**
 * DYNAMIC maps each prefix of keys built at runtime to the code that builds
 * them (which must still be in the sources) and the codes that complete the
 * key. A key under the prefix is used when its code is in the list.
 */
const DYNAMIC: Record<string, { builtBy: string; codes: readonly string[]; suffix?: string }> = {
  // labels.ts: roleName and roleDescription, for the built-in roles.
  'role.': { builtBy: '`role.${id}.name`', codes: BUILTIN_ROLE_IDS.flatMap((id) => [`${id}.name`, `${id}.description`]) },
  // labels.ts: moduleName and operationName, for the server's permission
  // catalog (Modules and Operations in app/permission.go).
  'perm.module.': {
    builtBy: '`perm.module.${module}`',
    codes: ['hotels', 'rooms', 'housekeeping', 'rates', 'reservations', 'pricing', 'night_audit', 'guests', 'companies', 'billing', 'reports', 'users', 'roles', 'audit', 'settings', 'system'],
  },
  'perm.op.': { builtBy: '`perm.op.${operation}`', codes: ['view', 'create', 'update', 'delete', 'approve'] },
  // labels.ts: labelOf(t, prefix, code) for the codes of the booking API.
  'reason.': { builtBy: "labelOf(t, 'reason', code)", codes: REASONS },
  'status.': { builtBy: "labelOf(t, 'status', status)", codes: STATUSES },
  'channel.': { builtBy: "labelOf(t, 'channel', channel)", codes: CHANNELS },
  'bed.': { builtBy: "labelOf(t, 'bed', bed)", codes: BED_TYPES },
  'hk.': { builtBy: "labelOf(t, 'hk', state)", codes: HOUSEKEEPING },
  'doc.': { builtBy: "labelOf(t, 'doc', type)", codes: ID_DOCUMENT_TYPES },
  // HealthPanel: the mode the binary runs in, and its status.
  'health.mode.': { builtBy: '`health.mode.${mode}`', codes: MODES },
  'health.status.': { builtBy: '`health.status.${s}`', codes: ['ok', 'warning'] },
  // HealthPanel: the kinds of document the store counts that have a name
  // (others show as they are).
  'kind.': { builtBy: '`kind.${kind}`', codes: ['hotel', 'room'] },
  // HealthPanel: why the changes of another desk are refused (system/refusal.ts).
  'refusal.': { builtBy: '`refusal.${r.reason}`', codes: REFUSAL_REASONS },
  // CompaniesPage: the kinds of profile (app/company).
  'company.kind.': { builtBy: '`company.kind.${k}`', codes: ['company', 'travel_agent'] },
  // ConflictsBanner: one line per rule a merge broke.
  'conflicts.broken.': { builtBy: '`conflicts.broken.${b.reason}`', codes: BROKEN_REASONS },
  'conflicts.': { builtBy: '`conflicts.${c.rule}`', codes: RULES },
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' || e.name === 'test' ? [] : sources(p);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = sources(SRC);
const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
const quoted = (s: string) => code.includes(`'${s}'`) || code.includes(`"${s}"`) || code.includes(`\`${s}\``);

/** why returns how key is used, or null when nothing uses it. */
function why(key: string): string | null {
  if (quoted(key)) return 'written out';
  for (const [prefix, d] of Object.entries(DYNAMIC)) {
    if (key.startsWith(prefix) && d.codes.includes(key.slice(prefix.length))) return `built by ${d.builtBy}`;
  }
  const plural = /^(.*)\.(one|other)$/.exec(key);
  if (plural && quoted(plural[1] ?? '')) return `a plural of ${plural[1]}`;
  return null;
}

describe('message keys', () => {
  it('scans the sources', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.map((f) => relative(SRC, f))).toContain(join('lib', 'labels.ts'));
  });

  it('are all used', () => {
    const unused = Object.keys(en).filter((k) => why(k) === null);
    expect(unused).toEqual([]);
  });

  it.each(Object.entries(DYNAMIC))('built at runtime under %s are still built that way', (_prefix, d) => {
    expect(code).toContain(d.builtBy);
  });

  it.each(Object.entries(DYNAMIC))('built at runtime under %s all have a message', (prefix, d) => {
    const missing = d.codes.filter((c) => !Object.prototype.hasOwnProperty.call(en, prefix + c));
    expect(missing).toEqual([]);
  });

  it('tells a key nobody uses', () => {
    expect(why('book.title')).toBe('written out');
    expect(why('hk.filter')).toBe('written out');
    expect(why('book.nightsN.one')).toBe('a plural of book.nightsN');
    expect(why('bed.futon')).toBeNull();
    expect(why('bed.twin')).toBe("built by labelOf(t, 'bed', bed)");
    expect(why('book.neverWritten')).toBeNull();
  });
});
