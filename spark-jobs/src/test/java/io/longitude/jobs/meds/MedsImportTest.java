package io.longitude.jobs.meds;

import com.typesafe.config.Config;
import io.longitude.config.BadInputException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.fhir.Visit;
import io.longitude.fhir.VisitEvent;
import io.longitude.fhir.VisitSequence;
import io.longitude.jobs.ingest.IngestConfig;
import io.longitude.jobs.ingest.IngestJob;
import io.longitude.jobs.ingest.MedsIngestJob;
import io.longitude.jobs.ingest.MedsIngestSummary;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.jobs.testing.TestData;
import io.longitude.meds.MedsCodes;
import io.longitude.meds.MedsImport;
import io.longitude.meds.MedsLayout;
import io.longitude.meds.MedsSchema;
import io.longitude.meds.MedsSubjects;
import io.longitude.warehouse.Warehouse;
import org.apache.spark.sql.Encoders;
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
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ingest --input-format meds}: a MEDS export of shared Synthea bundles read back gives the visit sequences
 * the FHIR ingest built, and foreign MEDS data (MIMIC-style codes, no encounter rows, malformed rows) is kept or
 * rejected with a reason, never dropped or crashed on.
 */
@ExtendWith(LocalSpark.class)
class MedsImportTest {

    private static final int FIRST_BUNDLES = 4;
    /** A shared bundle with inpatient stays and discharge dispositions. */
    private static final String INPATIENT = "Austin_Franecki_f23eef30";

    @Test
    void anExportReadBackGivesTheSameVisitSequences(SparkSession spark, @TempDir Path tmp) throws Exception {
        Path input = TestData.firstSharedBundles(FIRST_BUNDLES, tmp.resolve("input"));
        try (Stream<Path> shared = Files.list(TestData.sharedSyntheaBundles())) {
            Path bundle = shared.filter(b -> b.getFileName().toString().startsWith(INPATIENT)).findFirst().orElseThrow();
            Files.copy(bundle, input.resolve(bundle.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Config config = LongitudeConfigLoader.load(null, List.of());
        String original = tmp.resolve("warehouse").toString();
        String out = tmp.resolve("meds").toString();
        String reimported = tmp.resolve("reimported").toString();
        new IngestJob(IngestConfig.from(config, List.of(input.toString()), original)).run(spark);
        new MedsExportJob(MedsExportConfig.from(config, original, out, List.of())).run(spark);

        MedsIngestSummary summary = new MedsIngestJob(IngestConfig.from(config, List.of(out), reimported)).run(spark);

        assertEquals(summary.rowsRead(), summary.rowsAccepted() + summary.rowsRejected(), summary.toJson());
        assertEquals(0, summary.rowsRejected(), summary.toJson());
        assertEquals(0, summary.patientsWithDayVisits(), summary.toJson());
        Map<Long, String> expected = new TreeMap<>();
        for (VisitSequence s : sequences(spark, original)) {
            expected.put(MedsSubjects.subjectId(s.getPatientKey()), canonical(s));
        }
        MedsImport keys = new MedsImport(IngestConfig.from(config, List.of(out), reimported).mode()
                .pseudonymiser(System::getenv), null);
        Map<String, Long> subjectOfKey = new TreeMap<>();
        for (long subject : expected.keySet()) {
            subjectOfKey.put(keys.patientKey(subject), subject);
        }
        Map<Long, String> actual = new TreeMap<>();
        for (VisitSequence s : sequences(spark, reimported)) {
            actual.put(subjectOfKey.get(s.getPatientKey()), canonical(s));
        }
        assertEquals(FIRST_BUNDLES + 1, expected.size());
        assertEquals(expected.keySet(), actual.keySet());
        for (long subject : expected.keySet()) {
            assertEquals(expected.get(subject), actual.get(subject), "subject " + subject);
        }

        BadInputException refused = assertThrows(BadInputException.class, () -> new MedsIngestJob(
                IngestConfig.from(config, List.of(out), original)).run(spark));
        assertTrue(refused.getMessage().contains("holds a FHIR ingest"), refused.getMessage());
    }

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
        Row deceased = spark.read().parquet(tables.table(Warehouse.PATIENTS)).filter(col("deceased")).first();
        assertEquals(java.sql.Timestamp.valueOf("2021-03-03 12:00:00").toInstant(),
                ((java.sql.Timestamp) deceased.getAs("deathTime")).toInstant());
    }

    private static Row row(Long subject, String time, String code, Float number, String text) {
        return RowFactory.create(subject, time == null ? null : LocalDateTime.parse(time), code, number, text);
    }

    private static List<VisitSequence> sequences(SparkSession spark, String warehouse) {
        return spark.read().parquet(new Warehouse(warehouse).table(Warehouse.VISIT_SEQUENCES))
                .as(Encoders.bean(VisitSequence.class)).collectAsList();
    }

    /**
     * What a MEDS export carries of a visit sequence, keys aside: the patient's birth, gender and death, each visit's
     * times, class, type and reason codes, disposition and events (time, coding, value as float32, unit, coded value),
     * and the events on no visit. Not carried: encounter status and class system, event kinds and end times.
     */
    private static String canonical(VisitSequence s) {
        List<String> visits = new ArrayList<>();
        for (Visit v : s.getVisits()) {
            visits.add(String.join(" ", String.valueOf(v.getStart()), String.valueOf(v.getEnd()),
                    String.valueOf(v.getClassCode()), v.getTypeCodes().stream().sorted().toList().toString(),
                    v.getReasonCodes().stream().sorted().toList().toString(), String.valueOf(v.getDischargeDisposition()),
                    events(v.getEvents())));
        }
        visits.sort(null);
        boolean died = Boolean.TRUE.equals(s.getDeceased()) || s.getDeathTime() != null;
        return String.join("\n", "born " + s.getBirthDate() + " " + s.getGender() + " died " + died + " " + s.getDeathTime(),
                String.join("\n", visits), "without visit " + events(s.getEventsWithoutVisit()));
    }

    private static String events(List<VisitEvent> events) {
        return events.stream().map(e -> String.join("|", String.valueOf(e.getTime()), String.valueOf(e.getCodeSystem()),
                        String.valueOf(e.getCode()), String.valueOf(e.getValue() == null ? null : (float) (double) e.getValue()),
                        String.valueOf(e.getUnit()), String.valueOf(e.getValueCode())))
                .sorted().toList().toString();
    }
}
