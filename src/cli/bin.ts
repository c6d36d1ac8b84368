// The `flink-rest` command (dist/cli.js, with the shebang). `--version` answers before the SDK and
// commander load: scripts call it to probe for the tool, and it should cost little more than starting Node.
import { VERSION } from './version.js';

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
