package dev.residual.eval;

import dev.residual.baseline.RcfDetector;
import java.util.List;

/**
 * AWS ThresholdedRandomCutForest on the same stream: one forest per entity, with RCF's defaults and
 * the given shingle length, fed every row in time order (the training rows first, as history it
 * learns from; RCF learns online and has no separate fit). Its own threshold flags a row (grade
 * above 0); alerts follow the job's cool-down.
 */
public final class RcfReplay {
    private RcfReplay() {}

    public static DetectorOutput run(
            List<EntityRows> entities, int shingleSize, long seed, long cooldownMillis) {
        DetectorOutput out = new DetectorOutput("rcf");
        for (EntityRows e : entities) {
            RcfDetector rcf = RcfDetector.create(e.rows()[0].length, shingleSize, seed);
            DetectorOutput.Verdicts v = new DetectorOutput.Verdicts(e.size());
            for (int i = 0; i < e.size(); i++) {
                RcfDetector.Result r = rcf.process(e.rows()[i], e.ts()[i]);
                v.score()[i] = r.score();
                v.flagged()[i] = r.anomalous();
            }
            DetectorOutput.alertsByCooldown(e.ts(), v, cooldownMillis);
            out.put(e.name(), v);
        }
        return out;
    }
}
