package io.longitude.writeback;

import io.longitude.cohort.TaskFiles;
import io.longitude.config.InvalidConfigException;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender against a real HAPI server ({@link HapiFhirTestServer}): retries, token, conditional updates. */
class FhirTransactionSenderTest {

    private static final String TOKEN = "tok-4f9a1c";
    private static final RiskAssessmentBuilder BUILDER = new RiskAssessmentBuilder("urn:longitude:risk-assessment",
            TaskFiles.load("mortality-inhospital", List.of()).outcome(), WritebackSource.SCORES);

    private static List<ConditionalUpdate> updates(int count, double probability) {
        return IntStream.range(0, count).mapToObj(i -> {
            ScoredEvent event = ScoredEvent.binary("mortality-inhospital", "gru", "v1", "s-" + i, "pk" + i, "ek" + i,
                    Instant.parse("2026-01-30T10:00:00Z").plusSeconds(i), probability, "low");
            return new ConditionalUpdate(BUILDER.conditionalUrl(event),
                    BUILDER.forServer(event, "Patient/p" + i, "Encounter/e" + i));
        }).toList();
    }

    private static FhirTransactionSender sender(URI base, String token, int attempts) {
        return new FhirTransactionSender(new FhirServerSettings(base, token == null ? null : new BearerToken(token), 50,
                attempts, new RetryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)), Duration.ofSeconds(120)));
    }

    @Test
    void a429AndA503AreRetriedAndARerunUpdatesInsteadOfDuplicating() throws Exception {
        try (HapiFhirTestServer server = new HapiFhirTestServer(TOKEN);
             FhirTransactionSender.Session session = sender(server.base(), TOKEN, 3).open()) {
            server.answerNext(429, 503);
            assertEquals(new TransactionResult(3, 0), session.send(updates(3, 0.2)));
            assertEquals(List.of(429, 503), server.answeredByTheGate());
            assertEquals(3, server.authorizations().size(), "two refused attempts and the one that landed");

            assertEquals(new TransactionResult(0, 3), session.send(updates(3, 0.3)));
            assertEquals(3, server.riskAssessments().size());
            assertTrue(server.riskAssessments().stream()
                    .allMatch(r -> r.getPredictionFirstRep().getProbabilityDecimalType().getValue().doubleValue() == 0.3));
            assertEquals(Collections.nCopies(4, "Bearer " + TOKEN), server.authorizations());
        }
    }

    @Test
    void attemptsEndAfterMaxAttempts() throws Exception {
        try (HapiFhirTestServer server = new HapiFhirTestServer(null);
             FhirTransactionSender.Session session = sender(server.base(), null, 3).open()) {
            server.answerNext(503, 503, 503, 503);
            FhirServerException e = assertThrows(FhirServerException.class, () -> session.send(updates(2, 0.2)));
            assertTrue(e.getMessage().contains("HTTP 503 on each of 3 attempts"), e.getMessage());
            assertEquals(List.of(503, 503, 503), server.answeredByTheGate());
            assertEquals(List.of(), server.riskAssessments());
        }
    }

    @Test
    void aRefusalIsNotRetriedAndAnInvalidResourceIsRefused() throws Exception {
        try (HapiFhirTestServer server = new HapiFhirTestServer(null);
             FhirTransactionSender.Session session = sender(server.base(), null, 4).open()) {
            List<ConditionalUpdate> batch = new ArrayList<>(updates(2, 0.2));
            RiskAssessment invalid = (RiskAssessment) batch.get(1).resource().copy();
            invalid.setSubject(null).setStatusElement(null);
            batch.set(1, new ConditionalUpdate(batch.get(1).url(), invalid));

            FhirServerException e = assertThrows(FhirServerException.class, () -> session.send(batch));

            assertTrue(e.getMessage().contains("HTTP 422"), e.getMessage());
            assertFalse(e.getMessage().contains("RiskAssessment.subject"), "no diagnostics: " + e.getMessage());
            assertEquals(1, server.authorizations().size(), "not retried");
            assertEquals(List.of(), server.riskAssessments(), "a transaction is all or nothing");
        }
    }

    @Test
    void aRejectedTokenIsAConfigurationErrorThatDoesNotShowIt() throws Exception {
        try (HapiFhirTestServer server = new HapiFhirTestServer(TOKEN);
             FhirTransactionSender.Session session = sender(server.base(), "wrong-" + TOKEN, 4).open()) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> session.send(updates(1, 0.2)));
            assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains(BearerToken.ENVIRONMENT_VARIABLE),
                    e.getMessage());
            assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
            assertEquals(List.of(401), server.answeredByTheGate());
        }
    }
}
