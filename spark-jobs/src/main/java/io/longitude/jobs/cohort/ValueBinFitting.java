package io.longitude.jobs.cohort;

import io.longitude.cohort.ObservedValue;
import io.longitude.cohort.ValueBins;
import io.longitude.cohort.ValueKey;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;

/**
 * Fits {@link ValueBins} on the training split's numeric values where they live: one aggregation per (code, unit)
 * gives its count and approximate quantiles (Spark's {@code percentile_approx}, relative error 1/10,000); only the
 * most frequent pairs' quantiles and the codes seen in several units reach the driver, never a value. A code seen
 * in several units is logged once, with its count per unit, and binned per unit.
 */
final class ValueBinFitting {

    private static final Logger LOG = LoggerFactory.getLogger(ValueBinFitting.class);
    private static final int ACCURACY = 10_000;

    private ValueBinFitting() {
    }

    static ValueBins fit(Dataset<ObservedValue> trainingValues, int bins, int numericCodes, String task) {
        Column[] levels = Arrays.stream(ValueBins.probabilities(bins)).mapToObj(p -> lit(p)).toArray(Column[]::new);
        Dataset<Row> perKey = trainingValues.groupBy(col("code"), col("unit"))
                .agg(count(lit(1)).as("count"),
                        percentile_approx(col("value"), array(levels), lit(ACCURACY))
                                .as("quantiles"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<ValueKey, double[]> kept = new HashMap<>();
        for (Row r : perKey.orderBy(col("count").desc(), col("code"), col("unit")).limit(numericCodes)
                .collectAsList()) {
            List<Double> q = r.getList(3);
            kept.put(new ValueKey(r.getString(0), r.getString(1)), q.stream().mapToDouble(Double::doubleValue).toArray());
        }
        Dataset<Row> severalUnits = perKey.groupBy(col("code")).agg(countDistinct(col("unit")).as("units"))
                .filter(col("units").gt(1)).select("code");
        Map<String, Map<String, Long>> unitCounts = new TreeMap<>();
        for (Row r : perKey.join(severalUnits, "code").select("code", "unit", "count").collectAsList()) {
            unitCounts.computeIfAbsent(r.getString(0), c -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
        }
        perKey.unpersist();
        Set<String> keptCodes = kept.keySet().stream().map(ValueKey::code).collect(Collectors.toCollection(TreeSet::new));
        unitCounts.forEach((code, units) -> {
            if (keptCodes.contains(code)) {
                LOG.info("cohort {}: values of {} come in {} units, binned per unit (training values: {})", task, code,
                        units.size(), units.entrySet().stream().map(e -> (e.getKey().isEmpty() ? "none" : e.getKey())
                                + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
        });
        LOG.info("cohort {}: values binned in {} quantile bins for {} (code, unit) pairs of {} codes", task, bins,
                kept.size(), keptCodes.size());
        return ValueBins.fitted(kept, unitCounts.keySet());
    }
}
