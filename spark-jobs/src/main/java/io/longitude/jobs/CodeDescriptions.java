package io.longitude.jobs;

import io.longitude.explain.TokenCoding;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

/**
 * The descriptions of a model's vocabulary tokens: each token's coding ({@link TokenCoding}) joined in Spark with
 * the warehouse's {@code codes} table; what comes back is one row per vocabulary token that has a display (a
 * vocabulary is small by construction), never a row per event. A coding with several displays takes the first in
 * sort order; a warehouse without a {@code codes} table gives none.
 */
public final class CodeDescriptions {

    private static final StructType TOKENS = new StructType()
            .add("token", DataTypes.StringType, false)
            .add("codeSystem", DataTypes.StringType, true)
            .add("code", DataTypes.StringType, false);

    private CodeDescriptions() {
    }

    public static Map<String, String> of(SparkSession spark, Warehouse warehouse, List<String> tokens) {
        String path = warehouse.table(Warehouse.CODES);
        try {
            if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), path)) {
                return Map.of();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + path, e);
        }
        List<Row> rows = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            TokenCoding coding = TokenCoding.of(token);
            rows.add(RowFactory.create(token, coding.system(), coding.code()));
        }
        Dataset<Row> vocabulary = spark.createDataFrame(rows, TOKENS);
        Dataset<Row> codes = spark.read().parquet(path).filter(col("display").isNotNull());
        Dataset<Row> described = vocabulary.join(codes, vocabulary.col("codeSystem").eqNullSafe(codes.col("codeSystem"))
                        .and(vocabulary.col("code").equalTo(codes.col("code"))))
                .groupBy(col("token")).agg(min(col("display")).as("display"));
        Map<String, String> out = new HashMap<>();
        for (Row r : described.collectAsList()) {
            out.put(r.getString(0), r.getString(1));
        }
        return out;
    }
}
