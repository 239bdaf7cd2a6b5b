package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.job.JobArguments;
import dev.residual.job.JobSettings;
import dev.residual.testing.TestModels;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchStateTest {
    private static final JobSettings SETTINGS =
            JobSettings.from(
                    new Configuration(),
                    JobArguments.parse("--bundle", "x", "--kafka.bootstrap-servers", "k:1"));

    @Test
    void thresholdStateFitsTheTargetOf256BytesAnEntity() throws Exception {
        assertThat(BenchState.thresholdStateBytes()).isPositive().isLessThanOrEqualTo(256);
        assertThat(BenchState.keyBytes("machine-0000042")).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void holdsEveryEntityAndSavesThemAll(String backend, @TempDir Path work) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, 2);

        BenchState.Result r =
                BenchState.run(
                        conf,
                        work,
                        backend,
                        3000,
                        SETTINGS.threshold,
                        0.1,
                        Double.NaN,
                        "m",
                        TestModels.FLEET.featureNames());

        assertThat(r.records()).isEqualTo(3000);
        assertThat(r.entities()).isEqualTo(3000);
        // Every entity's state is in the savepoint: at least its serialized state and key.
        assertThat(r.savepointBytes()).isGreaterThan(3000L * BenchState.thresholdStateBytes());
    }
}
