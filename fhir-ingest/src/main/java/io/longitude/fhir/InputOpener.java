package io.longitude.fhir;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a file's raw bytes from the start, as often as asked: a bundle is read in two streaming passes (its
 * references first, then its entries), so its file is opened twice.
 */
@FunctionalInterface
public interface InputOpener {

    InputStream open() throws IOException;
}
