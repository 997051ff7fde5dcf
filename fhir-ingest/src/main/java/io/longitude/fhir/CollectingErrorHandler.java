package io.longitude.fhir;

import java.util.Locale;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * Collects HAPI's parse issues for one resource instead of logging each one (HAPI's lenient handler logs a WARN
 * per issue, which floods logs on hostile input). Issues where a value was lost (an invalid value, a wrong
 * JSON type, a repeated single element) make the resource rejected; issues that lose nothing we use (unknown
 * elements and attributes, reference oddities, a missing required element) are tolerated.
 * Messages name the element, never the value.
 */
final class CollectingErrorHandler implements IParserErrorHandler {

    private RejectReason reason;
    private String message;

    void reset() {
        reason = null;
        message = null;
    }

    /** The first issue that rejects the resource, or null. */
    RejectException rejection() {
        return reason == null ? null : new RejectException(reason, message);
    }

    private void reject(RejectReason r, String what, IParseLocation location) {
        if (reason != null) {
            return;
        }
        reason = r;
        String element = location == null ? null : location.getParentElementName();
        message = element == null ? what : what + " in " + element;
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        boolean date = error != null && error.toLowerCase(Locale.ROOT).contains("date");
        reject(date ? RejectReason.BAD_DATE : RejectReason.PARSE_ERROR,
                date ? "unparseable date" : "invalid value", location);
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
                                  ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
        reject(RejectReason.PARSE_ERROR, "wrong JSON type for " + elementName, location);
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        reject(RejectReason.PARSE_ERROR, "repeated single-valued element " + elementName, location);
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String elementName) {
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
    }
}
