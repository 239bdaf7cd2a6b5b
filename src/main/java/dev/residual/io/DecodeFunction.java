package dev.residual.io;

import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The job's first step after the Kafka source: decodes each {@link RawRecord} with a {@link
 * RecordDecoder}, emits valid {@link FeatureRecord}s and sends every other record to the {@link
 * #DEAD_LETTERS} side output, so that bad data never fails the job and is never dropped silently.
 *
 * <p>Metrics, under the operator's group: {@code residual.decoded}, {@code residual.deadLetters}
 * and, per reason, {@code residual.reason.<REASON>.deadLetters} (a key/value group, so reporters
 * such as Prometheus show the reason as a label). All counters exist from the start, at zero, so
 * that dashboards and alerts on them work before the first bad record.
 */
public class DecodeFunction extends ProcessFunction<RawRecord, FeatureRecord> {
    private static final long serialVersionUID = 1L;

    /** The side output of records that could not be decoded. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final RecordDecoder decoder;
    private transient DecodeMetrics metrics;

    public DecodeFunction(RecordDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    public DecodeFunction(List<String> featureNames, DecoderConfig config) {
        this(new RecordDecoder(featureNames, config));
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        metrics = new DecodeMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<FeatureRecord> out) {
        DecodeResult result = decoder.decode(raw);
        if (result.isValid()) {
            metrics.decoded();
            out.collect(result.record());
        } else {
            metrics.deadLetter(result.reason());
            ctx.output(DEAD_LETTERS, result.deadLetter());
        }
    }
}
