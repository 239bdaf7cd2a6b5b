package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.model.Manifest;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
    private static final String[] REQUIRED = {
        "--bundle", "/models", "--kafka.bootstrap-servers", "localhost:9092"
    };

    private static JobSettings settings(String... more) {
        String[] args = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, args, 0, REQUIRED.length);
        System.arraycopy(more, 0, args, REQUIRED.length, more.length);
        return JobSettings.from(new Configuration(), JobArguments.parse(args));
    }

    @Test
    void defaultsAreExactlyOnceWithSmallBatches() {
        JobSettings s = settings();
        assertThat(s.deliveryGuarantee).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.batchSize).isEqualTo(64);
        assertThat(s.inputTopic).isEqualTo("features");
        assertThat(s.deadLetterTopic).isEqualTo("features-dlq");
    }

    @Test
    void argumentsOverrideFlinkConfiguration() {
        Configuration base = new Configuration();
        base.setString("score.batch-size", "8");
        base.setString("kafka.output-topic", "from-config");
        JobSettings s =
                JobSettings.from(
                        base,
                        JobArguments.parse(
                                REQUIRED[0],
                                REQUIRED[1],
                                REQUIRED[2],
                                REQUIRED[3],
                                "--score.batch-size=32"));
        assertThat(s.batchSize).isEqualTo(32);
        assertThat(s.outputTopic).isEqualTo("from-config");
    }

    @Test
    void kafkaPropertiesPassThroughWithoutPrefix() {
        JobSettings s = settings("--kafka.properties.security.protocol", "SASL_SSL");
        assertThat(s.kafkaProperties().getProperty("security.protocol")).isEqualTo("SASL_SSL");
    }

    /**
     * The three field names are checked together: renaming the entity field to "ts" while also
     * renaming the ts field is a valid, distinct set of names, which a check after each rename
     * (entity = ts = "ts" for a moment) refused.
     */
    @Test
    void distinctFieldNamesAreAcceptedWhateverTheDefaultsTheyReuse() {
        JobSettings s = settings("--decode.entity-field", "ts", "--decode.ts-field", "time");
        assertThatCode(() -> s.decoder(List.of("a", "b"))).doesNotThrowAnyException();
    }

    @Test
    void deadLettersAreCutToTheProducersMaxRequestSize() {
        assertThat(settings().maxRequestBytes).isEqualTo(1 << 20);
        assertThat(settings("--kafka.properties.max.request.size", "2097152").maxRequestBytes)
                .isEqualTo(2 << 20);
        for (String wrong : new String[] {"1000", "lots"}) {
            assertThatThrownBy(() -> settings("--kafka.properties.max.request.size", wrong))
                    .isInstanceOf(OptionsException.class)
                    .hasMessageContaining("kafka.properties.max.request.size")
                    .hasMessageContaining(wrong);
        }
    }

    @Test
    void missingBundleFailsNamingTheOption() {
        assertThatThrownBy(
                        () ->
                                JobSettings.from(
                                        new Configuration(),
                                        JobArguments.parse("--kafka.bootstrap-servers", "x:1")))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("bundle");
    }

    @Test
    void unknownOptionFailsNamingIt() {
        assertThatThrownBy(() -> settings("--score.batchsize", "3"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("--score.batchsize")
                .hasMessageContaining("score.batch-size");
    }

    @Test
    void unparsableValueFailsNamingTheOption() {
        assertThatThrownBy(() -> settings("--score.batch-size", "many"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("score.batch-size");
    }

    @Test
    void outOfRangeValueFailsWithTheRange() {
        assertThatThrownBy(() -> settings("--score.batch-size", "0"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("score.batch-size")
                .hasMessageContaining("between 1 and 4096");
    }

    @Test
    void wrongDeliveryGuaranteeListsTheChoices() {
        assertThatThrownBy(() -> settings("--delivery.guarantee", "maybe"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("delivery.guarantee")
                .hasMessageContaining("at-least-once");
    }

    @Test
    void thresholdOptionsReachTheThresholdConfigAndAreChecked() {
        assertThat(settings("--threshold.cooldown", "90 s").threshold.cooldownMillis())
                .isEqualTo(Duration.ofSeconds(90).toMillis());
        assertThatThrownBy(() -> settings("--threshold.sigmas", "-1"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("threshold.sigmas");
    }

    @Test
    void confirmRecordsDefaultsToOneAndAWrongValueFailsNamingIt() {
        assertThat(settings().threshold.confirmRecords()).isEqualTo(1);
        assertThat(settings("--threshold.confirm-records", "5").threshold.confirmRecords())
                .isEqualTo(5);
        assertThatThrownBy(() -> settings("--threshold.confirm-records", "0"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("threshold.confirm-records")
                .hasMessageContaining("between 1 and 1000000");
        assertThatThrownBy(() -> settings("--threshold.confirm-records", "three"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("threshold.confirm-records");
    }

    @Test
    void smoothingIsOffByDefaultAndAWrongValueFailsNamingIt() {
        assertThat(settings().threshold.smoothingMillis()).isZero();
        assertThat(
                        settings("--threshold.spread", "entity", "--threshold.smoothing", "5s")
                                .threshold
                                .smoothingMillis())
                .isEqualTo(5_000L);
        assertThatThrownBy(() -> settings("--threshold.smoothing", "5s"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("threshold.smoothing")
                .hasMessageContaining("threshold.spread = entity");
        for (String bad : List.of("five seconds", "-5 s")) {
            String[] args = {"--threshold.spread", "entity", "--threshold.smoothing", bad};
            assertThatThrownBy(() -> settings(args))
                    .isInstanceOf(OptionsException.class)
                    .hasMessageContaining("threshold.smoothing");
        }
    }

    @Test
    void entitiesLearnTheirOwnSpreadOnlyWhenAsked() {
        dev.residual.model.Manifest m = new dev.residual.model.Manifest();
        m.calibration = new dev.residual.model.Manifest.Calibration();
        m.calibration.logStd = 0.7;
        assertThat(settings().logSpread(m)).isEqualTo(0.7);
        assertThat(settings("--threshold.spread", "entity").logSpread(m)).isNaN();
        assertThatThrownBy(() -> settings("--threshold.spread", "fleet"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("threshold.spread");
    }

    @Test
    void typoInFlinkConfigurationFailsNamingTheKey() {
        Configuration base = new Configuration();
        base.setString("score.batchsize", "7");
        base.setString("parallelism.default", "4");
        assertThatThrownBy(() -> JobSettings.from(base, JobArguments.parse(REQUIRED)))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("score.batchsize");
    }

    @Test
    void transactionalIdPrefixDefaultsToTheJobName() {
        assertThat(settings("--job.name", "fleet-a").transactionalIdPrefix).isEqualTo("fleet-a");
        assertThat(
                        settings("--job.name", "fleet-a", "--kafka.transactional-id-prefix", "tx")
                                .transactionalIdPrefix)
                .isEqualTo("tx");
    }

    @Test
    void subMillisecondFlushIntervalIsRefused() {
        assertThatThrownBy(() -> settings("--score.flush-interval", "500 us"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("score.flush-interval");
        assertThat(settings("--score.flush-interval", "0 ms").flushInterval).isZero();
    }

    @Test
    void windowMaxGapDefaultsToTheBundlesThenTenMinutesAndAWrongOneFailsNamingIt() {
        Manifest trained = windowed(Duration.ofHours(2).toMillis());
        Manifest untimed = windowed(null);
        assertThat(settings().windowMaxGap).isNull();
        assertThat(settings().windowMaxGap(trained)).isEqualTo(Duration.ofHours(2));
        assertThat(settings().windowMaxGap(untimed)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings("--window.max-gap", "30 s").windowMaxGap(trained))
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> settings("--window.max-gap", "0 ms"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("window.max-gap");
        assertThatThrownBy(() -> settings("--window.max-gap", "soon"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("window.max-gap");
        Configuration base = new Configuration();
        base.setString("window.maxgap", "1 min");
        assertThatThrownBy(() -> JobSettings.from(base, JobArguments.parse(REQUIRED)))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("window.maxgap");
    }

    @Test
    void aWindowMaxGapShorterThanTheBundlesIsAcceptedWithAWarningNamingIt() {
        Manifest trained = windowed(Duration.ofHours(2).toMillis());
        assertThat(settings().windowMaxGapWarning(trained)).isNull();
        assertThat(settings("--window.max-gap", "3 h").windowMaxGapWarning(trained)).isNull();
        assertThat(settings("--window.max-gap", "30 min").windowMaxGapWarning(trained))
                .contains("window.max-gap", "PT30M", "PT2H", "conv-ae/test");
        assertThat(settings("--window.max-gap", "30 min").windowMaxGapWarning(windowed(null)))
                .isNull();
    }

    /** A windowed manifest whose training windows were cut at {@code gapMillis} (null: none). */
    private static Manifest windowed(Long gapMillis) {
        Manifest m = new Manifest();
        m.modelId = "conv-ae/test";
        m.window = 4;
        if (gapMillis != null) {
            m.architecture.put(Manifest.WINDOW_GAP_MS, gapMillis);
        }
        return m;
    }

    @Test
    void valueWithoutOptionIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse("bundle", "/x"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("'bundle'");
        assertThatThrownBy(() -> JobArguments.parse("--bundle"))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = JobArguments.help();
        for (var option : ResidualOptions.ALL) {
            assertThat(help).contains("--" + option.key());
        }
        assertThat(help)
                .contains("(default 64)")
                .contains("(default 5 ms)")
                .doesNotContain("Description@")
                .doesNotContain("&gt;");
    }
}
