package dev.residual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The choice of the dead letters' size limit from what the producer and the topic take. */
class BrokerLimitsTest {
    private static final int MIB = 1 << 20;

    /** Kafka's default message.max.bytes, and so max.message.bytes of a topic without its own. */
    private static final int KAFKA_DEFAULT_MESSAGE_MAX_BYTES = MIB + 12;

    private static final String TOPIC = "the dead-letter topic features-dlq's max.message.bytes";

    @Test
    void aTopicThatTakesLessThanTheProducerBoundsTheDeadLetters() {
        assertThat(BrokerLimits.deadLetterBytes(4 * MIB, KAFKA_DEFAULT_MESSAGE_MAX_BYTES, TOPIC))
                .isEqualTo(KAFKA_DEFAULT_MESSAGE_MAX_BYTES);
    }

    @Test
    void aProducerThatSendsLessThanTheTopicTakesBoundsTheDeadLetters() {
        assertThat(BrokerLimits.deadLetterBytes(MIB, 4 * MIB, TOPIC)).isEqualTo(MIB);
        assertThat(BrokerLimits.deadLetterBytes(MIB, MIB, TOPIC)).isEqualTo(MIB);
    }

    @Test
    void aTopicThatTakesTooLittleForTheHeadersIsRefusedNamingTheOptionAndTheSetting() {
        assertThatThrownBy(() -> BrokerLimits.deadLetterBytes(MIB, 1000, TOPIC))
                .isInstanceOf(OptionsException.class)
                .hasMessageContaining("option kafka.dead-letter-topic")
                .hasMessageContaining(TOPIC + " (1000 bytes) must be at least 16384");
        assertThat(BrokerLimits.deadLetterBytes(MIB, 16384, TOPIC)).isEqualTo(16384);
    }
}
