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
