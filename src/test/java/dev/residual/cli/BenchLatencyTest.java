package dev.residual.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.residual.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchLatencyTest {
    @Test
    void stampsEachNormalRecordWithTheGivenTimeAndKeepsTheRest() throws Exception {
        var rows = TestModels.FLEET.generate("machine-7", 3, 1_000, 1000, List.of());
        BenchLatency bench = new BenchLatency(TestModels.FLEET, rows);

        JsonNode json = new ObjectMapper().readTree(bench.normal(2, 1_764_000_123_456L));
        JsonNode expected = new ObjectMapper().readTree(TestModels.FLEET.toJson(rows.get(2), true));

        assertThat(json.get("ts").asLong()).isEqualTo(1_764_000_123_456L);
        assertThat(json.get("entity").asText()).isEqualTo("machine-7");
        assertThat(json.get("features")).isEqualTo(expected.get("features"));
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(BenchLatency.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(BenchLatency.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(BenchLatency.percentile(new double[] {7}, 0.99)).isEqualTo(7);
        assertThat(BenchLatency.percentile(new double[0], 0.5)).isNaN();
    }
}
