/**
 * AreaMessages is one locale's translation of an area of English messages:
 * exactly its keys, each a string. Assigning an object literal to it makes a
 * missing or an extra key a compile error.
 */
export type AreaMessages<English> = { readonly [K in keyof English]: string };
