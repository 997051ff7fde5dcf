package io.longitude.jobs.writeback;

import ca.uhn.fhir.parser.IParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.longitude.fhir.FhirContexts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FHIR R4 endpoint on 127.0.0.1 (free port) that processes transaction bundles of PUT entries into an
 * in-memory store with HAPI's parser, the way a FHIR server does: each entry answered "201 Created", the
 * whole bundle refused with 400 when an entry is not a PUT whose URL names the resource's own type and id.
 * The first {@code failFirst} requests are answered 503, to exercise the client's retries.
 */
final class InMemoryFhirServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft;
    private final AtomicInteger transactions = new AtomicInteger();

    InMemoryFhirServer(int failFirst) throws IOException {
        this.failuresLeft = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/");
    }

    /** Stored resources as the server would return them, keyed by "Type/id". */
    Map<String, String> stored() {
        return Map.copyOf(stored);
    }

    int transactions() {
        return transactions.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failuresLeft.getAndDecrement() > 0) {
                respond(exchange, 503, "");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/fhir/")) {
                respond(exchange, 405, "");
                return;
            }
            IParser parser = FhirContexts.r4().newJsonParser();
            Bundle request = parser.parseResource(Bundle.class,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (request.getType() != Bundle.BundleType.TRANSACTION) {
                respond(exchange, 400, "");
                return;
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            Map<String, String> staged = new java.util.LinkedHashMap<>();
            for (Bundle.BundleEntryComponent entry : request.getEntry()) {
                Resource resource = entry.getResource();
                String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || !key.equals(entry.getRequest().getUrl())) {
                    respond(exchange, 400, "");
                    return;
                }
                resource.setIdElement(resource.getIdElement().toUnqualifiedVersionless());
                staged.put(key, parser.encodeResourceToString(resource));
                response.addEntry().getResponse().setStatus("201 Created").setLocation(key + "/_history/1");
            }
            stored.putAll(staged);
            transactions.incrementAndGet();
            respond(exchange, 200, parser.encodeResourceToString(response));
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
