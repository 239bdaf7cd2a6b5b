package dev.residual.cli;

import dev.residual.baseline.RcfDetector;
import dev.residual.io.DecodeFunction;
import dev.residual.io.FeatureRecord;
import dev.residual.io.RawRecord;
import dev.residual.job.JobSettings;
import dev.residual.job.KafkaConnectors;
import dev.residual.job.ScoringWorkflow;
import dev.residual.model.ModelBundle;
import dev.residual.score.ScoredRecord;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The pipelines {@code residual bench} times, built from the job's own classes so that the
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
        JOB("b'", "b with the job's Kafka sinks, at-least-once"),
        WINDOWED("c", "b with the windowed bundle"),
        RCF("d", "RandomCutForest: decode, forest, keyBy, discard");

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
            case WORKFLOW, WINDOWED ->
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
            case RCF ->
                    randomCutForest(
                            env,
                            settings,
                            bundle.manifest().features,
                            source,
                            new DiscardingSink<>());
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
        decodedAndCounted(env, settings, features, source)
                .keyBy(new ScoringWorkflow.RecordEntity())
                .sinkTo(sink)
                .name("discard")
                .uid("discard");
    }

    /**
     * AWS's ThresholdedRandomCutForest in the place of our scorer: decoding, one forest per subtask
     * (a global model, as the autoencoder is) that scores and learns every record, then the same
     * keyBy by entity with what scoring ships, the entity, time and score. Dead letters are
     * dropped.
     */
    static void randomCutForest(
            StreamExecutionEnvironment env,
            JobSettings settings,
            List<String> features,
            Source<RawRecord, ?, ?> source,
            Sink<ScoredRecord> sink) {
        decodedAndCounted(env, settings, features, source)
                .map(new ForestScore(features.size()))
                .name("forest")
                .uid("forest")
                .keyBy(new ScoringWorkflow.ByEntity())
                .sinkTo(sink)
                .name("discard")
                .uid("discard");
    }

    /** The source, decoding (dead letters dropped) and the count of decoded records. */
    private static SingleOutputStreamOperator<FeatureRecord> decodedAndCounted(
            StreamExecutionEnvironment env,
            JobSettings settings,
            List<String> features,
            Source<RawRecord, ?, ?> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "features")
                .uid("features")
                .process(new DecodeFunction(settings.decoder(features)))
                .name("decode")
                .uid("decode")
                .map(new RecordCounter())
                .name("count")
                .uid("count");
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

    /** Scores each record with this subtask's forest, seeded by the subtask's index. */
    static final class ForestScore extends RichMapFunction<FeatureRecord, ScoredRecord> {
        private static final long serialVersionUID = 1L;
        private final int features;
        private transient RcfDetector forest;

        ForestScore(int features) {
            this.features = features;
        }

        @Override
        public void open(OpenContext openContext) {
            forest =
                    RcfDetector.create(
                            features, 1, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        }

        @Override
        public ScoredRecord map(FeatureRecord record) {
            ScoredRecord scored = new ScoredRecord();
            scored.entity = record.entity;
            scored.ts = record.ts;
            scored.score = (float) forest.process(record.features, record.ts).score();
            scored.topic = record.topic;
            scored.partition = record.partition;
            scored.offset = record.offset;
            return scored;
        }
    }
}
