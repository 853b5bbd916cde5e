// Saving API downloads (CSV exports and the like) to a file, in a browser and
// in the desktop window.

import { ApiError, ClientErrorCode, authMode, postJSON } from './client';
import { OPERATIONS, type RequestBody, type Schemas } from './operations';

/** DESKTOP_SAVE_PATH is the route that saves a download in the desktop window. */
export const DESKTOP_SAVE_PATH = OPERATIONS.saveDownload[1];

/**
 * SaveResult is the outcome of saveDownload (the answer of POST
 * /api/v1/desktop/save). saved is false only when the user cancelled the
 * desktop window's "Save as" dialog. path is where the window saved the
 * file; a browser keeps that to itself, so it is then undefined.
 */
export type SaveResult = Schemas['SaveResult'];

/**
 * saveDownload saves the same-origin API download url (such as
 * "/api/v1/audit/export.csv?user=bob") as a file suggested as filename.
 *
 * In bearer mode (the desktop window, whose WebKit view has no download
 * handling and whose links cannot carry the token) it asks the server with
 * POST /api/v1/desktop/save to fetch url on the user's behalf and show the
 * native "Save as" dialog. It resolves to {saved: true, path} once the file
 * is written and to {saved: false} when the user cancelled the dialog. It
 * rejects with ApiError like every request helper: the download's own error
 * (a 403 forbidden, say), "invalid" for a url or filename the server refuses,
 * "not_found" when the binary is not running as a window, "network" when
 * there was no answer, and "invalid_response" for an answer of another shape.
 *
 * In cookie mode (browsers) the session cookie goes along with a plain link:
 * it clicks a temporary <a href=url download=filename> and resolves to
 * {saved: true} at once. The browser reports the download and any error
 * itself; the page learns neither.
 */
export async function saveDownload(url: string, filename: string): Promise<SaveResult> {
  if (authMode() !== 'bearer') {
    clickLink(url, filename);
    return { saved: true };
  }
  // The answer is checked, not trusted: one of another shape is "invalid_response".
  const body: RequestBody<'saveDownload'> = { url, filename };
  const answer = await postJSON<unknown>(DESKTOP_SAVE_PATH, body);
  if (typeof answer !== 'object' || answer === null || !('saved' in answer) || typeof answer.saved !== 'boolean') {
    throw new ApiError(200, ClientErrorCode.InvalidResponse, `invalid answer from ${DESKTOP_SAVE_PATH}`);
  }
  if (!answer.saved) return { saved: false };
  const path = 'path' in answer && typeof answer.path === 'string' && answer.path !== '' ? answer.path : undefined;
  return path === undefined ? { saved: true } : { saved: true, path };
}

function clickLink(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
  }
}
