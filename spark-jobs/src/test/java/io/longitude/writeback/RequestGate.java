package io.longitude.writeback;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Sits in front of the test server's operations: records every request's Authorization header, answers 401
 * without the expected bearer token, and answers the statuses queued with {@link #answerNext} (429 and 503 with
 * {@code Retry-After: 0}, as a busy server does) before letting requests through.
 */
@Interceptor
final class RequestGate {

    private final String expectedToken;
    private final Deque<Integer> queued = new ConcurrentLinkedDeque<>();
    private final List<String> authorizations = new ArrayList<>();
    private final List<Integer> answered = new ArrayList<>();

    /** @param expectedToken null: no authorization required */
    RequestGate(String expectedToken) {
        this.expectedToken = expectedToken;
    }

    void answerNext(int... statuses) {
        for (int status : statuses) {
            queued.add(status);
        }
    }

    synchronized List<String> authorizations() {
        return Collections.unmodifiableList(new ArrayList<>(authorizations));
    }

    /** The statuses the gate answered itself (401 and the queued ones). */
    synchronized List<Integer> answered() {
        return List.copyOf(answered);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean incoming(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String authorization = request.getHeader("Authorization");
        Integer status;
        synchronized (this) {
            authorizations.add(authorization);
            boolean refused = expectedToken != null && !("Bearer " + expectedToken).equals(authorization);
            status = refused ? Integer.valueOf(401) : queued.poll();
            if (status != null) {
                answered.add(status);
            }
        }
        if (status == null) {
            return true;
        }
        response.setStatus(status);
        if (status == 429 || status == 503) {
            response.setHeader("Retry-After", "0");
        }
        response.setContentType("application/fhir+json");
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"" + (status == 401 ? "login" : status == 429 ? "throttled" : "transient") + "\"}]}");
        return false;
    }
}
