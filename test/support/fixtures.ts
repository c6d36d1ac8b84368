/** A cluster overview as Flink 2.2 answers `GET /overview`. */
export const OVERVIEW = {
  taskmanagers: 1,
  'slots-total': 4,
  'slots-available': 4,
  'jobs-running': 0,
  'jobs-finished': 0,
  'jobs-cancelled': 0,
  'jobs-failed': 0,
  'flink-version': '2.2.1',
  'flink-commit': 'abc',
};
