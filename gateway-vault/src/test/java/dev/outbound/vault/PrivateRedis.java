package dev.outbound.vault;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own on a free port, without persistence, that the test may stop or kill
 * (never the shared one). Skips the calling test when no {@code redis-server} binary is installed.
 */
final class PrivateRedis implements AutoCloseable {
    private final Process process;
    final int port;

    private PrivateRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PrivateRedis start() throws IOException, InterruptedException {
        String binary = locate();
        Assumptions.assumeTrue(binary != null, "redis-server is not installed; skipping a test that needs its own");
        int port = SilentPeer.closedPort();
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
                "--bind", "127.0.0.1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
                return new PrivateRedis(p, port);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static String locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Stops the server process (SIGSTOP): it keeps its connections open and answers nothing, as a hung one does. */
    void freeze() throws IOException, InterruptedException {
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
        if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
            throw new IllegalStateException("could not stop redis-server " + process.pid());
        }
    }

    /** Kills the server at once, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
