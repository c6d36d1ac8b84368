package dev.flinkrest.testjobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A job whose stop-with-savepoint writes the savepoint and then fails while stopping: Flink reports
 * StopWithSavepointStoppingException, which names the savepoint that was written.
 *
 * <p>How: the job takes no periodic checkpoints, so the only checkpoint that ever completes is the
 * synchronous savepoint of a stop (Flink does not notify tasks of other savepoints). The tasks wait
 * for that savepoint's completion notice before they finish (FLIP-147), and the map below fails on
 * it. The savepoint is complete and on disk by then; the task fails, the job fails (no restarts),
 * and the stop operation fails with the savepoint's path. Any other run of the job keeps going
 * until cancelled. Builds against Flink 1.20 and 2.x alike.
 */
public final class FailOnStop {

    private FailOnStop() {}

    public static void main(String[] args) throws Exception {
        Configuration conf = new Configuration();
        // one failure ends the job, whatever the cluster's restart strategy
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

        // ten numbers a second: enough to be a live stream, nothing for a small shared machine
        DataGeneratorSource<Long> numbers =
                new DataGeneratorSource<>(
                        index -> index, Long.MAX_VALUE, RateLimiterStrategy.perSecond(10), Types.LONG);

        env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new FailOnCheckpointComplete())
                .uid("fail-on-checkpoint-complete")
                .name("fail on checkpoint complete")
                .sinkTo(new DiscardingSink<>())
                .uid("discard")
                .name("discard");

        env.execute("FailOnStop");
    }

    /** Passes numbers through; fails when told that a checkpoint completed. */
    static final class FailOnCheckpointComplete extends RichMapFunction<Long, Long>
            implements CheckpointListener {

        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            throw new IllegalStateException(
                    "FailOnStop: fails on purpose on the completion of checkpoint "
                            + checkpointId
                            + " (the savepoint of a stop)");
        }
    }
}
