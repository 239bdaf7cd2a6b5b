package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.RawRecord;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.score.ScoredRecord;
import dev.residual.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

class BenchPipelinesTest {
    private static final JobSettings SETTINGS =
            JobSettings.from(
                    new Configuration(),
                    JobArguments.parse("--bundle", "x", "--kafka.bootstrap-servers", "k:1"));

    /** 600 records of three entities, every 50th of the first 600 not JSON: 588 decode. */
    private static DataGeneratorSource<RawRecord> records() {
        ArrayList<String> values = new ArrayList<>();
        for (String entity : List.of("m-0", "m-1", "m-2")) {
            for (var row : TestModels.FLEET.generate(entity, 200, 1_000_000, 1000, List.of())) {
                values.add(TestModels.FLEET.toJson(row, row.index() % 2 == 0));
            }
        }
        for (int i = 0; i < 12; i++) {
            values.set(i * 50, "not json");
        }
        GeneratorFunction<Long, RawRecord> records =
                i ->
                        new RawRecord(
                                null,
                                values.get(i.intValue()).getBytes(StandardCharsets.UTF_8),
                                "features",
                                0,
                                i,
                                2_000_000);
        return new DataGeneratorSource<>(
                records, values.size(), TypeInformation.of(RawRecord.class));
    }

    @Test
    void passthroughCountsEveryRecordItDecodes() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);

        BenchPipelines.passthrough(
                env, SETTINGS, TestModels.FLEET.featureNames(), records(), new DiscardingSink<>());
        JobExecutionResult result = env.execute("passthrough");

        assertThat(BenchPipelines.decodedRecords(result)).isEqualTo(600 - 12);
    }

    @Test
    void randomCutForestScoresEveryRecordItDecodes() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        List<ScoredRecord> scored = new CopyOnWriteArrayList<>();

        BenchPipelines.randomCutForest(
                env, SETTINGS, TestModels.FLEET.featureNames(), records(), new Collect(scored));
        JobExecutionResult result = env.execute("forest");

        assertThat(BenchPipelines.decodedRecords(result)).isEqualTo(600 - 12);
        assertThat(scored).hasSize(600 - 12);
        assertThat(scored).extracting(r -> r.entity).containsOnly("m-0", "m-1", "m-2");
        assertThat(scored).allSatisfy(r -> assertThat(r.score).isFinite().isNotNegative());
    }

    /** Collects into a list of this JVM: the local environment runs in it. */
    private static final class Collect implements Sink<ScoredRecord> {
        private static final long serialVersionUID = 1L;
        private static List<ScoredRecord> target;

        Collect(List<ScoredRecord> list) {
            target = list;
        }

        @Override
        public SinkWriter<ScoredRecord> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ScoredRecord element, Context context) {
                    target.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
