package dev.residual.job;

import dev.residual.io.AnomalyEvent;
import dev.residual.io.DeadLetter;
import dev.residual.io.DecodeFunction;
import dev.residual.io.FeatureRecord;
import dev.residual.io.RawRecord;
import dev.residual.model.BundleIdentity;
import dev.residual.model.Manifest;
import dev.residual.model.ModelBundle;
import dev.residual.score.BaselineFunction;
import dev.residual.score.BaselinedWindowAssembler;
import dev.residual.score.BatchingOperator;
import dev.residual.score.EntityBaseline;
import dev.residual.score.OnnxScorer;
import dev.residual.score.ScoreFunction;
import dev.residual.score.ScoredRecord;
import dev.residual.score.WindowAssembler;
import dev.residual.score.WindowScoreFunction;
import dev.residual.score.WindowedRecord;
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
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring workflow, from a source of raw records to a sink of anomaly events and one of dead
 * letters. {@link ScoringJob} calls it with Kafka; tests call it with any source and sinks. Every
 * operator has a name and a uid, so savepoints survive changes to the code around them.
 *
 * <p>A pointwise bundle (window 1) is scored record by record and shuffled by entity to the
 * threshold; a windowed one is shuffled by entity first, to the window assembler, and scored and
 * judged chained behind it; so is a bundle with per-entity baselines, behind its baseline. Either
 * way records cross the network once.
 */
public final class ScoringWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringWorkflow.class);

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
        KeyedStream<ScoredRecord, String> scored;
        if (manifest.entityBaseline != null) {
            scored = scoreBaselined(records, settings, bundle);
        } else {
            scored =
                    manifest.window == 1
                            ? scorePointwise(records, settings, bundle)
                            : scoreWindows(records, settings, bundle);
        }
        scored.process(
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
     * One record at a time: batch, score, then one shuffle by entity to the threshold. The graph of
     * pointwise bundles, unchanged since before windowed ones.
     */
    private static KeyedStream<ScoredRecord, String> scorePointwise(
            DataStream<FeatureRecord> records, JobSettings settings, ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        ScoreFunction score =
                new ScoreFunction(
                        bundle.modelBytes(),
                        manifest.modelId,
                        manifest.features.size(),
                        settings.scoreThreads,
                        settings.threshold.topFeatures());
        return batchAndScore(records, FeatureRecord.class, score, settings).keyBy(new ByEntity());
    }

    /**
     * A windowed model: the shuffle by entity comes first, to the window assembler; batching,
     * scoring and the threshold then run chained in the same subtask, which already holds every
     * record of its entities, so the scored stream is reinterpreted as keyed instead of shuffled a
     * second time.
     */
    private static KeyedStream<ScoredRecord, String> scoreWindows(
            DataStream<FeatureRecord> records, JobSettings settings, ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        DataStream<WindowedRecord> windows =
                records.keyBy(new RecordEntity())
                        .process(windowAssembler(manifest, settings))
                        .name("window")
                        .uid("window");
        return scoreKeyed(windows, manifest.window, settings, bundle);
    }

    /**
     * A bundle trained behind per-entity baselines: the shuffle by entity comes first, to the
     * baseline, which standardises each record by its entity's own statistics; for a windowed
     * bundle the window assembler follows on the same keys; batching, scoring and the threshold run
     * chained behind, as for a windowed bundle. The baseline is the bundle's: no option of the job
     * changes it, since the model only knows features so standardised.
     */
    private static KeyedStream<ScoredRecord, String> scoreBaselined(
            DataStream<FeatureRecord> records, JobSettings settings, ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        DataStream<WindowedRecord> standardised =
                records.keyBy(new RecordEntity())
                        .process(
                                new BaselineFunction(
                                        EntityBaseline.of(manifest.entityBaseline),
                                        manifest.features.size(),
                                        settings.threshold.idleTtlMillis(),
                                        BundleIdentity.ofFeatures(manifest.features)))
                        .name("baseline")
                        .uid("baseline");
        if (manifest.window > 1) {
            standardised =
                    DataStreamUtils.reinterpretAsKeyedStream(
                                    standardised, new WindowedEntity(), Types.STRING)
                            .process(
                                    new BaselinedWindowAssembler(
                                            windowAssembler(manifest, settings)))
                            .name("window")
                            .uid("window");
        }
        return scoreKeyed(standardised, manifest.window, settings, bundle);
    }

    /**
     * The window assembler of a windowed bundle, under the job's window rules: cut at
     * window.max-gap, or the bundle's own gap when the option is not set.
     */
    private static WindowAssembler windowAssembler(Manifest manifest, JobSettings settings) {
        String warning = settings.windowMaxGapWarning(manifest);
        if (warning != null) {
            LOG.warn(warning);
        }
        return new WindowAssembler(
                manifest.window,
                manifest.features.size(),
                settings.windowMaxGap(manifest).toMillis(),
                settings.threshold.idleTtlMillis(),
                BundleIdentity.ofModel(manifest.modelId));
    }

    /**
     * Batches and scores model inputs {@code window} records wide made by a keyed function, in the
     * subtask that holds their entities, and tells Flink the scored stream is still keyed.
     */
    private static KeyedStream<ScoredRecord, String> scoreKeyed(
            DataStream<WindowedRecord> inputs,
            int window,
            JobSettings settings,
            ModelBundle bundle) {
        Manifest manifest = bundle.manifest();
        WindowScoreFunction score =
                new WindowScoreFunction(
                        bundle.modelBytes(),
                        manifest.modelId,
                        window,
                        manifest.features.size(),
                        settings.scoreThreads,
                        settings.threshold.topFeatures());
        DataStream<ScoredRecord> scored =
                batchAndScore(inputs, WindowedRecord.class, score, settings);
        return DataStreamUtils.reinterpretAsKeyedStream(scored, new ByEntity(), Types.STRING);
    }

    /** Batches the records, scores each batch with {@code score} and passes the records on. */
    private static <T> DataStream<ScoredRecord> batchAndScore(
            DataStream<T> records,
            Class<T> type,
            MapFunction<List<T>, List<ScoredRecord>> score,
            JobSettings settings) {
        return records.transform(
                        "batch",
                        Types.LIST(TypeInformation.of(type)),
                        new BatchingOperator<T>(
                                settings.batchSize, settings.flushInterval.toMillis()))
                .uid("batch")
                .map(score)
                .returns(Types.LIST(TypeInformation.of(ScoredRecord.class)))
                .name("score")
                .uid("score")
                .flatMap(new Unbatch())
                .returns(ScoredRecord.class)
                .name("unbatch")
                .uid("unbatch");
    }

    /**
     * Refuses, on the client and before anything is deployed, a bundle this job cannot score: a
     * task manager that found out in open() would fail and restart for ever.
     */
    static void checkServable(ModelBundle bundle, JobSettings settings) {
        Manifest m = bundle.manifest();
        String what = "bundle " + bundle.dir() + " (" + m.modelId + ")";
        checkWindow(m, what);
        checkBaseline(m, what);
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

    /**
     * A window of at least one record, and for W > 1 a reduction over the window the contract
     * knows; the graph itself is then run once on a zero window of width W × F.
     */
    private static void checkWindow(Manifest m, String what) {
        if (m.window < 1) {
            throw new OptionsException(what + " has window " + m.window + ": it must be >= 1");
        }
        if (m.window > 1 && !"window".equals(m.windowScore) && !"last".equals(m.windowScore)) {
            throw new OptionsException(
                    what
                            + " is windowed (window "
                            + m.window
                            + ") but its window_score is "
                            + (m.windowScore == null ? "missing" : "'" + m.windowScore + "'")
                            + ": it must be 'window' or 'last'");
        }
    }

    /** A baseline block the rule accepts, when the bundle has one. */
    private static void checkBaseline(Manifest m, String what) {
        if (m.entityBaseline == null) {
            return;
        }
        try {
            EntityBaseline.of(m.entityBaseline);
        } catch (IllegalArgumentException e) {
            throw new OptionsException(what + " has a wrong entity_baseline: " + e.getMessage(), e);
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

    /** The entity key of a decoded record. */
    public static final class RecordEntity implements KeySelector<FeatureRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(FeatureRecord r) {
            return r.entity;
        }
    }

    /** The entity key of a record with its model input. */
    public static final class WindowedEntity implements KeySelector<WindowedRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(WindowedRecord r) {
            return r.record.entity;
        }
    }

    /** The entity key of a scored record. */
    public static final class ByEntity implements KeySelector<ScoredRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ScoredRecord r) {
            return r.entity;
        }
    }
}
