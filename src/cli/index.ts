import { runCliProcess } from './process.js';

await runCliProcess();
