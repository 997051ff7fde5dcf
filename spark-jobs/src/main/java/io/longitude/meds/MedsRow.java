package io.longitude.meds;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * One row of MEDS data ({@link MedsSchema}: {@code time} the UTC wall clock, null for a static row; {@code unit}
 * null when the dataset has no such column), both ways: the export ({@link MedsTimeline}) also sets where the row
 * is written (the subject's {@code split} and the row's {@code position} in the subject's timeline), the import
 * ({@code ingest --input-format meds}) the file it came from, which a reject names.
 */
public class MedsRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private String split;
    private Long subjectId;
    private Integer position;
    private LocalDateTime time;
    private String code;
    private Float numericValue;
    private String textValue;
    private String unit;
    private Integer visitIndex;
    private String eventKind;
    private String sourceFile;

    public MedsRow() {
    }

    public String getSplit() {
        return split;
    }

    public void setSplit(String split) {
        this.split = split;
    }

    public Long getSubjectId() {
        return subjectId;
    }

    public void setSubjectId(Long subjectId) {
        this.subjectId = subjectId;
    }

    public Integer getPosition() {
        return position;
    }

    public void setPosition(Integer position) {
        this.position = position;
    }

    public LocalDateTime getTime() {
        return time;
    }

    public void setTime(LocalDateTime time) {
        this.time = time;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public Float getNumericValue() {
        return numericValue;
    }

    public void setNumericValue(Float numericValue) {
        this.numericValue = numericValue;
    }

    public String getTextValue() {
        return textValue;
    }

    public void setTextValue(String textValue) {
        this.textValue = textValue;
    }

    public String getUnit() {
        return unit;
    }

    public void setUnit(String unit) {
        this.unit = unit;
    }

    /** {@link MedsSchema#VISIT_INDEX}; null when the dataset has no such column or the row is on no visit. */
    public Integer getVisitIndex() {
        return visitIndex;
    }

    public void setVisitIndex(Integer visitIndex) {
        this.visitIndex = visitIndex;
    }

    public String getEventKind() {
        return eventKind;
    }

    public void setEventKind(String eventKind) {
        this.eventKind = eventKind;
    }

    public String getSourceFile() {
        return sourceFile;
    }

    public void setSourceFile(String sourceFile) {
        this.sourceFile = sourceFile;
    }
}
