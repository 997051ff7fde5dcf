package io.longitude.models.explain;

import java.io.Serializable;

/**
 * The attribution of one present code input: code id {@code code} at visit {@code visit} (the index in the
 * example's own visits, oldest first) pushed the output probability up (positive) or down (negative) by
 * {@code attribution}.
 */
public record CodeAttribution(int visit, int code, double attribution) implements Serializable {
}
