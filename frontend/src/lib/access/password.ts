// The password policy as the UI can check it before asking the server
// (docs/access.md): at least 10 characters and not the username. The server
// also refuses the 10,000 most common passwords; only it can say so.

/** MIN_PASSWORD_LENGTH is the shortest password the policy allows. */
export const MIN_PASSWORD_LENGTH = 10;

/** PasswordHints tells which rules a password meets. */
export interface PasswordHints {
  /** At least MIN_PASSWORD_LENGTH characters (counted as code points). */
  length: boolean;
  /** Differs from the username, ignoring case. */
  notUsername: boolean;
  /** The confirmation is not empty and equals the password. */
  matches: boolean;
}

/** passwordHints checks password (and its confirmation) against the policy. */
export function passwordHints(password: string, username: string, confirm: string): PasswordHints {
  const name = username.trim().toLowerCase();
  return {
    length: [...password].length >= MIN_PASSWORD_LENGTH,
    notUsername: password !== '' && (name === '' || password.trim().toLowerCase() !== name),
    matches: confirm !== '' && confirm === password,
  };
}

/** passwordAcceptable reports whether every hint is met. */
export function passwordAcceptable(h: PasswordHints): boolean {
  return h.length && h.notUsername && h.matches;
}

/** USERNAME_PATTERN is the username rule: 3–32 of a–z, 0–9, ".", "_", "-". */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

/** usernameValid reports whether name follows USERNAME_PATTERN. */
export function usernameValid(name: string): boolean {
  return USERNAME_PATTERN.test(name);
}
