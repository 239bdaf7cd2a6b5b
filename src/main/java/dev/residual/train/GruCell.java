package dev.residual.train;

/**
 * The GRU cell of ONNX's GRU operator with {@code linear_before_reset = 1} (as PyTorch and cuDNN),
 * gates in ONNX's order {@code z, r, h}: {@code n = tanh(Wh x + bxh + r * (Rh h + bhh))}, {@code h'
 * = (1 - z) * n + z * h}.
 */
final class GruCell extends RecurrentCell {
    static final GruCell INSTANCE = new GruCell();

    private GruCell() {
        super(3, ModelKind.GRU, OnnxOps.GRU);
    }

    @Override
    void forward(RecurrentAutoencoder.Workspace ws, int t, int n) {
        int m = ws.stateSize(n);
        double[] px = ws.px;
        double[] ph = ws.ph;
        double[] hPrev = ws.hs[t];
        double[] gates = ws.gates[t];
        double[] aux = ws.aux[t];
        double[] h = ws.hs[t + 1];
        for (int i = 0; i < m; i++) {
            double update = RecurrentCell.sigmoid(px[i] + ph[i]);
            double reset = RecurrentCell.sigmoid(px[m + i] + ph[m + i]);
            double recurrent = ph[2 * m + i];
            double cand = RecurrentCell.tanh(px[2 * m + i] + reset * recurrent);
            gates[i] = update;
            gates[m + i] = reset;
            gates[2 * m + i] = cand;
            aux[i] = recurrent;
            h[i] = (1.0 - update) * cand + update * hPrev[i];
        }
    }

    @Override
    void backward(RecurrentAutoencoder.Workspace ws, int t, int n) {
        int m = ws.stateSize(n);
        double[] dh = ws.dh;
        double[] gates = ws.gates[t];
        double[] hPrev = ws.hs[t];
        double[] aux = ws.aux[t];
        double[] dpx = ws.dpx;
        double[] dph = ws.dph;
        double[] dhPrev = ws.dhPrev;
        for (int i = 0; i < m; i++) {
            double update = gates[i];
            double reset = gates[m + i];
            double cand = gates[2 * m + i];
            double dCand = dh[i] * (1.0 - update) * (1.0 - cand * cand);
            double dUpdate = dh[i] * (hPrev[i] - cand) * update * (1.0 - update);
            double dReset = dCand * aux[i] * reset * (1.0 - reset);
            dpx[i] = dUpdate;
            dph[i] = dUpdate;
            dpx[m + i] = dReset;
            dph[m + i] = dReset;
            dpx[2 * m + i] = dCand;
            dph[2 * m + i] = dCand * reset;
            dhPrev[i] = dh[i] * update;
        }
    }
}
