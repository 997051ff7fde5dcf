package io.longitude.explain;

import io.longitude.models.data.VisitSequenceExample;
import io.longitude.models.explain.CodeAttribution;
import io.longitude.models.explain.SampleAttribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContributingCodeTest {

    private static final List<String> TOKENS = List.of("<oov>", "http://loinc.org|2823-3#q5/5", "http://snomed.info/sct|1",
            "http://snomed.info/sct|2");

    /** Three visits, 10 and then 2 days apart (numeric feature 0 is log1p of the gap, as the cohort writes it). */
    private static final VisitSequenceExample EXAMPLE = VisitSequenceExample.binary("s", new int[][] {{1, 2}, {3}, {2}},
            new float[][] {{0f, 70f}, {(float) Math.log1p(10), 70f}, {(float) Math.log1p(2), 70f}}, true);

    @Test
    void theLargestPositiveAttributionsComeFirstWithTheirVisitCountedBackFromTheIndexVisit() {
        SampleAttribution attribution = new SampleAttribution("s", 0.6, 0.1, List.of(new CodeAttribution(0, 1, 0.3),
                new CodeAttribution(0, 2, -0.05), new CodeAttribution(1, 3, 0.1), new CodeAttribution(2, 2, 0.25)));

        List<ContributingCode> top = ContributingCode.top(attribution, EXAMPLE, TOKENS,
                Map.of("http://loinc.org|2823-3#q5/5", "Potassium"), 0, 5);

        assertEquals(3, top.size(), "negative attributions do not contribute");
        assertEquals(new ContributingCode("http://loinc.org|2823-3#q5/5", "Potassium", 0.3, 2, 12.0), round(top.get(0)));
        assertEquals(new ContributingCode("http://snomed.info/sct|1", null, 0.25, 0, 0.0), round(top.get(1)));
        assertEquals(new ContributingCode("http://snomed.info/sct|2", null, 0.1, 1, 2.0), round(top.get(2)));
        assertEquals(1, ContributingCode.top(attribution, EXAMPLE, TOKENS, Map.of(), 0, 1).size());
        assertNull(ContributingCode.top(attribution, EXAMPLE, TOKENS, Map.of(), -1, 1).get(0).daysBefore(),
                "no gap feature: no days");
        assertEquals("Top contributing codes: Potassium (q5/5, visit 12 days before), http://snomed.info/sct|1 "
                + "(index visit), http://snomed.info/sct|2 (visit 2 days before)", ContributingCode.rationale(top));
        assertNull(ContributingCode.rationale(List.of()));
    }

    private static ContributingCode round(ContributingCode c) {
        return new ContributingCode(c.token(), c.description(), c.attribution(), c.visitsBefore(),
                (double) Math.round(c.daysBefore() * 1e4) / 1e4);
    }
}
