// Names of things the server identifies by code (built-in roles, permission
// modules and operations), in the user's language.

import { isMessageKey, type Translator } from './i18n';

/** roleName returns the translated name of a built-in role, else name, else id. */
export function roleName(t: Translator, id: string, name?: string): string {
  const key = `role.${id}.name`;
  if (isMessageKey(key)) return t(key);
  return name || id;
}

/** roleDescription returns the translated description of a built-in role, else description. */
export function roleDescription(t: Translator, id: string, description?: string): string {
  const key = `role.${id}.description`;
  if (isMessageKey(key)) return t(key);
  return description ?? '';
}

/** moduleName returns the name of a permission module ("users" → "Users"). */
export function moduleName(t: Translator, module: string): string {
  const key = `perm.module.${module}`;
  return isMessageKey(key) ? t(key) : module;
}

/** operationName returns the name of a permission operation ("view" → "View"). */
export function operationName(t: Translator, operation: string): string {
  const key = `perm.op.${operation}`;
  return isMessageKey(key) ? t(key) : operation;
}

/**
 * plural picks the message for a count: base + ".one" for 1, else base +
 * ".other" (languages without plural forms write the same text in both).
 */
export function plural(t: Translator, base: string, n: number, params: Record<string, string | number> = {}): string {
  const key = `${base}.${n === 1 ? 'one' : 'other'}`;
  return isMessageKey(key) ? t(key, { n, ...params }) : String(n);
}

/** labelOf translates a code under prefix ("status" + "checked_in" → "Checked in"), else returns the code. */
function labelOf(t: Translator, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** reasonText says why a room type or rate plan cannot be booked (sold_out → "Sold out"). */
export function reasonText(t: Translator, code: string): string {
  return labelOf(t, 'reason', code);
}

/** reasonsText joins the translated reasons of a list. */
export function reasonsText(t: Translator, codes: readonly string[]): string {
  return codes.map((c) => reasonText(t, c)).join(t('common.listSeparator'));
}

/** statusName names a reservation status. */
export function statusName(t: Translator, status: string): string {
  return labelOf(t, 'status', status);
}

/** channelName names where a booking came from. */
export function channelName(t: Translator, channel: string): string {
  return labelOf(t, 'channel', channel);
}

/** bedName names a bed type. */
export function bedName(t: Translator, bed: string): string {
  return labelOf(t, 'bed', bed);
}

/** housekeepingName names a room's housekeeping state. */
export function housekeepingName(t: Translator, state: string): string {
  return labelOf(t, 'hk', state);
}

/** documentName names a kind of identity document. */
export function documentName(t: Translator, type: string): string {
  return labelOf(t, 'doc', type);
}
