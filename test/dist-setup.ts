/**
 * Global setup of the `dist` test project (the files that spawn bin/autoglm.js or dist/index.js):
 * those tests run the built bundle, so a local `npm test` after editing src/ would test the old
 * code. When dist/source-hash.txt (written by `npm run build`) does not match src/ and the build
 * inputs, rebuild first; when it matches (CI builds before testing) this costs one hash of src/.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtHash, STAMP, sourceHash } from '../scripts/lib/source-hash.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default function setup(): void {
  const want = sourceHash(ROOT);
  const have = builtHash(ROOT);
  if (have === want) return;
  const why = have === undefined ? `dist/${STAMP} is missing` : 'src/ changed since dist/ was built';
  if (process.env.AUTOGLM_TEST_BUILD === '0') {
    throw new Error(
      `dist/ is stale (${why}) and AUTOGLM_TEST_BUILD=0 forbids rebuilding it: run \`npm run build\`, then the tests again`,
    );
  }
  process.stderr.write(`dist/ is stale (${why}): running \`npm run build\` before the tests that spawn it\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(
      `dist/ is stale (${why}) and \`npm run build\` failed (exit ${r.status ?? r.signal}): fix the build (output above); tests that spawn dist/ cannot run on the old bundle`,
    );
  }
  if (builtHash(ROOT) !== sourceHash(ROOT)) {
    throw new Error('src/ changed while `npm run build` ran: run the tests again');
  }
}
