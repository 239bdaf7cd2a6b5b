package dev.residual.cli;

import dev.residual.io.DecodeFunction;
import dev.residual.io.FeatureRecord;
import dev.residual.io.RawRecord;
import dev.residual.job.JobSettings;
import dev.residual.job.KafkaConnectors;
import dev.residual.job.ScoringWorkflow;
import dev.residual.model.ModelBundle;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The three pipelines {@code residual bench} times, built from the job's own classes so that the
 * differences between them are the work of the scoring and threshold steps and of the Kafka sinks,
 * nothing else. Each counts the records it decoded in an accumulator, so a run proves it read all
 * of its input.
 */
final class BenchPipelines {
    /** The accumulator that holds the number of decoded records. */
    static final String RECORDS = "residual.bench.records";

    /** One pipeline under test. */
    enum Pipeline {
        PASSTHROUGH("a", "passthrough: source, decode, keyBy, discard"),
        WORKFLOW("b", "scoring workflow, discarding sinks"),
        JOB("c", "scoring job, Kafka sinks at-least-once");

        final String letter;
        final String description;

        Pipeline(String letter, String description) {
            this.letter = letter;
            this.description = description;
        }
    }

    private BenchPipelines() {}

    /** Defines {@code pipeline} in {@code env}, reading the Kafka input of {@code settings}. */
    static void define(
            Pipeline pipeline,
            StreamExecutionEnvironment env,
            JobSettings settings,
            ModelBundle bundle) {
        Source<RawRecord, ?, ?> source = KafkaConnectors.source(settings);
        switch (pipeline) {
            case PASSTHROUGH ->
                    passthrough(
                            env,
                            settings,
                            bundle.manifest().features,
                            source,
                            new DiscardingSink<>());
            case WORKFLOW ->
                    ScoringWorkflow.define(
                            env,
                            settings,
                            bundle,
                            source,
                            new DiscardingSink<>(),
                            new DiscardingSink<>(),
                            new RecordCounter());
            case JOB ->
                    ScoringWorkflow.define(
                            env,
                            settings,
                            bundle,
                            source,
                            KafkaConnectors.deadLetters(settings),
                            KafkaConnectors.anomalies(settings),
                            new RecordCounter());
        }
    }

    /**
     * The floor any version of the job pays: Kafka source, decoding and the shuffle by entity that
     * the keyed threshold needs, with no model and no state. Dead letters are dropped.
     */
    static void passthrough(
            StreamExecutionEnvironment env,
            JobSettings settings,
            List<String> features,
            Source<RawRecord, ?, ?> source,
            Sink<FeatureRecord> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "features")
                .uid("features")
                .process(new DecodeFunction(settings.decoder(features)))
                .name("decode")
                .uid("decode")
                .map(new RecordCounter())
                .name("count")
                .uid("count")
                .keyBy(new ByEntity())
                .sinkTo(sink)
                .name("discard")
                .uid("discard");
    }

    /** The number of records a finished run decoded. */
    static long decodedRecords(JobExecutionResult result) {
        Long count = result.getAccumulatorResult(RECORDS);
        return count == null ? 0 : count;
    }

    /** Counts the records that pass, in the {@link #RECORDS} accumulator; changes nothing. */
    static final class RecordCounter extends RichMapFunction<FeatureRecord, FeatureRecord> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter count;

        @Override
        public void open(OpenContext openContext) {
            count = new LongCounter();
            getRuntimeContext().addAccumulator(RECORDS, count);
        }

        @Override
        public FeatureRecord map(FeatureRecord record) {
            count.add(1L);
            return record;
        }
    }

    /** The entity key of a decoded record. */
    static final class ByEntity implements KeySelector<FeatureRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(FeatureRecord r) {
            return r.entity;
        }
    }
}
