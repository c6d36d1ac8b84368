// Flink SQL through the SQL Gateway: the public surface, re-exported from the package root.
export { SqlExecutionError, SqlOperationNotFoundError, SqlSessionNotFoundError, SqlValueError } from './errors.js';
export { type OpenSessionOptions, SqlGateway, type SqlGatewayInfo, type SqlGatewayOptions } from './gateway.js';
export { SqlJob } from './job.js';
export { type QueryOptions, type SqlOperationStatus, SqlQuery, type ToArrayOptions } from './query.js';
export { type ExecuteOptions, type SqlResult, SqlSession } from './session.js';
export type { ApiVersion as SqlGatewayApiVersion } from './session-context.js';
export { type ScriptStatement, splitStatements } from './split.js';
export type { SqlColumn, SqlType } from './types.js';
export { type RowKind, SqlRow, type ValueOptions } from './values.js';
