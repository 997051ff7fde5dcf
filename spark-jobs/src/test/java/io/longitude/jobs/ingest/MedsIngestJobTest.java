package io.longitude.jobs.ingest;

import com.typesafe.config.Config;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.meds.MedsCodes;
import io.longitude.meds.MedsLayout;
import io.longitude.meds.MedsSchema;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ingest --input-format meds} of MEDS data Longitude did not write (MIMIC-style codes, no encounter rows,
 * malformed rows): kept or rejected with a reason, never dropped or crashed on. The round trip of Longitude's own
 * export is in {@code MedsExportTest}.
 */
@ExtendWith(LocalSpark.class)
class MedsIngestJobTest {

    @Test
    void foreignCodesAreKeptAndMalformedRowsRejected(SparkSession spark, @TempDir Path tmp) throws Exception {
        MedsLayout layout = new MedsLayout(tmp.resolve("mimic-like").toString());
        StructType schema = new StructType().add(MedsSchema.SUBJECT_ID, DataTypes.LongType)
                .add(MedsSchema.TIME, DataTypes.TimestampNTZType).add(MedsSchema.CODE, DataTypes.StringType)
                .add(MedsSchema.NUMERIC_VALUE, DataTypes.FloatType).add(MedsSchema.TEXT_VALUE, DataTypes.StringType);
        List<Row> rows = List.of(
                // Subject 1: no encounter rows, so one visit per calendar day.
                row(1L, null, "GENDER//F", null, null),
                row(1L, "1950-02-03T00:00", "MEDS_BIRTH", null, null),
                row(1L, "2020-01-01T10:00", "LAB//50912//mg/dL", 1.25f, null),
                row(1L, "2020-01-01T11:30", "DIAGNOSIS//ICD//10//I10", null, null),
                row(1L, "2020-01-02T09:00", "LAB//51237", null, "positive"),
                row(1L, null, "RACE//WHITE", null, null),
                // Subject 2: an inpatient stay with its codes, and an END that closes nothing.
                row(2L, "1960-05-06T00:00", "MEDS_BIRTH", null, null),
                row(2L, "2021-03-01T08:00", "ENCOUNTER//IMP//START", null, null),
                row(2L, "2021-03-01T08:00", "ENCOUNTER_TYPE//SNOMED//183452005", null, null),
                row(2L, "2021-03-01T09:00", "LOINC//2160-0", 1.7f, null),
                row(2L, "2021-03-03T12:00", "ENCOUNTER//IMP//END", null, null),
                row(2L, "2021-03-03T12:00", "DISCHARGE_DISPOSITION//NUBC//20", null, null),
                row(2L, "2021-03-03T12:00", "MEDS_DEATH", null, null),
                row(2L, "2021-04-01T00:00", "ENCOUNTER//AMB//END", null, null),
                row(2L, "2021-03-02T00:00", null, null, null),
                row(null, "2021-03-02T00:00", "LOINC//2160-0", 1.0f, null));
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(layout.data("train"));
        spark.createDataFrame(List.of(RowFactory.create("LAB//50912//mg/dL", "Creatinine (mg/dL)"),
                        RowFactory.create("ENCOUNTER_TYPE//SNOMED//183452005", "Emergency hospital admission"),
                        RowFactory.create("SNOMED//183452005", "Emergency hospital admission (procedure)"),
                        RowFactory.create("DISCHARGE_DISPOSITION//NUBC//20", null),
                        RowFactory.create("MEDS_BIRTH", "Birth"), RowFactory.create("MEDICATION_REQUEST//UNCODED", "no coding")),
                new StructType().add(MedsSchema.CODE, DataTypes.StringType).add(MedsSchema.DESCRIPTION, DataTypes.StringType))
                .coalesce(1).write().parquet(layout.codes());
        String warehouse = tmp.resolve("warehouse").toString();
        Config config = LongitudeConfigLoader.load(null, List.of());

        MedsIngestSummary summary = new MedsIngestJob(IngestConfig.from(config, List.of(layout.root()), warehouse))
                .run(spark);

        assertEquals(rows.size(), summary.rowsRead(), summary.toJson());
        assertEquals(rows.size() - 4, summary.rowsAccepted(), summary.toJson());
        assertEquals(Map.of("MISSING_SUBJECT", 1L, "PARSE_ERROR", 1L, "MISSING_DATE", 1L, "IMPOSSIBLE_DATE", 1L),
                summary.rejectsByReason(), summary.toJson());
        assertEquals(2, summary.patients());
        assertEquals(1, summary.patientsWithDayVisits());
        Warehouse tables = new Warehouse(warehouse);
        List<Row> rejects = spark.read().parquet(tables.table(Warehouse.REJECTS)).collectAsList();
        assertFalse(rejects.stream().anyMatch(r -> r.toString().contains("mimic-like") || r.toString().contains("MedsSubject/")),
                "rejects name files and subjects by keys only: " + rejects);

        Map<String, String> kinds = spark.read().parquet(tables.table(Warehouse.EVENTS))
                .filter(col("codeSystem").equalTo(MedsCodes.MEDS_CODE_SYSTEM)).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.<String>getAs("code"), r -> r.<String>getAs("kind")));
        assertEquals(Map.of("LAB//50912//mg/dL", "observation", "DIAGNOSIS//ICD//10//I10", "condition",
                "LAB//51237", "observation"), kinds);
        List<Row> encounters = spark.read().parquet(tables.table(Warehouse.ENCOUNTERS))
                .orderBy("start").collectAsList();
        assertEquals(3, encounters.size(), encounters.toString());
        Row stay = encounters.get(2);
        assertEquals("IMP", stay.getAs("classCode"));
        assertEquals(List.of("http://snomed.info/sct|183452005"), stay.getList(stay.fieldIndex("typeCodes")));
        assertEquals("http://www.nubc.org/patient-discharge|20", stay.getAs("dischargeDisposition"));
        assertEquals(1, (int) stay.getAs("eventCount"));
        assertEquals(List.of(2, 1), encounters.subList(0, 2).stream().map(r -> (int) r.getAs("eventCount")).toList(),
                "subject 1's events on two calendar days");
        Map<String, String> displays = spark.read().parquet(tables.table(Warehouse.CODES)).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("codeSystem") + "|" + r.getAs("code"), r -> r.<String>getAs("display")));
        assertEquals(Map.of(MedsCodes.MEDS_CODE_SYSTEM + "|LAB//50912//mg/dL", "Creatinine (mg/dL)",
                        "http://snomed.info/sct|183452005", "Emergency hospital admission"), displays,
                "codes.parquet's descriptions of codings (a tie goes to the one that sorts first), not of Longitude's own codes");
        Files.createDirectories(tmp.resolve("empty/data/train"));
        BadInputException empty = assertThrows(BadInputException.class, () -> new MedsIngestJob(IngestConfig.from(config,
                List.of(tmp.resolve("empty").toString()), tmp.resolve("empty-warehouse").toString())).run(spark));
        assertTrue(empty.getMessage().contains("no readable MEDS data files"), empty.getMessage());

        Row deceased = spark.read().parquet(tables.table(Warehouse.PATIENTS)).filter(col("deceased")).first();
        assertEquals(java.sql.Timestamp.valueOf("2021-03-03 12:00:00").toInstant(),
                ((java.sql.Timestamp) deceased.getAs("deathTime")).toInstant());
    }

    private static Row row(Long subject, String time, String code, Float number, String text) {
        return RowFactory.create(subject, time == null ? null : LocalDateTime.parse(time), code, number, text);
    }
}
