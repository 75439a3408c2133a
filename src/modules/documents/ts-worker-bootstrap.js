'use strict';
/**
 * Preloaded (`--require`) into DocumentRenderer's worker threads only when the renderer itself runs from
 * TypeScript sources, i.e. under jest (@swc/jest transforms the test's own thread, not new threads, and
 * Node 20 cannot load .ts). It compiles `.ts` files with @swc/core — a dev dependency, like jest — the same
 * way jest.config.js does. The compiled build (dist/**\/*.js) starts its workers without it, and tsc does
 * not copy this file there.
 */
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
