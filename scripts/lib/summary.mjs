// Adds up vitest JSON reports and prints the one closing line CI reads: "N passed, N failed".
// Usage: node scripts/lib/summary.mjs report.json... [--extra-failures K]
// Exits 1 when anything failed, or when a report is missing (its run crashed before reporting).
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
let extra = 0;
const reports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--extra-failures') extra = Number(args[++i] ?? 0);
  else reports.push(args[i]);
}
let passed = 0;
let failed = 0;
for (const file of reports) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    passed += results.filter((r) => r.status === 'passed').length;
    const failedHere = results.filter((r) => r.status === 'failed').length;
    // A file that failed without a failed test (it did not load, a hook threw) counts once.
    failed += failedHere || (suite.status === 'failed' ? 1 : 0);
  }
}
// A failed step (lint, typecheck, a test run) already counts through its report; count it once more
// only when no report shows a failure, so that a red step can never close on "0 failed".
if (extra > 0 && failed === 0) failed = extra;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
