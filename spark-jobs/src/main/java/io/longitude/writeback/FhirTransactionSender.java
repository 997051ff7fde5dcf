package io.longitude.writeback;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.longitude.config.InvalidConfigException;
import io.longitude.fhir.FhirContexts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sends resources to a FHIR server as transaction bundles of conditional updates, with HAPI's generic client.
 * A transaction answered 429 or 5xx, or lost on the network, is retried with exponential back-off (the server's
 * Retry-After honoured); conditional updates make a retry, or a rerun, update what an earlier attempt wrote.
 * 401 and 403 are a configuration problem (the token); any other refusal ends the write.
 *
 * <p>Serializable and holds no connection: each executor partition opens its own {@link Session}.
 */
public final class FhirTransactionSender implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(FhirTransactionSender.class);

    private final FhirServerSettings settings;

    public FhirTransactionSender(FhirServerSettings settings) {
        this.settings = settings;
    }

    public Session open() {
        return new Session();
    }

    /** One HTTP connection pool and one HAPI client, for one thread. */
    public final class Session implements Closeable {

        private final ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(FhirContexts.r4());
        private final IGenericClient client;

        private Session() {
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
            factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
            factory.setConnectTimeout(timeoutMillis);
            factory.setSocketTimeout(timeoutMillis);
            client = factory.newGenericClient(settings.base().toString());
            if (settings.token() != null) {
                client.registerInterceptor(new BearerTokenAuthInterceptor(settings.token().value()));
            }
        }

        /** Sends one transaction and returns what the server created and updated. */
        public TransactionResult send(List<ConditionalUpdate> updates) {
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (ConditionalUpdate update : updates) {
                transaction.addEntry()
                        .setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(update.url().getBytes(StandardCharsets.UTF_8)))
                        .setResource(update.resource())
                        .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(update.url());
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return result(client.transaction().withBundle(transaction).execute());
                } catch (BaseServerResponseException e) {
                    int status = e.getStatusCode();
                    boolean lost = e instanceof FhirClientConnectionException;
                    if (!lost && (status == 401 || status == 403)) {
                        throw new InvalidConfigException("the FHIR server answered HTTP " + status + " to write-back: set "
                                + BearerToken.ENVIRONMENT_VARIABLE + " to a bearer token it accepts for RiskAssessment");
                    }
                    String answer = lost ? "could not be reached (" + rootCause(e) + ")" : "answered HTTP " + status;
                    if (!lost && status != 429 && status / 100 != 5) {
                        throw new FhirServerException("the FHIR server refused a transaction of " + updates.size()
                                + " resources: HTTP " + status + issueCodes(e));
                    }
                    if (attempt >= settings.maxAttempts()) {
                        throw new FhirServerException("the FHIR server " + answer + " on each of " + attempt
                                + " attempts to send a transaction of " + updates.size() + " resources");
                    }
                    Duration wait = settings.backoff().delay(attempt, header(e.getResponseHeaders(), "Retry-After"));
                    LOG.warn("FHIR server {}: attempt {} of {}, next in {} ms", answer, attempt, settings.maxAttempts(),
                            wait.toMillis());
                    sleep(wait);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (factory.getNativeHttpClient() instanceof Closeable http) {
                http.close();
            }
        }
    }

    private static TransactionResult result(Bundle response) {
        long created = 0;
        long updated = 0;
        for (Bundle.BundleEntryComponent entry : response.getEntry()) {
            String status = entry.getResponse().getStatus();
            if (status != null && status.startsWith("201")) {
                created++;
            } else if (status != null && status.startsWith("2")) {
                updated++;
            }
        }
        return new TransactionResult(created, updated);
    }

    private static String issueCodes(BaseServerResponseException e) {
        if (!(e.getOperationOutcome() instanceof OperationOutcome outcome) || outcome.getIssue().isEmpty()) {
            return "";
        }
        return " (issues: " + outcome.getIssue().stream()
                .map(issue -> (issue.hasSeverity() ? issue.getSeverity().toCode() : "?") + " "
                        + (issue.hasCode() ? issue.getCode().toCode() : "?"))
                .distinct().collect(Collectors.joining(", ")) + "; the server's log has the details)";
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                .map(h -> h.getValue().get(0)).findFirst().orElse(null);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirServerException("interrupted while waiting to retry a transaction");
        }
    }
}
