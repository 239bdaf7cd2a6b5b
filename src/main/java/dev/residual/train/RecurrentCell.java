package dev.residual.train;

/**
 * One step of a recurrent cell over a feature-major batch, forward and backward, in ONNX's
 * formulation so that the exported LSTM or GRU node computes exactly what training computed.
 *
 * <p>The network computes the pre-activations {@code px = Wx x + bx} and {@code ph = Wh h + bh}
 * (gate-major: gate g, unit j, row b at {@code (g * H + j) * n + b}); the cell applies its gates.
 * Keeping the two terms apart is what GRU's {@code linear_before_reset} needs, and for the LSTM the
 * two biases are ONNX's {@code Wb} and {@code Rb}.
 */
abstract class RecurrentCell {
    private final int gates;
    private final ModelKind kind;
    private final OnnxOps operator;

    RecurrentCell(int gates, ModelKind kind, OnnxOps operator) {
        this.gates = gates;
        this.kind = kind;
        this.operator = operator;
    }

    /** Gates per hidden unit: the weights have {@code gates() * H} rows. */
    final int gates() {
        return gates;
    }

    /** The kind this cell trains. */
    final ModelKind kind() {
        return kind;
    }

    /** The ONNX operator that runs this cell. */
    final OnnxOps operator() {
        return operator;
    }

    /** Sets the starting input biases, {@code gates() * H} of them, all zero unless overridden. */
    void initialiseBias(double[] bx, int hidden) {}

    /**
     * Applies the gates to step t of n rows: from the pre-activations {@code ws.px}, {@code ws.ph}
     * and the previous states {@code ws.hs[t]}, {@code ws.cs[t]} (LSTM) to the gate activations
     * {@code ws.gates[t]}, the new states {@code ws.hs[t + 1]}, {@code ws.cs[t + 1]} and what
     * backward needs besides the gates, {@code ws.aux[t]} (LSTM: tanh of the cell state; GRU: the
     * recurrent term of the candidate).
     */
    abstract void forward(RecurrentAutoencoder.Workspace ws, int t, int n);

    /**
     * Back-propagates step t: from the loss's derivatives by its hidden state {@code ws.dh} and
     * cell state {@code ws.dc} to those of its pre-activations ({@code ws.dpx}, {@code ws.dph}),
     * the part of the previous hidden state's derivative that does not pass through the recurrent
     * weights ({@code ws.dhPrev}, overwritten) and the previous cell state's ({@code ws.dcPrev},
     * LSTM only).
     */
    abstract void backward(RecurrentAutoencoder.Workspace ws, int t, int n);

    /** The cell of a recurrent kind. */
    static RecurrentCell of(ModelKind kind) {
        switch (kind) {
            case LSTM:
                return LstmCell.INSTANCE;
            case GRU:
                return GruCell.INSTANCE;
            default:
                throw new IllegalArgumentException(kind.label() + " is not a recurrent kind");
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Through exp, as {@link Activation#TANH}: a JIT intrinsic, far faster than Math.tanh. */
    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }
}
