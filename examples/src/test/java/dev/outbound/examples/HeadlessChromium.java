package dev.outbound.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium, driven as a person's browser would be: it loads a page and gives back the DOM it built
 * or a screenshot of what it drew. Each use starts a fresh browser with an empty profile and the flags that keep it
 * off the network (this machine's network is closed). Absent browser: the test is skipped with a message, unless
 * {@code CI=true}, where it fails. Not thread-safe; one test at a time.
 */
final class HeadlessChromium {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, when one is installed. */
    static Optional<HeadlessChromium> find(Path work) {
        return Optional.ofNullable(System.getenv("CHROMIUM_BIN")).map(Path::of).filter(Files::isExecutable)
                .or(() -> CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst())
                .map(binary -> new HeadlessChromium(binary, work));
    }

    /** Skips the running test (fails it when {@code CI=true}) because no browser is installed. */
    static void skipOrFailWhenAbsent() {
        String message = "headless Chromium not found (looked at $CHROMIUM_BIN and " + CANDIDATES
                + "); install Debian's package: apt-get install -y chromium";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + " — CI=true, so this test may not be skipped");
        }
        Assumptions.abort(message);
    }

    /** The DOM after the page loaded, as {@code --dump-dom} prints it. */
    String dumpDom(URI url) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "dom", ".html");
        run(List.of("--dump-dom", url.toString()), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG screenshot of the page in a window of the given size. */
    Path screenshot(URI url, int width, int height) throws IOException, InterruptedException {
        Path png = work.resolve("shot-" + System.nanoTime() + ".png");
        run(List.of("--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars",
                url.toString()), work.resolve("shot-" + System.nanoTime() + ".log"));
        assertThat(png).as("Chromium wrote a screenshot").exists();
        return png;
    }

    private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(args);
        Path stderr = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 90 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("Chromium exited with " + p.exitValue() + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
    }
}
