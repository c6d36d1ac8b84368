/**
 * flink-rest: a typed client for Apache Flink's REST API. Start with {@link FlinkClient}.
 *
 * @packageDocumentation
 */
export { FlinkClient } from './client.js';
export {
  CHECKPOINT_TYPES,
  type CheckpointType,
  CLAIM_MODES,
  type ClaimMode,
  FLAME_GRAPH_TYPES,
  type FlameGraphType,
  PROFILING_MODES,
  type ProfilingMode,
  SAVEPOINT_FORMATS,
  type SavepointFormat,
} from './enums.js';
export * from './errors.js';
export { HISTORY_SERVER_PATHS, type ServerKind } from './http/history.js';
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
export type { Checkpoints, CheckpointTriggerOptions } from './resources/checkpoints.js';
export type { Cluster, ShutdownOptions } from './resources/cluster.js';
export type { LatestPaths } from './resources/context.js';
export type { DataSets } from './resources/datasets.js';
export { DEFAULT_FAN_OUT, fanOut } from './resources/fan-out.js';
export type {
  FlinkConfig,
  Jars,
  RunOptions,
  UploadedJar,
  UploadOptions,
} from './resources/jars.js';
export type { CheckpointHealth, JobHealth, SubtaskWatermark, VertexBackpressure } from './resources/job-health.js';
export type { JobManager } from './resources/jobmanager.js';
export { type JobGroup, type Jobs, jobGroup, type StopOptions } from './resources/jobs.js';
export { lines } from './resources/logs.js';
export { AGGREGATIONS, type AggregateOptions, type Aggregation, type Metrics, type MetricValue } from './resources/metrics.js';
export type { Operations } from './resources/operations.js';
export type { Profiler, Profiling, ProfilingOptions } from './resources/profiler.js';
export type { ParallelismBounds, RescaleTarget, Rescaling } from './resources/rescale.js';
export type { Rescales } from './resources/rescales.js';
export type { SavepointOptions, Savepoints } from './resources/savepoints.js';
export type { TaskManagers as TaskManagersResource } from './resources/taskmanagers.js';
export type { JarSource } from './resources/upload.js';
export {
  type FlameGraph,
  type FlameGraphNode,
  type FlameGraphOptions,
  foldedStacks,
  type Vertices,
} from './resources/vertices.js';
export type { JobStateChange, WatchOptions } from './resources/watch.js';
export { JOB_STATES, TERMINAL_JOB_STATES } from './schemas/common.js';
export type {
  AggregatedMetric,
  ApplicationDetails,
  ApplicationExceptions,
  ApplicationOverview,
  AsyncStatus,
  Backpressure,
  CheckpointConfig,
  CheckpointDetails,
  CheckpointEntry,
  CheckpointStats,
  CheckpointSubtasks,
  ClusterOverview,
  ConfigEntry,
  DashboardConfig,
  DataSet,
  Environment,
  ExecutionResult,
  JarFile,
  JarList,
  JobAccumulators,
  JobConfig,
  JobDetails,
  JobExceptions,
  JobOverview,
  JobPlan,
  JobState,
  LogFile,
  MetricList,
  ProfilingRun,
  RescaleConfig,
  RescaleEntry,
  RescalesOverview,
  RescalesSummary,
  ResourceRequirements,
  SubtaskAttempt,
  SubtaskTimes,
  TaskManagerDetails,
  TaskManagers,
  ThreadDump,
  UserAccumulator,
  VertexDetails,
  VertexTaskManagers,
} from './schemas/index.js';
export * as schemas from './schemas/index.js';
// Flink SQL through the SQL Gateway.
export * from './sql/index.js';
export { type FlinkVersion, parseFlinkVersion } from './version.js';
