package dev.residual.score;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The window assembler of a windowed bundle trained behind per-entity baselines: it runs after
 * {@link BaselineFunction}, on the same keys, and builds each entity's windows of standardised
 * records by the rules and with the state of {@link WindowAssembler} (which it delegates to: same
 * state name, metrics and expiry). A record of the baseline's warm-up has nothing to put in a
 * window: it goes on unscored and leaves the window as it is, so the window's own warm-up starts
 * after the baseline's. Each full window carries its last record's baseline, whose mean and spread
 * turn the alert's expected values back into feature units.
 */
public class BaselinedWindowAssembler
        extends KeyedProcessFunction<String, WindowedRecord, WindowedRecord> {
    private static final long serialVersionUID = 1L;

    private final WindowAssembler windows;

    /**
     * @param windows the assembler whose rules and state this one runs, not yet opened
     */
    public BaselinedWindowAssembler(WindowAssembler windows) {
        this.windows = windows;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        windows.setRuntimeContext(getRuntimeContext());
        windows.open(openContext);
    }

    @Override
    public void processElement(WindowedRecord in, Context ctx, Collector<WindowedRecord> out)
            throws Exception {
        if (in.window == null) {
            out.collect(in);
            return;
        }
        WindowedRecord w = windows.process(in.record, in.window, ctx.timerService());
        w.center = in.center;
        w.scale = in.scale;
        out.collect(w);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowedRecord> out)
            throws Exception {
        windows.expire(timestamp);
    }
}
