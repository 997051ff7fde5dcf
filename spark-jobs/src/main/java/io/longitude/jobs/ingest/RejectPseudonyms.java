package io.longitude.jobs.ingest;

import io.longitude.fhir.Pseudonymiser;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * The {@code rejects} table as published: the input file is named by its key ({@link Pseudonymiser#fileKey},
 * resolved through {@code identity_source_files}) and the rejected resource by the key of {@code Type/id}
 * (the same key {@code identity} uses for patients and encounters), because file names and source ids
 * identify patients. Location, type, reason and message are kept: with the file found through the identity
 * side, location points at the entry or line.
 */
final class RejectPseudonyms {

    private RejectPseudonyms() {
    }

    static Dataset<Row> apply(Dataset<Row> rejects, Pseudonymiser pseudonymiser) {
        UserDefinedFunction fileKey = udf((UDF1<String, String>) path -> path == null ? null : pseudonymiser.fileKey(path),
                DataTypes.StringType);
        UserDefinedFunction resourceKey = udf((UDF2<String, String, String>) (type, id) ->
                type == null || id == null ? null : pseudonymiser.key(type + "/" + id), DataTypes.StringType);
        return rejects.select(fileKey.apply(col("sourceFile")).as("sourceFileKey"), col("location"),
                col("resourceType"), resourceKey.apply(col("resourceType"), col("resourceId")).as("resourceKey"),
                col("reason"), col("message"));
    }
}
