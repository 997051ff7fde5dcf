package io.longitude.writeback;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import ca.uhn.fhir.util.UrlUtil;
import io.longitude.fhir.FhirContexts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.RiskAssessment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction endpoint of the test server: conditional updates of RiskAssessments
 * ({@code PUT RiskAssessment?identifier=system|value}) applied to a {@link HashMapResourceProvider} as the FHIR
 * specification says — no match: create (the server assigns the id); one match: update it; several: 412 — and
 * all-or-nothing: every entry is checked, and validated with {@link R4Validator}, before any is applied. An invalid
 * resource is refused with 422, any other entry with 400, as a FHIR server does.
 */
final class ConditionalUpdateTransactions {

    private final HashMapResourceProvider<RiskAssessment> store;

    ConditionalUpdateTransactions(HashMapResourceProvider<RiskAssessment> store) {
        this.store = store;
    }

    @Transaction
    public synchronized Bundle transaction(@TransactionParam Bundle request, RequestDetails details) {
        if (request.getType() != Bundle.BundleType.TRANSACTION) {
            throw new InvalidRequestException("a transaction bundle was expected, got " + request.getType());
        }
        List<RiskAssessment> resources = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            String identifier = conditionalIdentifier(entry);
            if (!seen.add(identifier)) {
                throw new InvalidRequestException("two entries of one transaction update " + identifier);
            }
            if (!(entry.getResource() instanceof RiskAssessment resource)) {
                throw new InvalidRequestException("only RiskAssessments, got " + entry.getResource());
            }
            // HAPI's parser gives an entry's resource the entry's fullUrl (urn:uuid:…) as its id.
            if (resource.getIdElement().getValue() != null && resource.getIdElement().getValue().startsWith("urn:uuid:")) {
                resource.setIdElement(null);
            }
            if (resource.getIdElement().hasIdPart()) {
                throw new InvalidRequestException("a conditional update whose resource has an id");
            }
            List<String> errors = R4Validator.errors(resource);
            if (!errors.isEmpty()) {
                OperationOutcome outcome = new OperationOutcome();
                errors.forEach(e -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                        .setCode(OperationOutcome.IssueType.INVALID).setDiagnostics(e));
                throw new UnprocessableEntityException(FhirContexts.r4(), outcome);
            }
            resources.add(resource);
            identifiers.add(identifier);
        }
        List<List<RiskAssessment>> matches = new ArrayList<>();
        for (String identifier : identifiers) {
            List<RiskAssessment> found = store.getStoredResources().stream()
                    .filter(r -> r.getIdentifier().stream().anyMatch(i -> (i.getSystem() + "|" + i.getValue()).equals(identifier)))
                    .toList();
            if (found.size() > 1) {
                throw new PreconditionFailedException(found.size() + " RiskAssessments match " + identifier);
            }
            matches.add(found);
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < resources.size(); i++) {
            RiskAssessment resource = resources.get(i);
            MethodOutcome outcome;
            if (matches.get(i).isEmpty()) {
                outcome = store.create(resource, details);
            } else {
                resource.setIdElement(matches.get(i).get(0).getIdElement().toUnqualifiedVersionless());
                outcome = store.update(resource, null, details);
            }
            response.addEntry().getResponse()
                    .setStatus(Boolean.TRUE.equals(outcome.getCreated()) ? "201 Created" : "200 OK")
                    .setLocation(outcome.getId().toUnqualified().getValue());
        }
        return response;
    }

    /** {@code system|value} of a {@code PUT RiskAssessment?identifier=system|value} entry. */
    private static String conditionalIdentifier(Bundle.BundleEntryComponent entry) {
        String url = entry.getRequest().getUrl();
        if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || url == null
                || !url.startsWith("RiskAssessment?")) {
            throw new InvalidRequestException("only conditional updates of RiskAssessments, got "
                    + entry.getRequest().getMethod() + " " + url);
        }
        Map<String, String[]> query = UrlUtil.parseQueryString(url.substring(url.indexOf('?') + 1));
        String[] identifier = query.get("identifier");
        if (query.size() != 1 || identifier == null || identifier.length != 1 || !identifier[0].contains("|")) {
            throw new InvalidRequestException("a conditional update by identifier=system|value, got " + url);
        }
        return identifier[0];
    }
}
