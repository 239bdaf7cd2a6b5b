package dev.residual.score;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Opens the operator harness of a keyed function, keyed by entity. */
public final class KeyedHarnesses {
    private KeyedHarnesses() {}

    /** An open harness of {@code function}, restored from {@code restoreFrom} unless it is null. */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> function,
            KeySelector<I, String> entity,
            OperatorSubtaskState restoreFrom)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), entity, Types.STRING);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }
}
