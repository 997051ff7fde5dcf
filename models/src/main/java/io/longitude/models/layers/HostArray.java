package io.longitude.models.layers;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access, from Java, to the host memory of a dense float or double {@link INDArray}, indexed by
 * position in memory (so the caller owns the layout). It lets {@link GruLayer} fuse each time step's
 * elementwise gate work into one pass instead of a dozen native op calls.
 */
abstract class HostArray {

    static HostArray of(INDArray array) {
        Preconditions.checkArgument(array.offset() == 0 && array.length() <= array.data().length(),
                "HostArray needs an array at the start of its buffer, got a view (offset %s, length %s of %s)",
                array.offset(), array.length(), array.data().length());
        DataType type = array.dataType();
        if (type == DataType.FLOAT) {
            return new FloatArray(array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer());
        }
        if (type == DataType.DOUBLE) {
            return new DoubleArray(array.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer());
        }
        throw new IllegalArgumentException("GRU supports FLOAT and DOUBLE networks, not " + type);
    }

    abstract double get(int index);

    abstract void set(int index, double value);

    private static final class FloatArray extends HostArray {
        private final FloatBuffer buffer;

        FloatArray(FloatBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        double get(int index) {
            return buffer.get(index);
        }

        @Override
        void set(int index, double value) {
            buffer.put(index, (float) value);
        }
    }

    private static final class DoubleArray extends HostArray {
        private final DoubleBuffer buffer;

        DoubleArray(DoubleBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        double get(int index) {
            return buffer.get(index);
        }

        @Override
        void set(int index, double value) {
            buffer.put(index, value);
        }
    }
}
