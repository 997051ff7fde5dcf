package io.longitude.jobs.ingest;

import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code codes} table: the most frequent display of each coding, from hand-made sightings and from ingest. */
@ExtendWith(LocalSpark.class)
class CodeDisplaysTest {

    @Test
    void aCodeGetsItsMostFrequentDisplayAndATieTheDisplayThatSortsFirst(SparkSession spark) {
        List<Row> seen = List.of(
                RowFactory.create("http://loinc.org", "8867-4", "Heart rate"),
                RowFactory.create("http://loinc.org", "8867-4", "Pulse"),
                RowFactory.create("http://loinc.org", "8867-4", "Heart rate"),
                RowFactory.create("http://snomed.info/sct", "1", "b"),
                RowFactory.create("http://snomed.info/sct", "1", "a"),
                RowFactory.create(null, "1", "without system"),
                RowFactory.create("http://snomed.info/sct", "2", null));
        Map<String, String> displays = new TreeMap<>();
        for (Row r : CodeDisplays.mostFrequent(spark.createDataFrame(seen, CodeDisplays.CODING)).collectAsList()) {
            displays.put(r.getString(0) + "|" + r.getString(1), r.getString(2));
        }
        assertEquals(Map.of("http://loinc.org|8867-4", "Heart rate", "http://snomed.info/sct|1", "a",
                "null|1", "without system"), displays);
    }

    @Test
    void ingestCountsTheDisplaysOfTheCurrentRecords(SparkSession spark, @TempDir Path tmp) throws IOException {
        Path input = TestData.firstSharedBundles(3, tmp.resolve("input"));
        Path warehouse = tmp.resolve("warehouse");
        new IngestJob(IngestConfig.from(LongitudeConfigLoader.load(null, List.of()), List.of(input.toString()),
                warehouse.toString())).run(spark);
        Map<String, String> displays = new TreeMap<>();
        for (Row r : spark.read().parquet(new Warehouse(warehouse.toString()).table(Warehouse.CODES)).collectAsList()) {
            displays.put(r.getAs("codeSystem") + "|" + r.getAs("code"), r.getAs("display"));
        }
        assertEquals("Body Height", displays.get("http://loinc.org|8302-2"));
        // Seen twice as "Emergency room admission (procedure)" and once as "Emergency Room Admission" in these bundles.
        assertEquals("Emergency room admission (procedure)", displays.get("http://snomed.info/sct|50849002"));
    }
}
