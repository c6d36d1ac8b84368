/**
 * flink-rest: a typed client for Apache Flink's REST API. Start with {@link FlinkClient}.
 *
 * @packageDocumentation
 */
export { FlinkClient } from './client.js';
export * from './errors.js';
export type { ClientOptions, RequestOptions } from './http/options.js';
export type { TlsOptions } from './http/tls.js';
export type {
  AnswerOf,
  HttpMethod,
  InitArgs,
  OperationOf,
  PathsWith,
  SpecFields,
  TypedAnswer,
  TypedRequest,
  TypedRequestInit,
} from './http/typed.js';
export {
  Operation,
  type OperationJSON,
  type OperationKind,
  type OperationResults,
  type OperationStatus,
} from './operations/operation.js';
export type { WaitOptions, WaitProgress } from './operations/waiter.js';
export type { Applications } from './resources/applications.js';
export { CHECKPOINT_TYPES, type Checkpoints, type CheckpointTriggerOptions, type CheckpointType } from './resources/checkpoints.js';
export type { Cluster } from './resources/cluster.js';
export type { LatestPaths } from './resources/context.js';
export { DEFAULT_FAN_OUT, fanOut } from './resources/fan-out.js';
export {
  CLAIM_MODES,
  type ClaimMode,
  type FlinkConfig,
  type Jars,
  type RunOptions,
  type UploadedJar,
  type UploadOptions,
} from './resources/jars.js';
export type { CheckpointHealth, JobHealth, SubtaskWatermark, VertexBackpressure } from './resources/job-health.js';
export { type JobGroup, type Jobs, jobGroup, SAVEPOINT_FORMATS, type SavepointFormat, type StopOptions } from './resources/jobs.js';
export { lines } from './resources/logs.js';
export { AGGREGATIONS, type AggregateOptions, type Aggregation, type Metrics, type MetricValue } from './resources/metrics.js';
export type { Operations } from './resources/operations.js';
export type { ParallelismBounds, RescaleTarget, Rescaling } from './resources/rescale.js';
export type { SavepointOptions, Savepoints } from './resources/savepoints.js';
export type { TaskManagers as TaskManagersResource } from './resources/taskmanagers.js';
export type { JarSource } from './resources/upload.js';
export type { JobStateChange, WatchOptions } from './resources/watch.js';
export { JOB_STATES, TERMINAL_JOB_STATES } from './schemas/common.js';
export type {
  AggregatedMetric,
  ApplicationDetails,
  ApplicationOverview,
  AsyncStatus,
  Backpressure,
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
  LogFile,
  MetricList,
  RescaleEntry,
  ResourceRequirements,
  TaskManagerDetails,
  TaskManagers,
} from './schemas/index.js';
export * as schemas from './schemas/index.js';
// Flink SQL through the SQL Gateway.
export * from './sql/index.js';
export { type FlinkVersion, parseFlinkVersion } from './version.js';
