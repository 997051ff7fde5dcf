package io.longitude.jobs.writeback;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.longitude.fhir.FhirContexts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * POSTs resources to a FHIR server as transaction bundles of PUT entries and counts what the server
 * accepted (entries answered 200 or 201). A batch that fails on the network, with 429 or with a 5xx is
 * retried with exponential back-off; PUT with deterministic ids makes a retry harmless when the first
 * attempt did land. Any other error status stops the write: it will not go away by retrying.
 *
 * <p>Uses the JDK's HTTP client with HAPI's parser: HAPI's own generic client (hapi-fhir-client) is not
 * served at the pinned HAPI version in this project's registry. Serializable, and holds no connection:
 * executors build their client per partition.
 */
public final class FhirTransactionPoster implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(FhirTransactionPoster.class);
    private static final String FHIR_JSON = "application/fhir+json";

    private final URI base;
    private final int maxAttempts;
    private final long backoffMillis;
    private final long timeoutMillis;

    public FhirTransactionPoster(URI base, int maxAttempts, long backoffMillis, long timeoutMillis) {
        this.base = base;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** A client for one partition's batches. */
    public Session open() {
        return new Session();
    }

    /** One HTTP client and one parser, used by a single thread. */
    public final class Session {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis)).build();
        private final FhirContext fhir = FhirContexts.r4();
        private final IParser parser = fhir.newJsonParser();

        /** Sends one transaction and returns how many of its entries the server accepted. */
        public int send(List<? extends Resource> resources) throws IOException, InterruptedException {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (Resource resource : resources) {
                String relative = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                bundle.addEntry().setFullUrl(base.resolve(relative).toString()).setResource(resource)
                        .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(relative);
            }
            HttpRequest request = HttpRequest.newBuilder(base)
                    .timeout(Duration.ofMillis(timeoutMillis))
                    .header("Content-Type", FHIR_JSON + "; charset=UTF-8")
                    .header("Accept", FHIR_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(parser.encodeResourceToString(bundle), StandardCharsets.UTF_8))
                    .build();
            for (int attempt = 1; ; attempt++) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        return accepted(response.body());
                    }
                    if (status != 429 && status / 100 != 5) {
                        throw new IllegalStateException("FHIR server refused a transaction of " + resources.size()
                                + " resources with HTTP " + status);
                    }
                    if (attempt >= maxAttempts) {
                        throw new IllegalStateException("FHIR server answered HTTP " + status + " " + attempt + " times");
                    }
                    LOG.warn("FHIR server answered HTTP {}, retrying (attempt {} of {})", status, attempt, maxAttempts);
                } catch (IOException e) {
                    if (attempt >= maxAttempts) {
                        throw e;
                    }
                    LOG.warn("transaction failed ({}), retrying (attempt {} of {})", e.getClass().getSimpleName(),
                            attempt, maxAttempts);
                }
                Thread.sleep(backoffMillis << (attempt - 1));
            }
        }

        private int accepted(String body) {
            Bundle response = parser.parseResource(Bundle.class, body);
            int accepted = 0;
            for (Bundle.BundleEntryComponent entry : response.getEntry()) {
                String status = entry.getResponse().getStatus();
                if (status != null && (status.startsWith("200") || status.startsWith("201"))) {
                    accepted++;
                }
            }
            return accepted;
        }
    }
}
