package io.longitude.jobs.ingest;

import java.io.Serializable;

/** One input file as listed, without reading it: its path, size and modification time. */
record InputFile(String path, long size, long modified) implements Serializable {
}
