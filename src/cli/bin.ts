// The `flink-rest` command (dist/cli.js, with the shebang). `--version` answers before the SDK and
// commander load: scripts call it to probe for the tool, and it should cost little more than starting Node.
// This file stays plain enough to run on any Node that runs ES modules, so that an old Node hears which
// Node it needs instead of failing with a stack trace inside the SDK.
import { VERSION } from './version.js';

/** package.json's engines: the SDK and its dependencies (ky, undici) need Node 22. */
export const NODE_MAJOR_NEEDED = 22;

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < NODE_MAJOR_NEEDED) {
  process.stderr.write(
    `flink-rest: needs Node.js ${NODE_MAJOR_NEEDED} or newer; this is Node.js ${process.versions.node} (${process.execPath}). ` +
      'Install a current Node.js (https://nodejs.org/) and run flink-rest with it.\n',
  );
  process.exit(1);
}

// `flink-rest list | head`: a reader that went away is no error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./index.js');
  await main();
}
