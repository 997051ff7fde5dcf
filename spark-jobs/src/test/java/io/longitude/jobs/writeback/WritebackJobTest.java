package io.longitude.jobs.writeback;

import ca.uhn.fhir.parser.IParser;
import io.longitude.cohort.OutcomeCode;
import io.longitude.cohort.TaskFiles;
import io.longitude.config.BadInputException;
import io.longitude.config.InvalidConfigException;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.fhir.FhirContexts;
import io.longitude.jobs.evaluate.PredictionFixture;
import io.longitude.jobs.testing.CapturedLog;
import io.longitude.jobs.testing.LocalSpark;
import io.longitude.warehouse.Warehouse;
import io.longitude.writeback.BearerToken;
import io.longitude.writeback.HapiFhirTestServer;
import io.longitude.writeback.RiskAssessmentBuilder;
import io.longitude.writeback.RiskProbability;
import io.longitude.writeback.ScoredEvent;
import io.longitude.writeback.WritebackSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class WritebackJobTest {

    private static final String MORTALITY = "mortality-inhospital";
    private static final String VERSION = "v20260130T020000Z";
    private static final Instant AS_OF = Instant.parse("2026-01-31T02:00:00Z");
    private static final String TOKEN = "tok-" + UUID.randomUUID();

    private static WritebackConfig config(Path warehouse, String task, String model, WritebackSource source,
                                          Instant asOf, HapiFhirTestServer server) {
        return WritebackConfig.from(LongitudeConfigLoader.load(null, List.of("writeback.batch-size=4",
                        "writeback.retry-backoff=10ms")), warehouse.toString(), TaskFiles.load(task, List.of()), model,
                source, asOf, server == null ? null : server.base().toString(),
                Map.of(BearerToken.ENVIRONMENT_VARIABLE, TOKEN));
    }

    @Test
    void everyScoredEventBecomesOneValidRiskAssessmentOnTheServerAndARerunUpdatesIt(SparkSession spark,
                                                                                   @TempDir Path warehouse) throws Exception {
        List<ScoresFixture.Scored> scored = ScoresFixture.binary(MORTALITY, "gru", VERSION, AS_OF, 23, 5);
        ScoresFixture.write(spark, warehouse, AS_OF, scored);
        OutcomeCode death = TaskFiles.load(MORTALITY, List.of()).outcome();
        try (HapiFhirTestServer server = new HapiFhirTestServer(TOKEN);
             CapturedLog log = new CapturedLog(List.of("io.longitude", "ca.uhn.fhir"))) {
            server.answerNext(429, 503);
            WritebackConfig config = config(warehouse, MORTALITY, "gru", WritebackSource.SCORES, null, server);

            WritebackSummary first = new WritebackJob(config).run(spark);

            assertEquals(new WritebackSummary.Server(23, 23, 0, 0), first.server());
            assertEquals(AS_OF, first.asOf());
            assertEquals(List.of(VERSION), first.modelVersions());
            assertTrue(first.complete());
            assertEquals(List.of(429, 503), server.answeredByTheGate(), "a 429 and a 503 were answered, then retried");
            List<RiskAssessment> held = server.riskAssessments();
            assertEquals(23, held.size(), "one RiskAssessment per scored event");
            Map<String, RiskAssessment> kept = warehouseCopies(Path.of(first.ndjsonPath()));
            Map<String, ScoresFixture.Scored> byPatientKey = scored.stream()
                    .collect(Collectors.toMap(s -> s.event().patientKey(), Function.identity()));
            // Every one was validated on receipt (HapiFhirTestServer refuses an invalid resource with 422).
            for (RiskAssessment risk : held) {
                RiskAssessment keptCopy = kept.get(risk.getIdentifierFirstRep().getValue());
                ScoresFixture.Scored s = byPatientKey.get(keptCopy.getSubject().getIdentifier().getValue());
                ScoredEvent e = s.event();
                assertEquals(s.patientRef(), risk.getSubject().getReference());
                assertEquals(s.encounterRef(), risk.getEncounter().getReference());
                assertEquals(e.encounterKey() == null ? 0 : 1, risk.getBasis().size());
                assertEquals(e.predictionTime(), risk.getOccurrenceDateTimeType().getValue().toInstant());
                RiskAssessment.RiskAssessmentPredictionComponent prediction = risk.getPredictionFirstRep();
                assertEquals(death.code(), prediction.getOutcome().getCodingFirstRep().getCode());
                assertEquals(e.probability(), prediction.getProbabilityDecimalType().getValue().doubleValue(), 5e-7);
                assertEquals(e.riskBand(), prediction.getQualitativeRisk().getCodingFirstRep().getCode());
                assertEquals(RiskProbability.SYSTEM, prediction.getQualitativeRisk().getCodingFirstRep().getSystem());
                assertEquals("gru/" + VERSION, risk.getMethod().getCodingFirstRep().getCode());
                assertEquals(RiskAssessment.RiskAssessmentStatus.FINAL, risk.getStatus());
            }

            WritebackSummary second = new WritebackJob(config).run(spark);

            assertEquals(new WritebackSummary.Server(23, 0, 23, 0), second.server());
            assertEquals(23, server.riskAssessments().size(), "a rerun updates, never duplicates");
            assertTrue(server.authorizations().stream().allMatch(("Bearer " + TOKEN)::equals), "the token is sent");
            assertFalse(log.text().contains(TOKEN), "the token is never logged");
            assertTrue(log.text().contains("the FHIR server created 23"), "the capture saw the job's log");
            assertFalse(first.toJson().contains(TOKEN));
        }
    }

    @Test
    void theWarehouseHoldsOneBulkDataNdjsonFileOfTheNewestScoringWithoutSourceIds(SparkSession spark,
                                                                                @TempDir Path warehouse) throws Exception {
        Instant earlier = AS_OF.minusSeconds(86_400);
        ScoresFixture.write(spark, warehouse, earlier, ScoresFixture.binary(MORTALITY, "gru", VERSION, earlier, 5, 1));
        List<ScoresFixture.Scored> scored = ScoresFixture.binary(MORTALITY, "gru", VERSION, AS_OF, 31, 2);
        ScoresFixture.write(spark, warehouse, AS_OF, scored);
        Path folder = Path.of(new Warehouse(warehouse.toString()).riskAssessments(MORTALITY, "gru"));
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("part-00000-old.txt"), "{\"resourceType\":\"RiskAssessment\"}\n");

        WritebackSummary summary = new WritebackJob(config(warehouse, MORTALITY, "gru", WritebackSource.SCORES, null,
                null)).run(spark);

        assertEquals(AS_OF, summary.asOf(), "the newest scoring");
        assertNull(summary.server());
        try (Stream<Path> files = Files.list(folder)) {
            // Hadoop's local file system keeps a hidden .crc checksum beside every file it writes.
            assertEquals(List.of(Warehouse.RISK_ASSESSMENT_NDJSON), files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).toList(), "one file, named as Bulk Data names it, and nothing else");
        }
        String ndjson = Files.readString(folder.resolve(Warehouse.RISK_ASSESSMENT_NDJSON), StandardCharsets.UTF_8);
        assertTrue(ndjson.endsWith("\n") && !ndjson.contains("\r") && !ndjson.contains("\n\n"), "one resource per line");
        IParser parser = FhirContexts.r4().newJsonParser();
        List<RiskAssessment> lines = ndjson.lines().map(line -> parser.parseResource(RiskAssessment.class, line)).toList();
        assertEquals(31, lines.size());
        assertEquals(31, summary.resourcesWritten());
        assertEquals(31, lines.stream().map(r -> r.getIdElement().getIdPart()).distinct().count());
        List<Instant> times = lines.stream().map(r -> r.getOccurrenceDateTimeType().getValue().toInstant()).toList();
        assertEquals(times.stream().sorted().toList(), times, "sorted: a rerun writes the same file");
        for (RiskAssessment risk : lines) {
            assertEquals(RiskAssessmentBuilder.PATIENT_KEY_SYSTEM, risk.getSubject().getIdentifier().getSystem());
            assertFalse(risk.getSubject().hasReference());
        }
        for (ScoresFixture.Scored s : scored) {
            assertTrue(ndjson.contains("\"" + s.event().patientKey() + "\""));
            assertFalse(ndjson.contains(s.patientRef().substring("Patient/".length())), "no source patient id");
            assertTrue(s.encounterRef() == null || !ndjson.contains(s.encounterRef().substring("Encounter/".length())));
        }

        WritebackSummary older = new WritebackJob(config(warehouse, MORTALITY, "gru", WritebackSource.SCORES, earlier,
                null)).run(spark);
        assertEquals(5, older.resourcesWritten(), "--as-of chooses the scoring");
    }

    @Test
    void nextVisitDxWritesOneRiskAssessmentPerPatientWithAPredictionPerCode(SparkSession spark, @TempDir Path warehouse)
            throws Exception {
        List<ScoresFixture.Scored> scored = ScoresFixture.nextVisit("seq2seq-gru", VERSION, AS_OF, 7, 3);
        ScoresFixture.write(spark, warehouse, AS_OF, scored);
        try (HapiFhirTestServer server = new HapiFhirTestServer(TOKEN)) {
            WritebackSummary summary = new WritebackJob(config(warehouse, "next-visit-dx", "seq2seq-gru",
                    WritebackSource.SCORES, AS_OF, server)).run(spark);

            assertEquals(7, summary.server().created());
            Map<String, ScoresFixture.Scored> byPatient = scored.stream()
                    .collect(Collectors.toMap(ScoresFixture.Scored::patientRef, Function.identity()));
            assertEquals(byPatient.keySet(), server.riskAssessments().stream().map(r -> r.getSubject().getReference())
                    .collect(Collectors.toSet()), "one per patient");
            for (RiskAssessment risk : server.riskAssessments()) {
                ScoredEvent e = byPatient.get(risk.getSubject().getReference()).event();
                assertEquals(e.predictedCodes(), risk.getPrediction().stream().map(p -> p.getOutcome().getCodingFirstRep())
                        .map(c -> c.getSystem() + "|" + c.getCode()).toList());
                for (int i = 0; i < 3; i++) {
                    assertEquals(e.predictedProbabilities().get(i),
                            risk.getPrediction().get(i).getProbabilityDecimalType().getValue().doubleValue(), 5e-7);
                }
            }
        }
    }

    @Test
    void theCohortAuditWritesTheCalibratedTestSplitOnlyWhenAsked(SparkSession spark, @TempDir Path warehouse)
            throws Exception {
        List<PredictionFixture.Sample> samples = PredictionFixture.samples(60, 8);
        PredictionFixture.write(spark, warehouse, samples);
        StructType schema = new StructType().add("sampleId", DataTypes.StringType).add("patientKey", DataTypes.StringType)
                .add("indexTime", DataTypes.TimestampType).add("model", DataTypes.StringType)
                .add("modelVersion", DataTypes.StringType).add("label", DataTypes.IntegerType)
                .add("score", DataTypes.DoubleType).add("calibratedScore", DataTypes.DoubleType);
        List<Row> calibrated = new ArrayList<>();
        List<PredictionFixture.Sample> test = samples.stream().filter(s -> s.split().equals("test")).toList();
        for (PredictionFixture.Sample s : test) {
            for (String model : List.of(PredictionFixture.NETWORK, PredictionFixture.BASELINE)) {
                calibrated.add(RowFactory.create(s.sampleId(), s.patientKey(), s.indexTime(), model,
                        PredictionFixture.NETWORK_VERSION, s.label(), s.networkScore(), s.networkScore() / 2));
            }
        }
        Warehouse w = new Warehouse(warehouse.toString());
        spark.createDataFrame(calibrated, schema).write().mode(SaveMode.Overwrite)
                .parquet(w.calibratedPredictions(MORTALITY, PredictionFixture.NETWORK));

        assertThrows(BadInputException.class, () -> new WritebackJob(config(warehouse, MORTALITY,
                PredictionFixture.NETWORK, WritebackSource.SCORES, null, null)).run(spark), "by default: scores");
        WritebackSummary audit = new WritebackJob(config(warehouse, MORTALITY, PredictionFixture.NETWORK,
                WritebackSource.COHORT_AUDIT, null, null)).run(spark);

        assertEquals(test.size(), audit.resourcesWritten());
        assertEquals(w.cohortAuditRiskAssessments(MORTALITY, PredictionFixture.NETWORK) + "/"
                + Warehouse.RISK_ASSESSMENT_NDJSON, audit.ndjsonPath());
        IParser parser = FhirContexts.r4().newJsonParser();
        Map<String, PredictionFixture.Sample> byEncounter = test.stream()
                .collect(Collectors.toMap(PredictionFixture.Sample::encounterKey, Function.identity()));
        for (String line : Files.readAllLines(Path.of(audit.ndjsonPath()))) {
            RiskAssessment risk = parser.parseResource(RiskAssessment.class, line);
            PredictionFixture.Sample s = byEncounter.get(risk.getEncounter().getIdentifier().getValue());
            assertEquals(s.networkScore() / 2, risk.getPredictionFirstRep().getProbabilityDecimalType().getValue()
                    .doubleValue(), 5e-7, "the calibrated probability");
            assertEquals(s.indexTime().toInstant(), risk.getOccurrenceDateTimeType().getValue().toInstant());
            assertFalse(risk.getPredictionFirstRep().hasQualitativeRisk());
        }
    }

    @Test
    void whatCannotBeWrittenBackIsRefusedInOneLine(SparkSession spark, @TempDir Path warehouse) {
        var cohortAudit = assertThrows(InvalidConfigException.class, () -> config(warehouse, "next-visit-dx",
                "seq2seq-gru", WritebackSource.COHORT_AUDIT, null, null));
        assertTrue(cohortAudit.getMessage().contains("binary tasks"), cohortAudit.getMessage());
        var ftp = assertThrows(InvalidConfigException.class, () -> WritebackConfig.from(LongitudeConfigLoader.load(null,
                        List.of()), warehouse.toString(), TaskFiles.load(MORTALITY, List.of()), "gru",
                WritebackSource.SCORES, null, "ftp://127.0.0.1/fhir", Map.of()));
        assertTrue(ftp.getMessage().contains("http(s) URL"), ftp.getMessage());
        var system = assertThrows(InvalidConfigException.class, () -> WritebackConfig.from(LongitudeConfigLoader.load(
                        null, List.of("writeback.identifier-system=risk scores")), warehouse.toString(),
                TaskFiles.load(MORTALITY, List.of()), "gru", WritebackSource.SCORES, null, null, Map.of()));
        assertTrue(system.getMessage().contains("writeback.identifier-system"), system.getMessage());

        var none = assertThrows(BadInputException.class, () -> new WritebackJob(config(warehouse, MORTALITY, "gru",
                WritebackSource.SCORES, null, null)).run(spark));
        assertTrue(none.getMessage().contains("no scoring of model 'gru' for task 'mortality-inhospital'"),
                none.getMessage());
        ScoresFixture.write(spark, warehouse, AS_OF, ScoresFixture.binary("next-visit-dx", "seq2seq-gru", VERSION,
                AS_OF, 3, 4));
        var notNextVisit = assertThrows(BadInputException.class, () -> new WritebackJob(config(warehouse,
                "next-visit-dx", "seq2seq-gru", WritebackSource.SCORES, null, null)).run(spark));
        assertTrue(notNextVisit.getMessage().contains("3 of 3 rows"), notNextVisit.getMessage());
    }

    private static Map<String, RiskAssessment> warehouseCopies(Path ndjson) throws Exception {
        IParser parser = FhirContexts.r4().newJsonParser();
        return Files.readAllLines(ndjson).stream().map(line -> parser.parseResource(RiskAssessment.class, line))
                .collect(Collectors.toMap(r -> r.getIdElement().getIdPart(), Function.identity()));
    }
}
