// scripts/check-release.mjs, the prepublishOnly guard: run as npm runs it, on copies of the real
// package.json and CHANGELOG.md changed the way a release would change them.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const realPackage = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const realChangelog = readFileSync(new URL('CHANGELOG.md', root), 'utf8');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function check(pkg: object, changelog: string, githubRepository?: string): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(new URL('scripts/check-release.mjs', root), join(dir, 'scripts/check-release.mjs'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  const env = { ...process.env, GITHUB_REPOSITORY: githubRepository ?? '' };
  try {
    const out = execFileSync(process.execPath, [join(dir, 'scripts/check-release.mjs')], { env, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

const dated = realChangelog.replace(`## ${realPackage.version} — unreleased`, `## ${realPackage.version} — 2026-12-01`);
const withRepo = { ...realPackage, repository: { type: 'git', url: 'git+https://github.com/acme/flink-rest.git' } };

describe('check-release', () => {
  it('the package as committed today is held back: no repository, no release date', () => {
    const { code, out } = check(realPackage, realChangelog);
    expect(code).toBe(1);
    expect(out).toContain('package.json has no GitHub repository');
    expect(out).toContain(`give ${realPackage.version} its release date`);
    expect(out).not.toContain('provenance is not true');
    expect(out).not.toContain('license');
  });

  it('passes once the repository and the date are filled in, and names the repository', () => {
    const { code, out } = check(withRepo, dated, 'acme/flink-rest');
    expect(code).toBe(0);
    expect(out).toContain(`flink-rest ${realPackage.version} is ready to publish with provenance from acme/flink-rest`);
  });

  it('refuses a repository that is not the one the release is built from', () => {
    const { code, out } = check(withRepo, dated, 'someone-else/fork');
    expect(code).toBe(1);
    expect(out).toContain('repository.url names acme/flink-rest, but the release is built from someone-else/fork');
  });

  it('refuses a version without a CHANGELOG entry, a non-semver version, another license, provenance off', () => {
    const { code, out } = check({ ...withRepo, version: '1.0', license: 'MIT', publishConfig: {} }, dated);
    expect(code).toBe(1);
    expect(out).toContain('version 1.0 is not semver');
    expect(out).toContain('CHANGELOG.md has no "## 1.0 — <date>" entry');
    expect(out).toContain('license is MIT, not Apache-2.0');
    expect(out).toContain('publishConfig.provenance is not true');
  });
});
