import { ApiError, ClientErrorCode } from './client';
import type { Translator } from '../i18n';

/**
 * errorText returns what to tell the user about err: the server's message,
 * or a translated sentence for failures the client detected itself.
 */
export function errorText(err: unknown, t: Translator): string {
  if (!(err instanceof ApiError)) {
    return err instanceof Error ? err.message : String(err);
  }
  switch (err.code) {
    case ClientErrorCode.Network:
      return t('error.network');
    case ClientErrorCode.InvalidResponse:
      return t('error.invalidResponse');
    default:
      return err.message;
  }
}

/** isForbidden reports whether err is a 403 answer. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}
