package io.longitude.fhir;

import static io.longitude.fhir.ReaderFixtures.fixture;
import static io.longitude.fhir.ReaderFixtures.gzip;
import static io.longitude.fhir.ReaderFixtures.read;
import static io.longitude.fhir.ReaderFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A bundle file is streamed in two passes: what an entry refers to resolves wherever in the file it is defined
 * (after the entry, or with the members in any order), and a file broken anywhere is rejected whole.
 */
class BundleStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void referencesToEntriesFurtherDownResolveWhateverTheMemberOrder() throws IOException {
        byte[] original = fixture("transaction-urn-uuid.json");
        byte[] reordered = reversedWithTypesLast(original);
        List<String> forward = describe(read(ReaderFixtures.reader(), "t.json", InputFormat.BUNDLE, original));
        List<String> backward = describe(read(ReaderFixtures.reader(), "t.json.gz", InputFormat.BUNDLE, gzip(reordered)));
        int n = forward.size();
        assertEquals(9, n);
        for (int i = 0; i < n; i++) {
            assertEquals(forward.get(i).replaceFirst("^\\d+ ", ""), backward.get(n - 1 - i).replaceFirst("^\\d+ ", ""));
            assertEquals(Long.toString(n - 1 - i), backward.get(n - 1 - i).split(" ")[0]);
        }
        assertTrue(backward.stream().anyMatch(d -> d.contains("MedicationRequest") && d.contains("313782")), backward::toString);
    }

    @Test
    void deleteEntriesBeforeTheBundleTypeAreStillDeletes() {
        String bundle = "{\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"Condition/c-1\"}},"
                + "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"b\"}}],\"type\":\"transaction\",\"resourceType\":\"Bundle\"}";
        assertEquals(List.of("DELETE Condition", "IGNORED Basic"), read(ReaderFixtures.reader(), "d.json", InputFormat.BUNDLE,
                bundle.getBytes(StandardCharsets.UTF_8)).stream().map(ReaderFixtures::summary).collect(Collectors.toList()));
    }

    @Test
    void aBundleBrokenAfterItsFirstEntriesIsRejectedWholeWithWhere() {
        String good = "{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"b\"}}";
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + good + "," + good + ",\n{\"resource\":";
        List<ExtractedRecord> records = read(ReaderFixtures.reader(), "broken.json", InputFormat.BUNDLE,
                bundle.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("REJECTED INVALID_JSON"), records.stream().map(ReaderFixtures::summary).collect(Collectors.toList()));
        assertTrue(records.get(0).getReject().getMessage().contains("at line 2"), records.get(0).getReject().getMessage());
    }

    @Test
    void recordsComeOutOneEntryAtATime() throws IOException {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        for (int i = 0; i < 1000; i++) {
            bundle.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Basic\",\"id\":\"b").append(i).append("\"}}");
        }
        bundle.append("]}");
        byte[] bytes = bundle.toString().getBytes(StandardCharsets.UTF_8);
        long[] read = {0};
        Iterator<ExtractedRecord> records = ReaderFixtures.reader().read("many.json", InputFormat.BUNDLE,
                () -> new java.io.FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, Math.min(len, 512));
                        read[0] += Math.max(n, 0);
                        return n;
                    }
                });
        assertEquals("IGNORED Basic", summary(records.next()));
        assertTrue(read[0] < 2L * bytes.length, "the second pass has not read the whole file for its first record: " + read[0]);
    }

    /** The fixture with its entries reversed and every {@code resourceType} (and the bundle's type) as last member. */
    private static byte[] reversedWithTypesLast(byte[] bundle) throws IOException {
        JsonNode root = JSON.readTree(bundle);
        List<JsonNode> entries = new ArrayList<>();
        root.get("entry").forEach(entries::add);
        ArrayNode reversed = JSON.createArrayNode();
        for (int i = entries.size() - 1; i >= 0; i--) {
            ObjectNode entry = (ObjectNode) entries.get(i).deepCopy();
            entry.set("resource", typeLast((ObjectNode) entry.get("resource"), "resourceType"));
            reversed.add(entry);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("entry", reversed);
        out.set("type", root.get("type"));
        out.set("resourceType", root.get("resourceType"));
        return JSON.writeValueAsBytes(out);
    }

    private static ObjectNode typeLast(ObjectNode resource, String member) {
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = resource.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals(member)) {
                out.set(field.getKey(), field.getValue());
            }
        }
        out.set(member, resource.get(member));
        return out;
    }

    private static List<String> describe(List<ExtractedRecord> records) {
        List<String> out = new ArrayList<>();
        for (ExtractedRecord r : records) {
            StringBuilder d = new StringBuilder().append(r.getLocation()).append(' ').append(summary(r));
            if (r.getEncounter() != null) {
                d.append(" subject=").append(r.getEncounter().getSubjectRef());
            }
            if (r.getPatient() != null) {
                d.append(" patient=").append(r.getPatient().getAliases());
            }
            for (EventRecord e : r.getEvents() == null ? List.<EventRecord>of() : r.getEvents()) {
                d.append(" [").append(e.getSourceRef()).append(' ').append(e.getSubjectRef()).append(' ')
                        .append(e.getEncounterRef()).append(' ').append(e.getCodeSystem()).append(' ').append(e.getCode()).append(']');
            }
            out.add(d.toString());
        }
        return out;
    }
}
