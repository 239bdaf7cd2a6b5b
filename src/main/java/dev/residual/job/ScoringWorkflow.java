package dev.residual.job;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.DeadLetter;
import dev.residual.io.DecodeFunction;
import dev.residual.io.FeatureRecord;
import dev.residual.io.RawRecord;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.BatchingOperator;
import dev.residual.score.OnnxScorer;
import dev.residual.score.ScoreFunction;
import dev.residual.score.ScoredRecord;
import dev.residual.threshold.ThresholdFunction;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The scoring workflow, from a source of raw records to a sink of anomaly events and one of dead
 * letters. {@link ScoringJob} calls it with Kafka; tests call it with any source and sinks. Every
 * operator has a name and a uid, so savepoints survive changes to the code around them.
 */
public final class ScoringWorkflow {
    private ScoringWorkflow() {}

    /** Defines the workflow in {@code env}. */
    public static void define(
            StreamExecutionEnvironment env,
            JobSettings settings,
            ModelBundle bundle,
            Source<RawRecord, ?, ?> source,
            Sink<DeadLetter> deadLetters,
            Sink<AnomalyEvent> anomalies) {
        define(env, settings, bundle, source, deadLetters, anomalies, null);
    }

    /**
     * Defines the workflow with a {@code tap} after decoding: a map that sees every valid record,
     * for tests that need to fail a task mid-stream. Null for none.
     */
    public static void define(
            StreamExecutionEnvironment env,
            JobSettings settings,
            ModelBundle bundle,
            Source<RawRecord, ?, ?> source,
            Sink<DeadLetter> deadLetters,
            Sink<AnomalyEvent> anomalies,
            MapFunction<FeatureRecord, FeatureRecord> tap) {
        Manifest manifest = bundle.manifest();
        checkServable(bundle, settings);
        SingleOutputStreamOperator<FeatureRecord> decoded =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "features")
                        .uid("features")
                        .process(new DecodeFunction(settings.decoder(manifest.features)))
                        .name("decode")
                        .uid("decode");
        decoded.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .sinkTo(deadLetters)
                .name("dead-letters")
                .uid("dead-letters");

        DataStream<FeatureRecord> records = decoded;
        if (tap != null) {
            records = decoded.map(tap).name("tap").uid("tap");
        }
        records.transform(
                        "batch",
                        Types.LIST(TypeInformation.of(FeatureRecord.class)),
                        new BatchingOperator<FeatureRecord>(
                                settings.batchSize, settings.flushInterval.toMillis()))
                .uid("batch")
                .map(
                        new ScoreFunction(
                                bundle.modelBytes(),
                                manifest.modelId,
                                manifest.features.size(),
                                settings.scoreThreads,
                                settings.threshold.topFeatures()))
                .returns(Types.LIST(TypeInformation.of(ScoredRecord.class)))
                .name("score")
                .uid("score")
                .flatMap(new Unbatch())
                .returns(ScoredRecord.class)
                .name("unbatch")
                .uid("unbatch")
                .keyBy(new ByEntity())
                .process(
                        new ThresholdFunction(
                                settings.threshold,
                                settings.globalThreshold(manifest),
                                settings.logSpread(manifest),
                                manifest.modelId,
                                manifest.features))
                .name("threshold")
                .uid("threshold")
                .sinkTo(anomalies)
                .name("anomalies")
                .uid("anomalies");
    }

    /**
     * Refuses, on the client and before anything is deployed, a bundle this job cannot score: a
     * task manager that found out in open() would fail and restart for ever.
     */
    static void checkServable(ModelBundle bundle, JobSettings settings) {
        Manifest m = bundle.manifest();
        String what = "bundle " + bundle.dir() + " (" + m.modelId + ")";
        if (m.window != 1) {
            throw new OptionsException(
                    what
                            + " is windowed (window "
                            + m.window
                            + "): this job scores one record at a time");
        }
        if (m.scaler != null
                && !"graph".equals(m.scaler.location)
                && !"none".equals(m.scaler.location)) {
            throw new OptionsException(
                    what
                            + " keeps its scaler in '"
                            + m.scaler.location
                            + "': the job needs it in the graph");
        }
        settings.globalThreshold(m);
        try (OnnxScorer scorer =
                OnnxScorer.open(
                        bundle.modelBytes(), m.modelId, m.inputWidth(), m.features.size(), 1)) {
            scorer.score(new float[][] {new float[m.inputWidth()]}, 1);
        } catch (RuntimeException e) {
            throw new OptionsException(what + " cannot be scored: " + e.getMessage(), e);
        }
    }

    /** Scored batches back to records, in order. */
    static final class Unbatch implements FlatMapFunction<List<ScoredRecord>, ScoredRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(List<ScoredRecord> batch, Collector<ScoredRecord> out) {
            for (ScoredRecord r : batch) {
                out.collect(r);
            }
        }
    }

    /** The entity key of a scored record. */
    static final class ByEntity implements KeySelector<ScoredRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ScoredRecord r) {
            return r.entity;
        }
    }
}
