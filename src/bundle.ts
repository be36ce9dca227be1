/**
 * The one bundle `npm run build` makes (dist/core/): the library API plus the two front doors, so
 * the action (dist/index.js), the CLI (dist/cli/index.js) and the package entry (dist/lib/index.js)
 * are thin files over one copy of the code and its lazy chunks.
 */

export { run as runAction } from './action/main.js';
export { runCliProcess } from './cli/process.js';
export * from './index.js';
