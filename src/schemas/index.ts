export * from './applications.js';
export * from './async.js';
export * from './checkpoints.js';
export * from './cluster.js';
export * from './common.js';
export * from './jars.js';
export * from './jobs.js';
