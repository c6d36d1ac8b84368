import { UnsupportedByServerError } from './errors.js';

/**
 * A Flink version as `/config` reports it, e.g. `1.20.5` or `2.3-SNAPSHOT`.
 *
 * @example
 * ```ts
 * const version: FlinkVersion = await flink.cluster.version();
 * const hasApplications = version.major > 2 || (version.major === 2 && version.minor >= 3);
 * if (!hasApplications) console.log(`Flink ${version.raw} has no applications: use jars.run, not jars.runApplication`);
 * ```
 */
export interface FlinkVersion {
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/**
 * Reads a version string such as `1.20.5` or `2.3-SNAPSHOT`; an unreadable one compares as newest.
 *
 * @example
 * ```ts
 * const { major, minor } = parseFlinkVersion((await flink.cluster.overview())['flink-version']);
 * if (major === 1 && minor < 20) console.warn('this Flink takes claimMode as restoreMode');
 * ```
 */
export function parseFlinkVersion(raw: string): FlinkVersion {
  const m = raw.match(/^(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!m) return { raw, major: Number.NaN, minor: Number.NaN, patch: Number.NaN };
  return { raw, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/** True when `version` is at least `line` (e.g. "1.19"); an unparsable version counts as new. */
export function atLeast(version: FlinkVersion, line: string): boolean {
  if (Number.isNaN(version.major)) return true;
  const [major = 0, minor = 0] = line.split('.').map(Number);
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** REST features that appeared after Flink 1.18, with the first line that has them. */
export const FEATURE_SINCE = {
  'checkpoints.trigger': '1.17',
  'jars.run claimMode': '1.20',
  'jars.runApplication': '2.3',
  applications: '2.3',
  'jobs.rescales': '2.3',
  'jobs.rescale': '1.18',
  profiler: '1.19',
  'vertices.operatorMetrics': '1.20',
  rescales: '2.3',
} as const;
export type Feature = keyof typeof FEATURE_SINCE;

export function requireFeature(version: FlinkVersion, feature: Feature): void {
  const since = FEATURE_SINCE[feature];
  if (!atLeast(version, since)) throw new UnsupportedByServerError(feature, version.raw, since);
}
