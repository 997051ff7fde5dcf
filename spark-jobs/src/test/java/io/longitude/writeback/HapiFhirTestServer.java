package io.longitude.writeback;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import io.longitude.fhir.FhirContexts;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.RiskAssessment;

import java.net.URI;
import java.util.List;

/**
 * A real HAPI FHIR R4 server for the write-back tests: HAPI's {@link RestfulServer} with a
 * {@link HashMapResourceProvider} of RiskAssessments and {@link ConditionalUpdateTransactions} (validated with
 * HAPI's FhirValidator), behind a {@link RequestGate} (bearer token, queued 429/503 answers), in embedded Jetty 12
 * on 127.0.0.1 at a free port. The validator is loaded before the server starts (tens of seconds on a busy
 * machine the first time), so that no request waits for it.
 */
public final class HapiFhirTestServer implements AutoCloseable {

    private final HashMapResourceProvider<RiskAssessment> riskAssessments =
            new HashMapResourceProvider<>(FhirContexts.r4(), RiskAssessment.class);
    private final RequestGate gate;
    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);

    /** @param expectedToken the bearer token every request must carry; null: none required */
    public HapiFhirTestServer(String expectedToken) throws Exception {
        gate = new RequestGate(expectedToken);
        RestfulServer fhir = new RestfulServer(FhirContexts.r4());
        fhir.registerProvider(riskAssessments);
        fhir.registerProvider(new ConditionalUpdateTransactions(riskAssessments));
        fhir.registerInterceptor(gate);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(context);
        R4Validator.load();
        jetty.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fhir/");
    }

    /** The next requests are answered with these statuses, in order, before any reaches the FHIR operations. */
    public void answerNext(int... statuses) {
        gate.answerNext(statuses);
    }

    /** The current version of every RiskAssessment the server holds. */
    public List<RiskAssessment> riskAssessments() {
        return riskAssessments.getStoredResources();
    }

    /** The Authorization header of every request received (null where there was none). */
    public List<String> authorizations() {
        return gate.authorizations();
    }

    /** The statuses answered before a request reached the FHIR operations (401, 429, 503, …). */
    public List<Integer> answeredByTheGate() {
        return gate.answered();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
