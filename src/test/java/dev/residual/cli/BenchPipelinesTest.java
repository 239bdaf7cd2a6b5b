package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.io.RawRecord;
import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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

    @Test
    void passthroughCountsEveryRecordItDecodes() throws Exception {
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);

        BenchPipelines.passthrough(
                env,
                SETTINGS,
                TestModels.FLEET.featureNames(),
                new DataGeneratorSource<>(
                        records, values.size(), TypeInformation.of(RawRecord.class)),
                new DiscardingSink<>());
        JobExecutionResult result = env.execute("passthrough");

        assertThat(BenchPipelines.decodedRecords(result)).isEqualTo(600 - 12);
    }
}
