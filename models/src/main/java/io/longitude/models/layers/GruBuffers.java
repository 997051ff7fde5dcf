package io.longitude.models.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The work buffers of a {@link GruLayer}, in its row layout (row {@code t*mb + b}; see there), outside any
 * workspace and reused from call to call: grown when a larger minibatch or a longer sequence comes. A pass first
 * {@link #prepare}s them for its shape; the views then cover exactly that shape.
 */
final class GruBuffers {

    private final DataType dataType;
    private INDArray xBuffer;
    private INDArray gatesBuffer;
    private INDArray recBuffer;
    private INDArray statesBuffer;
    private INDArray carryBuffer;
    private INDArray recGradBuffer;

    /** The input, [T, mb, nIn]. */
    INDArray x3;
    /** The input as [T*mb, nIn]; after the backward pass, dL/dx. */
    INDArray x;
    /** [T*mb, 3h]: input part of the gates, then the gate activations {@code r|z|n}, then their gradients. */
    INDArray gates;
    /** [T*mb, 3h]: each step's recurrent part {@code h_{t-1} RW}, then the recurrent pre-activations' gradients. */
    INDArray rec;
    /** [(T+1)*mb, h]: the initial state, then {@code h_t} for each step. */
    INDArray states;
    /** [mb, h]: dL/dh carried backwards through the update gate. */
    INDArray carry;
    /** [mb, h]: dL/dh_{t-1} through the recurrent matrix product. */
    INDArray recGrad;
    /** The minibatch size and the number of steps of the pass the views are shaped for. */
    int mb;
    int steps;

    GruBuffers(DataType dataType) {
        this.dataType = dataType;
    }

    void prepare(int mb, int steps, int nIn, int h) {
        long rowsT = (long) steps * mb;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            xBuffer = ensureCapacity(xBuffer, rowsT * nIn);
            gatesBuffer = ensureCapacity(gatesBuffer, rowsT * 3 * h);
            recBuffer = ensureCapacity(recBuffer, rowsT * 3 * h);
            statesBuffer = ensureCapacity(statesBuffer, (rowsT + mb) * h);
            carryBuffer = ensureCapacity(carryBuffer, (long) mb * h);
            recGradBuffer = ensureCapacity(recGradBuffer, (long) mb * h);
            x3 = prefix(xBuffer, steps, mb, nIn);
            x = prefix(xBuffer, rowsT, nIn);
            gates = prefix(gatesBuffer, rowsT, 3L * h);
            rec = prefix(recBuffer, rowsT, 3L * h);
            states = prefix(statesBuffer, rowsT + mb, h);
            carry = prefix(carryBuffer, mb, h);
            recGrad = prefix(recGradBuffer, mb, h);
        }
        this.mb = mb;
        this.steps = steps;
    }

    /** The rows of {@code step} in one of the [T*mb, ·] views. */
    INDArray rows(INDArray matrix, int step) {
        return matrix.get(interval((long) step * mb, (long) (step + 1) * mb), all());
    }

    /** The first {@code count} steps' rows of one of the [T*mb, ·] views. */
    INDArray firstRows(INDArray matrix, int count) {
        return matrix.get(interval(0, (long) count * mb), all());
    }

    /** The last hidden state, detached from any workspace, for the state maps. */
    INDArray lastState() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return rows(states, steps).dup('c');
        }
    }

    private INDArray ensureCapacity(INDArray buffer, long length) {
        if (buffer != null && buffer.length() >= length && buffer.dataType() == dataType) {
            return buffer;
        }
        return Nd4j.createUninitialized(dataType, length);
    }

    /** A row-major array of the given shape over the start of {@code buffer}. */
    private static INDArray prefix(INDArray buffer, long... shape) {
        return Nd4j.create(buffer.data(), shape);
    }
}
