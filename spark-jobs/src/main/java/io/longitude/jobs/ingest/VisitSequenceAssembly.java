package io.longitude.jobs.ingest;

import io.longitude.fhir.EncounterRecord;
import io.longitude.fhir.EventRecord;
import io.longitude.fhir.ExtractedRecord;
import io.longitude.fhir.PatientRecord;
import io.longitude.fhir.Pseudonymiser;
import io.longitude.fhir.VisitSequence;
import io.longitude.fhir.VisitSequenceBuilder;
import org.apache.spark.api.java.function.CoGroupFunction;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** One patient's co-grouped records to its visit sequence. */
final class VisitSequenceAssembly
        implements CoGroupFunction<String, PatientRecord, Tuple2<String, ExtractedRecord>, VisitSequence> {

    private final Pseudonymiser pseudonymiser;

    VisitSequenceAssembly(Pseudonymiser pseudonymiser) {
        this.pseudonymiser = pseudonymiser;
    }

    @Override
    public Iterator<VisitSequence> call(String patientRef, Iterator<PatientRecord> patients,
                                        Iterator<Tuple2<String, ExtractedRecord>> records) {
        // Only resolved records are co-grouped, and duplicates were removed before: exactly one patient.
        PatientRecord patient = patients.next();
        List<EncounterRecord> encounters = new ArrayList<>();
        List<EventRecord> events = new ArrayList<>();
        while (records.hasNext()) {
            ExtractedRecord record = records.next()._2();
            if (record.getEncounter() != null) {
                encounters.add(record.getEncounter());
            } else {
                events.addAll(record.getEvents());
            }
        }
        return List.of(new VisitSequenceBuilder().build(pseudonymiser.key(patientRef), patient, encounters, events,
                pseudonymiser)).iterator();
    }
}
