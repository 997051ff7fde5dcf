package io.longitude.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pipeline run per warehouse: {@code <warehouse>/_lock} is created atomically and names the holder
 * (pid, host, run id, start). A lock whose process is gone from this host is stale: it is reported and
 * taken over. A live holder, or one on another host (whose liveness cannot be checked from here), refuses
 * the new run.
 */
final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String staleReport;

    private RunLock(Path file, String staleReport) {
        this.file = file;
        this.staleReport = staleReport;
    }

    static RunLock acquire(Path file, String runId) {
        String staleReport = null;
        try {
            Files.createDirectories(file.getParent());
            Map<String, Object> holder = new LinkedHashMap<>();
            holder.put("pid", ProcessHandle.current().pid());
            holder.put("host", host());
            holder.put("runId", runId);
            holder.put("started", Instant.now().toString());
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(Files.createFile(file), JSON.writeValueAsString(holder));
                    return new RunLock(file, staleReport);
                } catch (FileAlreadyExistsException e) {
                    Map<?, ?> other = JSON.readValue(file.toFile(), Map.class);
                    long pid = ((Number) other.get("pid")).longValue();
                    boolean sameHost = host().equals(other.get("host"));
                    if (sameHost && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        throw new RunLockedException("another run (" + other.get("runId") + ", pid " + pid
                                + ", started " + other.get("started") + ") holds " + file);
                    }
                    if (!sameHost) {
                        throw new RunLockedException("a run on host " + other.get("host") + " (" + other.get("runId")
                                + ", started " + other.get("started") + ") holds " + file
                                + "; remove it by hand if that run is dead");
                    }
                    staleReport = "stale lock of run " + other.get("runId") + " (pid " + pid + ", started "
                            + other.get("started") + ", process gone) taken over";
                    LOG.warn(staleReport);
                    Files.delete(file);
                }
            }
            throw new RunLockedException("could not take " + file + " (another run raced for it)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the warehouse lock " + file, e);
        }
    }

    /** The report of a stale lock that was taken over, or null. */
    String staleReport() {
        return staleReport;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file, e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
