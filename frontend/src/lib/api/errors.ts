import { ApiError, ClientErrorCode } from './client';
import type { Translator } from '../i18n';

/**
 * errorText returns what to tell the user about err: the server's
 * error.message (which the server wrote in the language the request named
 * in Accept-Language), or a translated sentence for failures the client
 * detected itself (no answer, an answer that is not JSON).
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
