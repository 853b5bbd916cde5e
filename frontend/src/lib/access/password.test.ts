import { describe, expect, it } from 'vitest';
import { isPattern, passwordAcceptable, passwordHints, usernameValid } from './password';

describe('passwordHints', () => {
  it.each([
    ['', 'alice', '', { length: false, notUsername: false, notPattern: false, matches: false }],
    ['short', 'alice', 'short', { length: false, notUsername: true, notPattern: true, matches: true }],
    ['123456789', 'alice', '', { length: false, notUsername: true, notPattern: false, matches: false }],
    ['1234567890', 'alice', '1234567890', { length: true, notUsername: true, notPattern: false, matches: true }],
    ['alice.chen', 'alice.chen', 'alice.chen', { length: true, notUsername: false, notPattern: true, matches: true }],
    ['Alice.Chen', 'alice.chen', 'Alice.Chen', { length: true, notUsername: false, notPattern: true, matches: true }],
    ['a long passphrase', 'alice', 'a long passphrase!', { length: true, notUsername: true, notPattern: true, matches: false }],
    ['门前大桥下游过一群鸭子', 'alice', '门前大桥下游过一群鸭子', { length: true, notUsername: true, notPattern: true, matches: true }],
  ])('%j for user %j (confirm %j)', (password, username, confirm, want) => {
    expect(passwordHints(password, username, confirm)).toEqual(want);
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine emoji are 18 UTF-16 units but only nine characters.
    expect(passwordHints('😀'.repeat(9), 'x', '').length).toBe(false);
    expect(passwordHints('😀'.repeat(10), 'x', '').length).toBe(true);
  });

  it('accepts only when every rule is met', () => {
    expect(passwordAcceptable(passwordHints('a long passphrase', 'alice', 'a long passphrase'))).toBe(true);
    expect(passwordAcceptable(passwordHints('a long passphrase', 'alice', 'a long passphras'))).toBe(false);
    expect(passwordAcceptable(passwordHints('shortpass', 'alice', 'shortpass'))).toBe(false);
  });
});

describe('isPattern', () => {
  // The same cases as the server's TestSecurityWeakPasswordsAreRefusedWithTheirReason.
  it.each([
    ['aaaaaaaaaa', true],
    ['0000000000', true],
    ['abcabcabca', true],
    ['abcdefghij', true],
    ['9876543210', true],
    ['qwertyuiop', true],
    ['abcdef1234', true],
    ['1qaz2wsx3edc', true],
    ['innkeep123', true],
    ['my innkeep password!', true],
    ['correct horse battery', false],
    ['7kq2-m9xd-4trb', false],
  ])('%j → %s', (password, want) => {
    expect(isPattern(password)).toBe(want);
  });

  it('refuses a password of spaces only', () => {
    expect(passwordHints(' '.repeat(10), 'alice', '').notPattern).toBe(false);
  });
});

describe('usernameValid', () => {
  it.each([
    ['alice', true],
    ['bob.li', true],
    ['front_desk-2', true],
    ['ab', false],
    ['a'.repeat(32), true],
    ['a'.repeat(33), false],
    ['Alice', false],
    ['al ice', false],
    ['张三', false],
  ])('%j → %s', (name, want) => {
    expect(usernameValid(name)).toBe(want);
  });
});
