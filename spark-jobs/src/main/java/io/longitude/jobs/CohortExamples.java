package io.longitude.jobs;

import io.longitude.cohort.CohortSample;
import io.longitude.cohort.SampleVisit;
import io.longitude.models.data.SequenceFeaturiser;
import io.longitude.models.data.VisitSequenceExample;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Cohort rows to the models module's examples, and to featurised minibatches, on the executors. */
public final class CohortExamples {

    private CohortExamples() {
    }

    /** A next-visit-dx sample (per-visit targets) becomes a next-visit example, any other a binary one. */
    public static VisitSequenceExample toExample(CohortSample sample) {
        List<SampleVisit> visits = sample.getVisits();
        int[][] codes = new int[visits.size()][];
        float[][] numeric = new float[visits.size()][];
        for (int t = 0; t < visits.size(); t++) {
            SampleVisit visit = visits.get(t);
            codes[t] = visit.getCodes().stream().mapToInt(Integer::intValue).toArray();
            List<Float> values = visit.getNumeric();
            numeric[t] = new float[values.size()];
            for (int i = 0; i < values.size(); i++) {
                numeric[t][i] = values.get(i);
            }
        }
        List<List<Integer>> targets = sample.getTargets();
        if (targets != null) {
            int[][] visitTargets = new int[targets.size()][];
            for (int t = 0; t < targets.size(); t++) {
                visitTargets[t] = targets.get(t).stream().mapToInt(Integer::intValue).toArray();
            }
            return VisitSequenceExample.nextVisit(sample.getSampleId(), codes, numeric, visitTargets);
        }
        return VisitSequenceExample.binary(sample.getSampleId(), codes, numeric, sample.getLabel() != null && sample.getLabel() == 1);
    }

    /** Groups a partition's samples into featurised minibatches of {@code batchSize}. */
    public static FlatMapFunction<Iterator<CohortSample>, DataSet> minibatches(SequenceFeaturiser featuriser, int batchSize) {
        return samples -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return samples.hasNext();
            }

            @Override
            public DataSet next() {
                if (!samples.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<VisitSequenceExample> batch = new ArrayList<>(batchSize);
                while (samples.hasNext() && batch.size() < batchSize) {
                    batch.add(toExample(samples.next()));
                }
                return featuriser.featurise(batch);
            }
        };
    }
}
