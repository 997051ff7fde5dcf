package io.longitude.cohort.aces;

import java.io.Serializable;

/**
 * How one window point ({@code <window>.start|end}) is placed from its parent point (the trigger or another
 * window point); {@code mayCoincide}: whether an event bound may land on the parent point itself.
 */
public record NodeStep(String node, String parent, WindowBound bound, boolean mayCoincide) implements Serializable {
}
