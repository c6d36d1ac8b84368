// Refuses `npm publish` (it runs as prepublishOnly) until the package is ready for a release with
// npm provenance: a semver version with a dated CHANGELOG entry, Apache-2.0, keywords, provenance
// on, and a `repository` that names the GitHub repository the release is built from. npm links the
// provenance statement to that repository and rejects a mismatch, so the field is filled in by the
// maintainers with the real address (from GITHUB_REPOSITORY in the release workflow, or the git
// remote `origin`), never guessed.
//
// usage: node scripts/check-release.mjs   (prints every problem; exit 1 if any)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

/** The GitHub `owner/name` a repository URL points at, or undefined. */
export function githubRepo(url) {
  const m = String(url ?? '').match(/github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/);
  return m?.[1];
}

/**
 * Every reason the package cannot be released yet. `origin` is the GitHub `owner/name` the release
 * is built from (GITHUB_REPOSITORY or the git remote), undefined when unknown.
 */
export function releaseProblems(pkg, changelog, origin) {
  const problems = [];
  if (!SEMVER.test(pkg.version ?? '')) problems.push(`version ${pkg.version} is not semver`);
  const heading = changelog.split('\n').find((line) => line.startsWith(`## ${pkg.version} `));
  if (!heading) problems.push(`CHANGELOG.md has no "## ${pkg.version} — <date>" entry`);
  else if (!/\d{4}-\d{2}-\d{2}/.test(heading)) problems.push(`CHANGELOG.md: give ${pkg.version} its release date ("${heading}")`);
  if (pkg.license !== 'Apache-2.0') problems.push(`license is ${pkg.license}, not Apache-2.0`);
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0) problems.push('no keywords');
  if (pkg.publishConfig?.provenance !== true) problems.push('publishConfig.provenance is not true');
  const declared = githubRepo(typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url);
  if (!declared) {
    problems.push(
      `package.json has no GitHub repository: npm provenance needs it; set it to the repository the release is built from (npm pkg set repository.type=git repository.url=git+https://github.com/${origin ?? '<owner>/<name>'}.git)`,
    );
  } else if (origin && declared.toLowerCase() !== origin.toLowerCase()) {
    problems.push(`repository.url names ${declared}, but the release is built from ${origin}: npm would reject the provenance`);
  }
  return problems;
}

function originRepo(root) {
  if (process.env.GITHUB_REPOSITORY) return process.env.GITHUB_REPOSITORY;
  try {
    return githubRepo(execFileSync('git', ['-C', root, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  const problems = releaseProblems(pkg, readFileSync(`${root}CHANGELOG.md`, 'utf8'), originRepo(root));
  if (problems.length) {
    console.error(`flink-rest ${pkg.version} is not ready to publish:\n  - ${problems.join('\n  - ')}`);
    process.exit(1);
  }
  console.log(`flink-rest ${pkg.version} is ready to publish with provenance from ${githubRepo(pkg.repository?.url ?? pkg.repository)}`);
}
