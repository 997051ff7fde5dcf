package io.longitude.meds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * {@code metadata/dataset.json} (MEDS {@code DatasetMetadataSchema}): what the dataset is and which ETL made it.
 * {@code unit} is declared a code modifier column, as the standard's own example of one, and {@code visit_index}
 * and {@code event_kind} extension columns.
 */
public final class MedsDatasetMetadata {

    public static final String ETL_NAME = "Longitude";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MedsDatasetMetadata() {
    }

    /** {@code datasetVersion} is left out when null; {@code createdAt} is written as ISO 8601 in UTC. */
    public static String json(String datasetName, String datasetVersion, String etlVersion, Instant createdAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dataset_name", datasetName);
        if (datasetVersion != null) {
            node.put("dataset_version", datasetVersion);
        }
        node.put("etl_name", ETL_NAME);
        node.put("etl_version", etlVersion);
        node.put("meds_version", MedsSchema.MEDS_VERSION);
        node.put("created_at", createdAt.toString());
        node.putArray("code_modifier_columns").add(MedsSchema.UNIT);
        node.putArray("other_extension_columns").add(MedsSchema.VISIT_INDEX).add(MedsSchema.EVENT_KIND);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a dataset.json was written by Longitude (so that a new export may replace its folder). */
    public static boolean writtenByLongitude(String json) {
        try {
            return ETL_NAME.equals(JSON.readTree(json).path("etl_name").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
