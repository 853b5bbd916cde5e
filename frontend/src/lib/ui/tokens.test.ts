import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The colours of the UI live in tokens.css alone: a component that writes a
// colour itself cannot follow a change of the palette or a dark theme. These
// tests keep it so, and keep the tokens and their uses in step.

const SRC = join(import.meta.dirname, '..', '..');
const TOKENS = join(import.meta.dirname, 'tokens.css');

/**
 * COLOUR matches a colour written as a value: #rgb, #rgba, #rrggbb or
 * #rrggbbaa (not part of a longer word, so "#main" or "#/book" are not
 * colours), or an rgb(), rgba(), hsl() or hsla() function.
 */
const COLOUR = /(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})(?![\w-])|\b(?:rgba?|hsla?)\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(svelte|css|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** colours returns the colour literals of text, with their line numbers. */
function colours(text: string): string[] {
  return text.split('\n').flatMap((line, i) => [...line.matchAll(COLOUR)].map((m) => `${i + 1}: ${m[0]}`));
}

const files = sources(SRC);
const styled = files.filter((f) => /\.(svelte|css)$/.test(f));
const tokens = readFileSync(TOKENS, 'utf8');
const defined = (text: string) => new Set([...text.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1] ?? ''));
const used = (text: string) => new Set([...text.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1] ?? ''));

describe('design tokens', () => {
  it('finds the sources and the tokens file', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain(TOKENS);
    expect(defined(tokens).size).toBeGreaterThan(100);
  });

  it.each(files.filter((f) => f !== TOKENS).map((f) => [relative(SRC, f), f]))('%s writes no colour of its own', (_name, file) => {
    expect(colours(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('tells colours from other uses of # and parentheses', () => {
    const text = [
      'color: #0f3d5e;',
      'border: 1px solid #FFF;',
      'background: #ffffff80;',
      'box-shadow: 0 1px 1px rgba(16, 41, 61, 0.12);',
      'color: hsl(205 72% 21%);',
      'fill="#fff"',
      "href={'#/book'} <a href=\"#main\"> id=\"#b-ota\" &#8203; #abcde color: var(--color-text); rgbx(1)",
    ].join('\n');
    expect(colours(text)).toEqual(['1: #0f3d5e', '2: #FFF', '3: #ffffff80', '4: rgba(', '5: hsl(', '6: #fff']);
  });

  it('defines every token the styles use', () => {
    const everywhere = new Set(styled.flatMap((f) => [...defined(readFileSync(f, 'utf8'))]));
    const missing = styled.flatMap((f) =>
      [...used(readFileSync(f, 'utf8'))].filter((name) => !everywhere.has(name)).map((name) => `${relative(SRC, f)}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('uses every colour and shadow it defines', () => {
    const all = styled.map((f) => readFileSync(f, 'utf8')).join('\n');
    const refs = used(all);
    const unused = [...defined(tokens)].filter((name) => /^--(color|shadow)-/.test(name) && !refs.has(name));
    expect(unused).toEqual([]);
  });
});
