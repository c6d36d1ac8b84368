export { FlinkClient } from './client.js';
export * from './errors.js';
export type { TlsOptions } from './http/tls.js';
export type { ClientOptions, RequestOptions } from './http/transport.js';
export {
  Operation,
  type OperationJSON,
  type OperationKind,
  type OperationResults,
  type OperationStatus,
} from './operations/operation.js';
export type { WaitOptions, WaitProgress } from './operations/waiter.js';
export type { CheckpointTriggerOptions, CheckpointType } from './resources/checkpoints.js';
export type { ClaimMode, FlinkConfig, RunOptions, UploadedJar, UploadOptions } from './resources/jars.js';
export { type JobGroup, jobGroup, type SavepointFormat, type StopOptions } from './resources/jobs.js';
export type { SavepointOptions } from './resources/savepoints.js';
export type { JarSource } from './resources/upload.js';
export { JOB_STATES, TERMINAL_JOB_STATES } from './schemas/common.js';
export type {
  ApplicationDetails,
  ApplicationOverview,
  AsyncStatus,
  CheckpointConfig,
  CheckpointEntry,
  CheckpointStats,
  ClusterOverview,
  ConfigEntry,
  DashboardConfig,
  JarFile,
  JarList,
  JobConfig,
  JobDetails,
  JobExceptions,
  JobOverview,
  JobPlan,
  JobState,
  Metrics,
  TaskManagers,
} from './schemas/index.js';
export { type FlinkVersion, parseFlinkVersion } from './version.js';
