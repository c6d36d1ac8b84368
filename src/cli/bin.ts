// The `flink-rest` command.
import { main } from './index.js';

await main();
