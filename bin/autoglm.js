#!/usr/bin/env node
// The npm `bin`: runs the bundled CLI, so `npx open-autoglm-ci` needs no build step.
import '../dist/cli/index.js';
