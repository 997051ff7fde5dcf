package io.longitude.models.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Minibatches of featurised examples. With bucketing, examples are sorted by (capped) length before
 * being cut into batches, so each batch holds sequences of similar length and wastes little padding;
 * the order of the batches is then shuffled.
 *
 * <p>The order of epoch {@code e} depends only on the seed and {@code e}, so a resumed run sees
 * exactly the batches an uninterrupted run would: call {@link #startEpoch(int)} with the epoch to
 * replay. {@link #reset()} moves to the next epoch. Without shuffling (validation) the order is fixed.
 * Not asynchronous: DL4J's prefetching wrapper would otherwise reorder nothing but cost threads.
 */
public final class VisitSequenceIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final List<VisitSequenceExample> examples;
    private final SequenceFeaturiser featuriser;
    private final int batchSize;
    private final boolean bucketByLength;
    private final boolean shuffle;
    private final long seed;
    private List<int[]> batches = List.of();
    private int epoch;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    public VisitSequenceIterator(List<VisitSequenceExample> examples, SequenceFeaturiser featuriser, int batchSize,
                                 boolean bucketByLength, boolean shuffle, long seed) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to iterate over");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.examples = List.copyOf(examples);
        this.featuriser = featuriser;
        this.batchSize = batchSize;
        this.bucketByLength = bucketByLength;
        this.shuffle = shuffle;
        this.seed = seed;
        startEpoch(0);
    }

    /** Positions the iterator at the start of {@code epoch} (0-based). */
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        this.cursor = 0;
        this.batches = planBatches(epoch);
    }

    public int epoch() {
        return epoch;
    }

    public int exampleCount() {
        return examples.size();
    }

    public int batchCount() {
        return batches.size();
    }

    /** The example indices of each batch of the current epoch, in order. */
    public List<int[]> batchPlan() {
        List<int[]> copy = new ArrayList<>(batches.size());
        for (int[] batch : batches) {
            copy.add(batch.clone());
        }
        return copy;
    }

    private List<int[]> planBatches(int epochIndex) {
        int n = examples.size();
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Random random = new Random(seed * 1_000_003L + epochIndex);
        if (shuffle) {
            Collections.shuffle(order, random);
        }
        if (bucketByLength) {
            order.sort(Comparator.comparingInt(i -> featuriser.effectiveLength(examples.get(i))));
        }
        List<int[]> plan = new ArrayList<>((n + batchSize - 1) / batchSize);
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] batch = new int[end - start];
            for (int j = start; j < end; j++) {
                batch[j - start] = order.get(j);
            }
            plan.add(batch);
        }
        if (shuffle && bucketByLength) {
            Collections.shuffle(plan, random);
        }
        return plan;
    }

    @Override
    public boolean hasNext() {
        return cursor < batches.size();
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has no more batches");
        }
        int[] batch = batches.get(cursor++);
        List<VisitSequenceExample> members = new ArrayList<>(batch.length);
        for (int i : batch) {
            members.add(examples.get(i));
        }
        DataSet ds = featuriser.featurise(members);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("batch size is fixed at construction: " + batchSize);
    }

    @Override
    public int inputColumns() {
        return featuriser.layout().inputSize();
    }

    @Override
    public int totalOutcomes() {
        return featuriser.labelLayout() == LabelLayout.NEXT_VISIT ? featuriser.layout().targetVocabularySize() : 1;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        startEpoch(shuffle ? epoch + 1 : epoch);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
