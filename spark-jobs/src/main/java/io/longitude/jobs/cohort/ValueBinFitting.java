package io.longitude.jobs.cohort;

import io.longitude.cohort.ObservedValue;
import io.longitude.cohort.ValueBins;
import io.longitude.cohort.ValueKey;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
 * Fits {@link ValueBins} on the training split's numeric values where they live, after unit conversion
 * ({@link io.longitude.cohort.UnitConversions}): one aggregation per (code, unit) gives its count, approximate
 * quantiles and median (Spark's {@code percentile_approx}, relative error 1/10,000); only the most frequent pairs'
 * quantiles (and the medians of the last-value pairs, the most frequent of those), the codes left in several units
 * and the counts per recorded unit reach the driver, never a value. A code recorded in several units is logged once,
 * with its count per recorded unit and the unit or units it is binned in.
 */
final class ValueBinFitting {

    private static final Logger LOG = LoggerFactory.getLogger(ValueBinFitting.class);
    private static final int ACCURACY = 10_000;

    private ValueBinFitting() {
    }

    static ValueBins fit(Dataset<ObservedValue> trainingValues, int bins, int numericCodes, int lastValueCodes,
                         String task) {
        Column[] levels = Arrays.stream(ValueBins.probabilities(bins)).mapToObj(p -> lit(p)).toArray(Column[]::new);
        Dataset<ObservedValue> values = trainingValues.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> perKey = values.groupBy(col("code"), col("unit"))
                .agg(count(lit(1)).as("count"),
                        percentile_approx(col("value"), array(levels), lit(ACCURACY)).as("quantiles"),
                        percentile_approx(col("value"), lit(0.5), lit(ACCURACY)).as("median"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<ValueKey, double[]> kept = new HashMap<>();
        List<ValueKey> lastValueKeys = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        for (Row r : perKey.orderBy(col("count").desc(), col("code"), col("unit")).limit(numericCodes)
                .collectAsList()) {
            ValueKey key = new ValueKey(r.getString(0), r.getString(1));
            List<Double> q = r.getList(3);
            kept.put(key, q.stream().mapToDouble(Double::doubleValue).toArray());
            if (lastValueKeys.size() < lastValueCodes) {
                lastValueKeys.add(key);
                medians.add(r.getDouble(4));
            }
        }
        Set<String> severalUnits = new TreeSet<>(perKey.groupBy(col("code"))
                .agg(countDistinct(col("unit")).as("units")).filter(col("units").gt(1)).select("code")
                .as(Encoders.STRING()).collectAsList());
        perKey.unpersist();
        Set<String> keptCodes = kept.keySet().stream().map(ValueKey::code)
                .collect(Collectors.toCollection(TreeSet::new));
        logRecordedUnits(values, keptCodes, task);
        values.unpersist();
        LOG.info("cohort {}: values binned in {} quantile bins for {} (code, unit) pairs of {} codes; last value as a "
                + "numeric feature: {} pairs", task, bins, kept.size(), keptCodes.size(), lastValueKeys.size());
        return ValueBins.fitted(kept, severalUnits).withLastValues(lastValueKeys,
                medians.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * One line per binned code recorded in several units: each unit it is binned in, with the recorded units
     * converted into it and their counts ("mg/dL (g/L 30, mg/dL 120)": one set of bins; two such groups: per unit).
     */
    private static void logRecordedUnits(Dataset<ObservedValue> values, Set<String> keptCodes, String task) {
        Dataset<Row> recorded = values.groupBy(col("code"), col("unit"), col("sourceUnit"))
                .agg(count(lit(1)).as("count"));
        Dataset<Row> codes = recorded.groupBy(col("code")).agg(countDistinct(col("sourceUnit")).as("units"))
                .filter(col("units").gt(1)).select("code");
        Map<String, Map<String, Map<String, Long>>> byCode = new TreeMap<>();
        for (Row r : recorded.join(codes, "code").select("code", "unit", "sourceUnit", "count").collectAsList()) {
            byCode.computeIfAbsent(r.getString(0), c -> new TreeMap<>())
                    .computeIfAbsent(r.getString(1), u -> new TreeMap<>()).put(r.getString(2), r.getLong(3));
        }
        byCode.forEach((code, units) -> {
            if (keptCodes.contains(code)) {
                LOG.info("cohort {}: values of {} come in {} recorded units, binned {}: {}", task, code,
                        units.values().stream().mapToInt(Map::size).sum(),
                        units.size() == 1 ? "in one unit after conversion" : "per unit (" + units.size()
                                + " units that do not convert into each other)",
                        units.entrySet().stream().map(e -> unit(e.getKey()) + " (" + e.getValue().entrySet().stream()
                                        .map(s -> unit(s.getKey()) + " " + s.getValue())
                                        .collect(Collectors.joining(", ")) + ")")
                                .collect(Collectors.joining("; ")));
            }
        });
    }

    private static String unit(String unit) {
        return unit.isEmpty() ? "none" : unit;
    }
}
