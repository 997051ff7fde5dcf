package io.longitude.writeback;

import org.hl7.fhir.r4.model.Resource;

/** One transaction entry: {@code PUT url} with the resource, url a conditional one ({@code Type?identifier=…}). */
public record ConditionalUpdate(String url, Resource resource) {
}
