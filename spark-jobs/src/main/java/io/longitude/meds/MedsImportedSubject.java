package io.longitude.meds;

import io.longitude.fhir.RejectRecord;
import io.longitude.fhir.VisitSequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one subject's MEDS rows became: its visit sequence (null when no row was accepted), the rows rejected,
 * how many were accepted, and whether its visits are calendar days (it has no encounter rows).
 */
public class MedsImportedSubject implements Serializable {

    private static final long serialVersionUID = 1L;

    private long subjectId;
    private VisitSequence sequence;
    private List<RejectRecord> rejects = new ArrayList<>();
    private long rowsAccepted;
    private boolean dayVisits;

    public MedsImportedSubject() {
    }

    public long getSubjectId() {
        return subjectId;
    }

    public void setSubjectId(long subjectId) {
        this.subjectId = subjectId;
    }

    public VisitSequence getSequence() {
        return sequence;
    }

    public void setSequence(VisitSequence sequence) {
        this.sequence = sequence;
    }

    public List<RejectRecord> getRejects() {
        return rejects;
    }

    public void setRejects(List<RejectRecord> rejects) {
        this.rejects = rejects;
    }

    public long getRowsAccepted() {
        return rowsAccepted;
    }

    public void setRowsAccepted(long rowsAccepted) {
        this.rowsAccepted = rowsAccepted;
    }

    public boolean isDayVisits() {
        return dayVisits;
    }

    public void setDayVisits(boolean dayVisits) {
        this.dayVisits = dayVisits;
    }
}
