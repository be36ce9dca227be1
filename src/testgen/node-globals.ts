/**
 * TypeScript's node host reads `__filename` and `__dirname` while it loads; an ESM bundle (dist/)
 * has neither. Imported before `typescript` wherever it is imported, so it runs first.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const g = globalThis as { __filename?: string; __dirname?: string };
g.__filename ??= fileURLToPath(import.meta.url);
g.__dirname ??= path.dirname(g.__filename);
