package dev.residual.train;

/**
 * The LSTM cell of ONNX's LSTM operator without peepholes, gates in ONNX's order {@code i, o, f,
 * c}: {@code c' = f * c + i * g}, {@code h' = o * tanh(c')}, sigmoid gates and a tanh candidate.
 */
final class LstmCell extends RecurrentCell {
    static final LstmCell INSTANCE = new LstmCell();

    private LstmCell() {
        super(4, ModelKind.LSTM, OnnxOps.LSTM);
    }

    /** A forget-gate bias of 1, so that the cell keeps its state from the start of training. */
    @Override
    void initialiseBias(double[] bx, int hidden) {
        java.util.Arrays.fill(bx, 2 * hidden, 3 * hidden, 1.0);
    }

    @Override
    void forward(RecurrentAutoencoder.Workspace ws, int t, int n) {
        int m = ws.stateSize(n);
        double[] px = ws.px;
        double[] ph = ws.ph;
        double[] cPrev = ws.cs[t];
        double[] gates = ws.gates[t];
        double[] c = ws.cs[t + 1];
        double[] aux = ws.aux[t];
        double[] h = ws.hs[t + 1];
        for (int i = 0; i < m; i++) {
            double in = RecurrentCell.sigmoid(px[i] + ph[i]);
            double out = RecurrentCell.sigmoid(px[m + i] + ph[m + i]);
            double forget = RecurrentCell.sigmoid(px[2 * m + i] + ph[2 * m + i]);
            double cand = RecurrentCell.tanh(px[3 * m + i] + ph[3 * m + i]);
            double cell = forget * cPrev[i] + in * cand;
            double tc = RecurrentCell.tanh(cell);
            gates[i] = in;
            gates[m + i] = out;
            gates[2 * m + i] = forget;
            gates[3 * m + i] = cand;
            c[i] = cell;
            aux[i] = tc;
            h[i] = out * tc;
        }
    }

    @Override
    void backward(RecurrentAutoencoder.Workspace ws, int t, int n) {
        int m = ws.stateSize(n);
        double[] dh = ws.dh;
        double[] dc = ws.dc;
        double[] gates = ws.gates[t];
        double[] cPrev = ws.cs[t];
        double[] aux = ws.aux[t];
        double[] dpx = ws.dpx;
        double[] dcPrev = ws.dcPrev;
        for (int i = 0; i < m; i++) {
            double in = gates[i];
            double out = gates[m + i];
            double forget = gates[2 * m + i];
            double cand = gates[3 * m + i];
            double tc = aux[i];
            double dCell = dc[i] + dh[i] * out * (1.0 - tc * tc);
            dpx[i] = dCell * cand * in * (1.0 - in);
            dpx[m + i] = dh[i] * tc * out * (1.0 - out);
            dpx[2 * m + i] = dCell * cPrev[i] * forget * (1.0 - forget);
            dpx[3 * m + i] = dCell * in * (1.0 - cand * cand);
            dcPrev[i] = dCell * forget;
        }
        java.util.Arrays.fill(ws.dhPrev, 0, m, 0.0);
        System.arraycopy(dpx, 0, ws.dph, 0, 4 * m);
    }
}
