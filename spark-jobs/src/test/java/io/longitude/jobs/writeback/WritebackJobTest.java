package io.longitude.jobs.writeback;

import ca.uhn.fhir.parser.IParser;
import com.typesafe.config.ConfigValueFactory;
import io.longitude.fhir.FhirContexts;
import io.longitude.config.LongitudeConfigLoader;
import io.longitude.jobs.evaluate.PredictionFixture;
import io.longitude.jobs.testing.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalSpark.class)
class WritebackJobTest {

    @Test
    void theWarehouseHoldsKeysAndTheServerGetsTheSourceReferences(SparkSession spark, @TempDir Path warehouse)
            throws Exception {
        List<PredictionFixture.Sample> samples = PredictionFixture.samples(80, 21);
        PredictionFixture.write(spark, warehouse, samples);
        try (InMemoryFhirServer server = new InMemoryFhirServer(2)) {
            WritebackConfig config = WritebackConfig.from(LongitudeConfigLoader.load(null,
                            List.of("writeback.batch-size=25", "writeback.retry-backoff=10ms")), warehouse.toString(),
                    PredictionFixture.TASK, PredictionFixture.NETWORK, server.base().toString());

            WritebackSummary summary = new WritebackJob(config).run(spark);

            assertEquals(samples.size(), summary.scoredSamples());
            assertEquals(samples.size(), summary.resourcesWritten());
            assertEquals(samples.size(), summary.accepted());
            IParser parser = FhirContexts.r4().newJsonParser();
            List<String> lines = spark.read().textFile(summary.ndjsonPath()).collectAsList();
            Map<String, RiskAssessment> written = new HashMap<>();
            for (String line : lines) {
                RiskAssessment risk = parser.parseResource(RiskAssessment.class, line);
                written.put("RiskAssessment/" + risk.getIdElement().getIdPart(), risk);
            }
            Map<String, String> held = server.stored();
            assertEquals(written.keySet(), held.keySet(), "the server holds one resource per line written");
            Map<String, PredictionFixture.Sample> byEncounterKey = samples.stream()
                    .collect(Collectors.toMap(PredictionFixture.Sample::encounterKey, Function.identity()));
            for (Map.Entry<String, String> entry : held.entrySet()) {
                RiskAssessment onServer = parser.parseResource(RiskAssessment.class, entry.getValue());
                RiskAssessment inWarehouse = written.get(entry.getKey());
                PredictionFixture.Sample s = byEncounterKey.get(inWarehouse.getEncounter().getIdentifier().getValue());
                assertEquals(RiskAssessmentFactory.PATIENT_KEY_SYSTEM, inWarehouse.getSubject().getIdentifier().getSystem());
                assertEquals(s.patientKey(), inWarehouse.getSubject().getIdentifier().getValue());
                assertFalse(inWarehouse.getSubject().hasReference(), "no source reference in the warehouse");
                assertEquals(s.patientRef(), onServer.getSubject().getReference(), "the server gets the source patient");
                assertEquals(s.encounterRef(), onServer.getEncounter().getReference());
                assertFalse(onServer.getSubject().hasIdentifier(), "pseudonymous keys stay inside the warehouse");
                assertFalse(onServer.getEncounter().hasIdentifier());
                RiskAssessment sourceVersion = inWarehouse.copy();
                sourceVersion.setSubject(onServer.getSubject()).setEncounter(onServer.getEncounter());
                assertTrue(sourceVersion.equalsDeep(onServer), "otherwise the server holds what the warehouse holds: "
                        + entry.getKey());
            }
            assertTrue(server.transactions() >= samples.size() / 25, "sent in batches of at most 25");

            for (RiskAssessment risk : written.values()) {
                PredictionFixture.Sample s = byEncounterKey.get(risk.getEncounter().getIdentifier().getValue());
                assertEquals(RiskAssessment.RiskAssessmentStatus.FINAL, risk.getStatus());
                assertEquals(s.indexTime().toInstant(), risk.getOccurrenceDateTimeType().getValue().toInstant());
                assertEquals(s.networkScore(), risk.getPredictionFirstRep().getProbabilityDecimalType()
                        .getValue().doubleValue(), 5e-7);
                assertEquals("419099009", risk.getPredictionFirstRep().getOutcome().getCodingFirstRep().getCode());
                assertEquals("gru/" + PredictionFixture.NETWORK_VERSION, risk.getMethod().getCodingFirstRep().getCode());
                assertEquals("urn:longitude:model-card/mortality-inhospital/gru/" + PredictionFixture.NETWORK_VERSION,
                        risk.getBasisFirstRep().getReference());
            }
            String ndjson = String.join("\n", lines);
            assertFalse(samples.stream().anyMatch(s -> ndjson.contains(s.patientRef()) || ndjson.contains(s.encounterRef())),
                    "source references never reach the warehouse");
        }
    }

    @Test
    void aTaskWithoutAnOutcomeCodeOrANonHttpServerIsAConfigurationError() {
        var config = LongitudeConfigLoader.load(null, List.of());
        var noOutcome = assertThrows(io.longitude.config.InvalidConfigException.class,
                () -> WritebackConfig.from(config, "w", "next-visit-dx", "gru", null));
        assertTrue(noOutcome.getMessage().contains("task.outcome"), noOutcome.getMessage());
        var ftp = assertThrows(io.longitude.config.InvalidConfigException.class,
                () -> WritebackConfig.from(config, "w", PredictionFixture.TASK, "gru", "ftp://127.0.0.1/fhir"));
        assertTrue(ftp.getMessage().contains("http(s)"), ftp.getMessage());
    }

    @Test
    void writingTheSamePredictionsTwiceUpdatesInsteadOfDuplicating(SparkSession spark, @TempDir Path warehouse)
            throws Exception {
        PredictionFixture.write(spark, warehouse, PredictionFixture.samples(30, 4));
        try (InMemoryFhirServer server = new InMemoryFhirServer(0)) {
            WritebackConfig config = WritebackConfig.from(LongitudeConfigLoader.load(null, List.of())
                            .withValue("writeback.splits", ConfigValueFactory.fromIterable(List.of("test"))),
                    warehouse.toString(), PredictionFixture.TASK, PredictionFixture.NETWORK, server.base().toString());
            WritebackSummary first = new WritebackJob(config).run(spark);
            WritebackSummary second = new WritebackJob(config).run(spark);
            assertEquals(first.accepted(), second.accepted());
            assertEquals(first.resourcesWritten(), server.stored().size());
        }
    }
}
