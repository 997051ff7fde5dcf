package io.longitude.jobs.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} (CI: {@code apt-get install -y chromium}) in headless mode, printing the DOM of a
 * local page after it has loaded and its scripts have run.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
        String binary = System.getProperty("longitude.chromium", "chromium");
        Path log = Files.createTempFile(profile, "chromium", ".log");
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--allow-file-access-from-files",
                    "--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=10000", "--dump-dom",
                    page.toUri().toString()))
                    .redirectError(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("headless Chromium is needed for this test: install Debian's chromium "
                    + "(apt-get install -y chromium) or point -Dlongitude.chromium at a Chromium binary", e);
        }
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium failed: " + Files.readString(log));
        }
        return dom;
    }
}
