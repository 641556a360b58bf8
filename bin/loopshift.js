#!/usr/bin/env node
// A shim: the CLI lives in dist/cli.js, built from src/ by `npm run build` (npm ci runs it).
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('loopshift: error: the CLI is not built; run `npm ci` or `npm run build` first\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
