package io.longitude.cohort;


import io.longitude.fhir.Visit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.longitude.cohort.TestPatients.event;
import static io.longitude.cohort.TestPatients.task;
import static io.longitude.cohort.TestPatients.visit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StayTest {

    private final TaskConfig config = task("readmission-30d");
    private final Instant dataEnd = Instant.parse("2021-01-01T00:00:00Z");

    @Test
    void encountersStartingWithinSixHoursOfTheLatestEndAreOneStay() {
        List<Visit> visits = List.of(
                visit("a", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z"),
                // starts inside a, ends before a: the latest end stays a's
                visit("b", "ACUTE", "2020-01-02T10:00:00Z", "2020-01-03T10:00:00Z"),
                visit("c", "NONAC", "2020-01-05T16:00:00Z", "2020-01-08T10:00:00Z"),
                visit("d", "IMP", "2020-01-08T16:00:01Z", "2020-01-09T10:00:00Z"),
                visit("amb", "AMB", "2020-01-08T12:00:00Z", "2020-01-08T13:00:00Z"));
        List<Stay> stays = Stay.of(visits, config);
        assertEquals(2, stays.size());
        assertEquals(List.of("a", "b", "c"), stays.get(0).encounters().stream().map(Visit::getEncounterKey).toList());
        assertEquals(Instant.parse("2020-01-08T10:00:00Z"), stays.get(0).end());
        assertEquals(Instant.parse("2020-01-08T16:00:01Z"), stays.get(1).start());
        assertEquals("a", stays.get(0).indexEncounter().getEncounterKey());
    }

    @Test
    void theTransferGapIsAConfigKey() {
        List<Visit> visits = List.of(visit("a", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z"),
                visit("b", "IMP", "2020-01-05T15:00:00Z", "2020-01-06T10:00:00Z"));
        assertEquals(1, Stay.of(visits, config).size());
        assertEquals(2, Stay.of(visits, task("readmission-30d", "task.transfer-gap-hours=4")).size());
    }

    @Test
    void excludedStatusesAndOtherClassesAreNotStays() {
        Visit cancelled = visit("x", "IMP", "2020-02-01T10:00:00Z", "2020-02-02T10:00:00Z");
        cancelled.setStatus("cancelled");
        Visit noStart = visit("y", "IMP", "2020-03-01T10:00:00Z", "2020-03-02T10:00:00Z");
        noStart.setStart(null);
        assertTrue(Stay.of(List.of(cancelled, noStart, visit("e", "EMER", "2020-01-01T10:00:00Z",
                "2020-01-01T12:00:00Z")), config).isEmpty());
    }

    @Test
    void aStayWithAnEncounterOfUnknownEndIsOpen() {
        List<Visit> visits = List.of(visit("a", "IMP", "2020-01-01T10:00:00Z", null),
                visit("b", "IMP", "2020-01-01T14:00:00Z", "2020-01-02T10:00:00Z"),
                visit("c", "IMP", "2020-03-01T10:00:00Z", null));
        List<Stay> stays = Stay.of(visits, config);
        assertEquals(2, stays.size());
        assertTrue(stays.get(0).open());
        assertNull(stays.get(0).end());
        assertEquals(2, stays.get(0).encounters().size());
        assertTrue(stays.get(1).open());
    }

    @Test
    void deathWithinFortyEightHoursAfterTheEndIsInHospital() {
        Stay stay = Stay.of(List.of(visit("a", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z")), config).get(0);
        assertTrue(stay.diedInHospital(Instant.parse("2020-01-01T10:00:00Z"), dataEnd, config));
        assertTrue(stay.diedInHospital(Instant.parse("2020-01-07T10:00:00Z"), dataEnd, config));
        assertFalse(stay.diedInHospital(Instant.parse("2020-01-07T10:00:01Z"), dataEnd, config));
        assertFalse(stay.diedInHospital(Instant.parse("2020-01-01T09:59:59Z"), dataEnd, config));
        assertFalse(stay.diedInHospital(null, dataEnd, config));
        assertFalse(stay.diedInHospital(Instant.parse("2020-01-08T10:00:00Z"), dataEnd,
                task("readmission-30d", "task.death-window-hours=24")));
    }

    @Test
    void anOpenStayUsesTheDataEndForItsDeathWindow() {
        Stay open = Stay.of(List.of(visit("a", "IMP", "2020-01-01T10:00:00Z", null)), config).get(0);
        assertTrue(open.diedInHospital(Instant.parse("2021-01-02T23:00:00Z"), dataEnd, config));
        assertFalse(open.diedInHospital(Instant.parse("2021-01-03T00:00:01Z"), dataEnd, config));
    }

    @Test
    void anExpiredDischargeDispositionIsInHospitalDeath() {
        Visit expired = visit("a", "IMP", "2020-01-01T10:00:00Z", "2020-01-05T10:00:00Z");
        expired.setDischargeDisposition("http://www.nubc.org/patient-discharge|20");
        Visit home = visit("b", "IMP", "2020-02-01T10:00:00Z", "2020-02-05T10:00:00Z");
        home.setDischargeDisposition("http://www.nubc.org/patient-discharge|01");
        List<Stay> stays = Stay.of(List.of(expired, home), config);
        assertTrue(stays.get(0).diedInHospital(null, dataEnd, config));
        assertFalse(stays.get(1).diedInHospital(null, dataEnd, config));
    }

    @Test
    void aStayIsPlannedWhenOneEncounterHoldsAPlannedProcedure() {
        List<Stay> stays = Stay.of(List.of(
                visit("a", "IMP", "2020-01-01T10:00:00Z", "2020-01-02T10:00:00Z"),
                visit("b", "IMP", "2020-01-02T12:00:00Z", "2020-01-03T10:00:00Z",
                        event("procedure", "2020-01-02T12:00:00Z", "367336001")),
                visit("c", "IMP", "2020-03-01T10:00:00Z", "2020-03-02T10:00:00Z",
                        event("condition", "2020-03-01T10:00:00Z", "367336001"),
                        event("procedure", "2020-03-01T10:00:00Z", "11111111"))), config);
        assertEquals(2, stays.size());
        assertTrue(stays.get(0).planned(config));
        assertFalse(stays.get(1).planned(config), "only a Procedure makes a stay planned");
    }
}
