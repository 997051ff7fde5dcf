package io.longitude.fhir;

import java.io.Serializable;

/** Why one file, line or resource was not accepted. The message never carries payload or patient data. */
public class RejectRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private String sourceFile;
    /** NDJSON: 1-based line; bundle: 0-based top-level entry index; null for the whole file. */
    private Long location;
    /** Null when unknown. */
    private String resourceType;
    /** Null when unknown. */
    private String resourceId;
    /** A {@link RejectReason} name. */
    private String reason;
    private String message;

    public RejectRecord() {
    }

    public String getSourceFile() {
        return sourceFile;
    }

    public void setSourceFile(String sourceFile) {
        this.sourceFile = sourceFile;
    }

    public Long getLocation() {
        return location;
    }

    public void setLocation(Long location) {
        this.location = location;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getResourceId() {
        return resourceId;
    }

    public void setResourceId(String resourceId) {
        this.resourceId = resourceId;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
