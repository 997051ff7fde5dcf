package io.longitude.meds;

import java.io.Serializable;
import java.time.LocalDateTime;

/**
 * One row of MEDS data ({@link MedsSchema}) as a bean, plus what the export sorts and partitions it by: the
 * subject's split and the row's position in the subject's timeline. {@code time} is the UTC wall clock (MEDS
 * times carry no zone), null for a static row.
 */
public class MedsEvent implements Serializable {

    private static final long serialVersionUID = 1L;

    private String split;
    private long subjectId;
    private int position;
    private LocalDateTime time;
    private String code;
    private Float numericValue;
    private String textValue;
    private String unit;
    private Integer visitIndex;
    private String eventKind;

    public MedsEvent() {
    }

    public String getSplit() {
        return split;
    }

    public void setSplit(String split) {
        this.split = split;
    }

    public long getSubjectId() {
        return subjectId;
    }

    public void setSubjectId(long subjectId) {
        this.subjectId = subjectId;
    }

    public int getPosition() {
        return position;
    }

    public void setPosition(int position) {
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
}
