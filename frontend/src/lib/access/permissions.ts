// Permissions as the UI uses them: checks, and the pure logic of the
// permission matrix editor (rows = modules, columns = operations).

/** permission writes module and operation as "module.operation". */
export function permission(module: string, operation: string): string {
  return `${module}.${operation}`;
}

/** can reports whether granted holds every one of needed. */
export function can(granted: ReadonlySet<string> | readonly string[], ...needed: string[]): boolean {
  const set = granted instanceof Set ? granted : new Set(granted as readonly string[]);
  return needed.every((p) => set.has(p));
}

/** rowState tells whether none, some or all operations of module are in set. */
export function rowState(set: ReadonlySet<string>, module: string, operations: readonly string[]): 'none' | 'some' | 'all' {
  return state(operations.map((op) => set.has(permission(module, op))));
}

/** columnState tells whether none, some or all modules have operation in set. */
export function columnState(set: ReadonlySet<string>, operation: string, modules: readonly string[]): 'none' | 'some' | 'all' {
  return state(modules.map((m) => set.has(permission(m, operation))));
}

function state(flags: boolean[]): 'none' | 'some' | 'all' {
  const n = flags.filter(Boolean).length;
  if (n === 0) return 'none';
  return n === flags.length ? 'all' : 'some';
}

/** toggle returns a copy of set with p added or removed. */
export function toggle(set: ReadonlySet<string>, p: string): Set<string> {
  const next = new Set(set);
  if (next.has(p)) next.delete(p);
  else next.add(p);
  return next;
}

/**
 * toggleRow returns a copy of set in which module has every operation, or,
 * when it already had them all, none.
 */
export function toggleRow(set: ReadonlySet<string>, module: string, operations: readonly string[]): Set<string> {
  const next = new Set(set);
  const clear = rowState(set, module, operations) === 'all';
  for (const op of operations) {
    const p = permission(module, op);
    if (clear) next.delete(p);
    else next.add(p);
  }
  return next;
}

/**
 * toggleColumn returns a copy of set in which every module has operation,
 * or, when they all had it already, none.
 */
export function toggleColumn(set: ReadonlySet<string>, operation: string, modules: readonly string[]): Set<string> {
  const next = new Set(set);
  const clear = columnState(set, operation, modules) === 'all';
  for (const m of modules) {
    const p = permission(m, operation);
    if (clear) next.delete(p);
    else next.add(p);
  }
  return next;
}

/**
 * matrixList returns the permissions of set that the matrix shows, module by
 * module in the catalog's order, then operation order, as the API sorts them.
 */
export function matrixList(set: ReadonlySet<string>, modules: readonly string[], operations: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of modules) {
    for (const op of operations) {
      const p = permission(m, op);
      if (set.has(p)) out.push(p);
    }
  }
  return out;
}
