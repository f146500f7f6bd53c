package dev.outbound.examples;

import dev.outbound.config.ConfigLoader;
import dev.outbound.config.ConfigProblem;
import dev.outbound.config.FileConfigStore;
import dev.outbound.config.IntegrationConfig;
import dev.outbound.config.LoadedConfig;
import dev.outbound.config.RefreshReport;
import dev.outbound.config.mapping.FixedRateTable;
import dev.outbound.config.mapping.TransformRegistry;
import dev.outbound.gateway.Credential;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The customers' configuration as the demo ships it: documents copied out of the class path with the simulators'
 * addresses filled in, loaded through a {@link FileConfigStore}, and the secrets they reference. Stateless.
 */
final class DemoConfig {
    /** Class-path directory of the customers' configuration documents. */
    static final String CONFIG_RESOURCE = "demo-config";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9.]+)}");

    private DemoConfig() {
    }

    /**
     * Copies the shipped documents to {@code target}, filling in each {@code ${name}} from {@code placeholders}.
     *
     * @throws IllegalStateException if a document names a placeholder that is not given
     */
    static void copyConfig(Path target, Map<String, String> placeholders) throws IOException {
        URI uri;
        try {
            uri = Objects.requireNonNull(DemoConfig.class.getResource("/" + CONFIG_RESOURCE),
                    CONFIG_RESOURCE + " is missing from the class path").toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(jar.provider().getPath(uri), target, placeholders);
            }
        } else {
            copyTree(Path.of(uri), target, placeholders);
        }
    }

    private static void copyTree(Path from, Path to, Map<String, String> placeholders) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String relative = from.relativize(file).toString();
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String value = placeholders.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(CONFIG_RESOURCE + "/" + relative + " uses ${" + m.group(1)
                            + "}: the demo fills in only " + placeholders.keySet());
                }
                m.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            m.appendTail(filled);
            Path copy = to.resolve(relative);
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, filled, StandardCharsets.UTF_8);
        }
    }

    /**
     * A store over {@code dir}, refreshed once. The demo refuses to start with a rejected document: a customer would
     * silently not sync.
     */
    static FileConfigStore loadConfig(Path dir, Clock clock) {
        FileConfigStore store = FileConfigStore.builder().directory(dir).loader(configLoader(clock)).build();
        RefreshReport report = store.refresh();
        if (!report.rejected().isEmpty()) {
            store.close();
            throw new IllegalStateException("demo configuration rejected: " + report.rejected().stream()
                    .map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        return store;
    }

    /** The loader the demo's documents are read with: built-in transforms and the demo's currency rates. */
    static ConfigLoader configLoader(Clock clock) {
        TransformRegistry transforms = TransformRegistry.builder()
                .rateTable(FixedRateTable.builder().rate("USD", "EUR", "0.92").build())
                .build();
        return ConfigLoader.builder().transforms(transforms).clock(clock).build();
    }

    /**
     * The credential a document references. The demo's stand-in for a vault holds secrets by the reference names
     * the documents use; the documents never hold a secret.
     */
    static Credential credential(LoadedConfig c) {
        Credential credential = demoSecrets().get(c.config().credentialRef());
        if (credential == null) {
            throw new IllegalStateException(c.source() + " references credential '" + c.config().credentialRef()
                    + "', which the demo's secrets do not hold");
        }
        return credential;
    }

    private static Map<String, Credential> demoSecrets() {
        return Map.of(
                "demo/crm/acme", Credential.OAuth2Token.bearer("crm-token-acme", null),
                "demo/crm/globex", Credential.OAuth2Token.bearer("crm-token-globex", null),
                "demo/crm/initech", Credential.OAuth2Token.bearer("crm-token-initech-revoked", null),
                "demo/erp/acme", Credential.ApiKey.header("X-Api-Key", "erp-key-acme"),
                "demo/erp/umbrella", Credential.ApiKey.header("X-Api-Key", "erp-key-umbrella"),
                "demo/erp/hooli", Credential.ApiKey.header("X-Api-Key", "erp-key-hooli"));
    }

    /** The path under the simulator where a customer's records are: its base URL's path, then its API version. */
    static String sourcePath(IntegrationConfig c) {
        String base = c.baseUrl().map(URI::getPath).orElse("");
        return c.provider().equals("crm") ? base + "/" + c.apiVersion().orElse(SyncDemo.CRM_VERSION) : base;
    }

    /** Removes the demo's copy of the documents; a copy left behind in the temp directory is harmless. */
    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless; the demo's result is not.
        }
    }
}
