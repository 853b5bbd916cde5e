// The password policy as the UI can check it before asking the server
// (docs/access.md): at least 10 characters, not the username, not a repeat
// or a sequence, and without the program's name — the same rules as the
// server's CheckPasswordPolicy (app/access/password.go). The server also
// refuses leaked passwords and the hotels' names; only it can say so.

/** MIN_PASSWORD_LENGTH is the shortest password the policy allows. */
export const MIN_PASSWORD_LENGTH = 10;

/** PasswordHints tells which rules a password meets. */
export interface PasswordHints {
  /** At least MIN_PASSWORD_LENGTH characters (counted as code points). */
  length: boolean;
  /** Differs from the username, ignoring case. */
  notUsername: boolean;
  /** Not only spaces, not a repeated group (aaaa, abcabc), not a sequence
   * (abcd, 4321, qwerty) and without "innkeep". */
  notPattern: boolean;
  /** The confirmation is not empty and equals the password. */
  matches: boolean;
}

/** passwordHints checks password (and its confirmation) against the policy. */
export function passwordHints(password: string, username: string, confirm: string): PasswordHints {
  const name = username.trim().toLowerCase();
  return {
    length: [...password].length >= MIN_PASSWORD_LENGTH,
    notUsername: password !== '' && (name === '' || password.trim().toLowerCase() !== name),
    notPattern: password.trim() !== '' && !isPattern(password.toLowerCase()),
    matches: confirm !== '' && confirm === password,
  };
}

/** passwordAcceptable reports whether every hint is met. */
export function passwordAcceptable(h: PasswordHints): boolean {
  return h.length && h.notUsername && h.notPattern && h.matches;
}

// KEYBOARD_ROWS are the rows (and the first columns) of a US keyboard.
const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

/** isPattern reports whether lower (a password in lower case) repeats a
 * group, is made only of runs of three or more characters in order or
 * along a keyboard row, or contains "innkeep". */
export function isPattern(lower: string): boolean {
  const r = [...lower];
  if (lower.replace(/[^\p{L}\p{N}]/gu, '').includes('innkeep')) return true;
  for (let p = 1; p <= r.length / 2; p++) {
    if (r.every((c, i) => i < p || c === r[i - p])) return true;
  }
  for (let i = 0; i < r.length; ) {
    const n = longestRun(r.slice(i));
    if (n < 3) return false;
    i += n;
  }
  return r.length > 0;
}

function longestRun(r: string[]): number {
  const cp = r.map((c) => c.codePointAt(0) ?? 0);
  let best = 1;
  for (const step of [0, 1, -1]) {
    let n = 1;
    while (n < cp.length && (cp[n] ?? 0) - (cp[n - 1] ?? 0) === step) n++;
    best = Math.max(best, n);
  }
  for (const row of KEYBOARD_ROWS) {
    for (const dir of [1, -1]) {
      let n = 1;
      while (n < r.length) {
        const a = row.indexOf(r[n - 1] ?? '');
        const b = row.indexOf(r[n] ?? '');
        if (a < 0 || b < 0 || b - a !== dir) break;
        n++;
      }
      best = Math.max(best, n);
    }
  }
  return best;
}

/** USERNAME_PATTERN is the username rule: 3–32 of a–z, 0–9, ".", "_", "-". */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/** usernameValid reports whether name follows USERNAME_PATTERN. */
export function usernameValid(name: string): boolean {
  return USERNAME_PATTERN.test(name);
}
