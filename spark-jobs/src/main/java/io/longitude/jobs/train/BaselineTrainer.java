package io.longitude.jobs.train;

import io.longitude.cohort.CohortSample;
import io.longitude.cohort.SampleVisit;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.TreeMap;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

/**
 * The baseline trained beside every network: L2-regularised logistic regression (Spark MLlib) on the
 * same inputs flattened — each vocabulary code's count over the sample's visits, plus the numeric
 * features of the last visit — fitted on the same training split.
 */
final class BaselineTrainer {

    static final String NAME = "baseline-logreg";

    private static final StructType FEATURES = new StructType()
            .add("sampleId", DataTypes.StringType, false)
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private final double regParam;
    private final int maxIter;
    private final int vocabularySize;

    BaselineTrainer(double regParam, int maxIter, int vocabularySize) {
        this.regParam = regParam;
        this.maxIter = maxIter;
        this.vocabularySize = vocabularySize;
    }

    LogisticRegressionModel fit(Dataset<CohortSample> train) {
        return new LogisticRegression().setRegParam(regParam).setElasticNetParam(0.0).setMaxIter(maxIter)
                .setStandardization(true).fit(features(train));
    }

    /** (sampleId, score) for every sample, score = P(label = 1). */
    Dataset<Row> score(LogisticRegressionModel model, Dataset<CohortSample> samples) {
        return model.transform(features(samples))
                .select(col("sampleId"), element_at(vector_to_array(col("probability"), "float64"), 2).as("score"));
    }

    private Dataset<Row> features(Dataset<CohortSample> samples) {
        int vocabulary = vocabularySize;
        return samples.map((MapFunction<CohortSample, Row>) s -> {
            TreeMap<Integer, Double> counts = new TreeMap<>();
            List<SampleVisit> visits = s.getVisits();
            for (SampleVisit visit : visits) {
                for (Integer code : visit.getCodes()) {
                    counts.merge(code, 1.0, Double::sum);
                }
            }
            List<Float> last = visits.isEmpty() ? List.of() : visits.get(visits.size() - 1).getNumeric();
            int size = vocabulary + last.size();
            int[] indices = new int[counts.size() + last.size()];
            double[] values = new double[indices.length];
            int i = 0;
            for (var entry : counts.entrySet()) {
                indices[i] = entry.getKey();
                values[i++] = entry.getValue();
            }
            for (int f = 0; f < last.size(); f++) {
                indices[i] = vocabulary + f;
                values[i++] = last.get(f);
            }
            double label = s.getLabel() != null && s.getLabel() == 1 ? 1.0 : 0.0;
            return RowFactory.create(s.getSampleId(), label, Vectors.sparse(size, indices, values));
        }, Encoders.row(FEATURES));
    }
}
