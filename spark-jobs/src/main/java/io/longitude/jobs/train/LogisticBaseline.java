package io.longitude.jobs.train;

import io.longitude.jobs.CohortExamples;
import io.longitude.cohort.CohortSample;
import io.longitude.models.baseline.BagOfCodes;
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

import static io.longitude.models.registry.PredictionTable.SAMPLE_ID;
import static io.longitude.models.registry.PredictionTable.SCORE;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

/**
 * The baseline trained beside every binary network: L2-regularised logistic regression (Spark MLlib) on the
 * same inputs flattened ({@link BagOfCodes}), fitted on the same training split.
 */
final class LogisticBaseline {

    private static final StructType FEATURES = new StructType()
            .add("sampleId", DataTypes.StringType, false)
            .add("label", DataTypes.DoubleType, false)
            .add("features", SQLDataTypes.VectorType(), false);

    private final double regParam;
    private final int maxIter;
    private final int vocabularySize;

    LogisticBaseline(double regParam, int maxIter, int vocabularySize) {
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
        return model.transform(features(samples)).select(col("sampleId").as(SAMPLE_ID),
                element_at(vector_to_array(col("probability"), "float64"), 2).as(SCORE));
    }

    private Dataset<Row> features(Dataset<CohortSample> samples) {
        int vocabulary = vocabularySize;
        return samples.map((MapFunction<CohortSample, Row>) s -> {
            BagOfCodes bag = BagOfCodes.of(CohortExamples.toExample(s), vocabulary);
            double label = s.getLabel() != null && s.getLabel() == 1 ? 1.0 : 0.0;
            return RowFactory.create(s.getSampleId(), label, Vectors.sparse(bag.size(), bag.indices(), bag.values()));
        }, Encoders.row(FEATURES));
    }
}
