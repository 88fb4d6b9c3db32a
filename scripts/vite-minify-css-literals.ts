// A Vite plugin: minifies the CSS inside Lit `css\`...\`` literals of our own sources (whitespace and
// comments), which neither the JS minifier nor gzip removes entirely. Interpolations are left alone.
const LITERAL = /\bcss`((?:[^`\\]|\\.)*)`/g;

import type { Plugin } from 'vite';

export function minifyCssLiterals(): Plugin {
  return {
    name: 'minify-css-literals',
    apply: 'build',
    transform(code: string, id: string) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const out = code.replace(LITERAL, (_: string, body: string) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
      return out === code ? null : { code: out, map: null };
    },
  };
}
