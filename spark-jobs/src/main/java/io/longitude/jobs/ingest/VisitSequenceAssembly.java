package io.longitude.jobs.ingest;

import io.longitude.ingest.EncounterRecord;
import io.longitude.ingest.EventRecord;
import io.longitude.ingest.ExtractedRecord;
import io.longitude.ingest.PatientRecord;
import io.longitude.ingest.Pseudonymiser;
import io.longitude.ingest.VisitSequence;
import io.longitude.ingest.VisitSequenceBuilder;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One patient's co-grouped records to its visit sequence. */
final class VisitSequenceAssembly
        implements Function<Tuple2<String, Tuple2<Iterable<PatientRecord>, Iterable<ExtractedRecord>>>, VisitSequence> {

    private final Pseudonymiser pseudonymiser;

    VisitSequenceAssembly(Pseudonymiser pseudonymiser) {
        this.pseudonymiser = pseudonymiser;
    }

    @Override
    public VisitSequence call(Tuple2<String, Tuple2<Iterable<PatientRecord>, Iterable<ExtractedRecord>>> group) {
        Iterator<PatientRecord> patients = group._2()._1().iterator();
        // Only resolved records are co-grouped, and duplicates were removed before: exactly one patient.
        PatientRecord patient = patients.next();
        List<EncounterRecord> encounters = new ArrayList<>();
        List<EventRecord> events = new ArrayList<>();
        for (ExtractedRecord record : group._2()._2()) {
            if (record.getEncounter() != null) {
                encounters.add(record.getEncounter());
            } else {
                events.addAll(record.getEvents());
            }
        }
        return new VisitSequenceBuilder().build(pseudonymiser.key(group._1()), patient, encounters, events, pseudonymiser);
    }
}
