package io.longitude.jobs.train;

import io.longitude.jobs.CohortExamples;
import io.longitude.cohort.CohortSample;
import io.longitude.models.data.DataFingerprint;
import io.longitude.models.data.FeatureLayout;
import io.longitude.models.data.NumericMoments;
import io.longitude.models.data.NumericNormaliser;
import io.longitude.models.data.TargetRates;
import io.longitude.models.data.VisitSequenceExample;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * What the train job learns from the training split before its first epoch, in one distributed pass: the
 * numeric features' normaliser, the training-data hash a resumed run must match and, for next-visit-dx, the
 * target codes' rates ({@link NumericMoments}, {@link DataFingerprint}, {@link TargetRates}: the same
 * definitions the single-JVM trainer uses). Each partition is summarised where it lives; one summary per
 * partition reaches the driver, merged in partition order, so the same split always gives the same bits.
 */
final class TrainingSplitStatistics {

    private final NumericNormaliser normaliser;
    private final String trainingDataHash;
    private final TargetRates targetRates;

    private TrainingSplitStatistics(PartitionSummary merged, FeatureLayout layout) {
        this.normaliser = merged.moments.normaliser();
        this.trainingDataHash = merged.fingerprint.withVocabularies(layout);
        this.targetRates = merged.targetRates;
    }

    static TrainingSplitStatistics of(Dataset<CohortSample> train, FeatureLayout layout, int maxVisits) {
        int width = layout.numericCount();
        int targetCodes = layout.targetVocabularySize();
        List<PartitionSummary> partitions = train.toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<CohortSample>, PartitionSummary>) samples -> {
                    PartitionSummary summary = new PartitionSummary(width, targetCodes, maxVisits);
                    samples.forEachRemaining(s -> summary.add(CohortExamples.toExample(s)));
                    return List.of(summary).iterator();
                })
                .collect();
        PartitionSummary merged = new PartitionSummary(width, targetCodes, maxVisits);
        partitions.forEach(merged::merge);
        return new TrainingSplitStatistics(merged, layout);
    }

    NumericNormaliser normaliser() {
        return normaliser;
    }

    /** The training split's fingerprint with its vocabularies ({@link DataFingerprint#withVocabularies}). */
    String trainingDataHash() {
        return trainingDataHash;
    }

    /** next-visit-dx: the target codes' rates over the training next visits; null for a binary task. */
    TargetRates targetRates() {
        return targetRates;
    }

    /** A partition's statistics; a class, not a record: Spark's Kryo cannot serialise records. */
    private static final class PartitionSummary implements Serializable {
        private static final long serialVersionUID = 1L;

        private final NumericMoments moments;
        private final DataFingerprint fingerprint = new DataFingerprint();
        private final TargetRates targetRates;

        PartitionSummary(int width, int targetCodes, int maxVisits) {
            this.moments = new NumericMoments(width);
            this.targetRates = targetCodes > 0 ? new TargetRates(targetCodes, maxVisits) : null;
        }

        void add(VisitSequenceExample example) {
            moments.add(example);
            fingerprint.add(example);
            if (targetRates != null) {
                targetRates.add(example);
            }
        }

        void merge(PartitionSummary other) {
            moments.merge(other.moments);
            fingerprint.merge(other.fingerprint);
            if (targetRates != null) {
                targetRates.merge(other.targetRates);
            }
        }
    }
}
