package dev.residual.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BundleIdentityTest {

    @Test
    void theSameModelIdGivesTheSameIdentityAndAnotherAnother() {
        long a = BundleIdentity.ofModel("dense-ae/2026-11-27T10:00:00Z/abcdef");
        assertThat(BundleIdentity.ofModel("dense-ae/2026-11-27T10:00:00Z/abcdef")).isEqualTo(a);
        assertThat(BundleIdentity.ofModel("dense-ae/2026-11-27T10:00:01Z/abcdef")).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(BundleIdentity.UNKNOWN);
    }

    @Test
    void featureNamesCountInTheirOrderAndBoundaries() {
        long ab = BundleIdentity.ofFeatures(List.of("a", "b"));
        assertThat(BundleIdentity.ofFeatures(List.of("a", "b"))).isEqualTo(ab);
        assertThat(BundleIdentity.ofFeatures(List.of("b", "a"))).isNotEqualTo(ab);
        assertThat(BundleIdentity.ofFeatures(List.of("ab"))).isNotEqualTo(ab);
        assertThat(BundleIdentity.ofFeatures(List.of("a", "b", "c"))).isNotEqualTo(ab);
    }

    @Test
    void aMissingIdIsRefusedByName() {
        assertThatThrownBy(() -> BundleIdentity.ofModel(null)).hasMessageContaining("model id");
        assertThatThrownBy(() -> BundleIdentity.ofFeatures(null))
                .hasMessageContaining("feature names");
    }
}
