package dev.outbound.vault;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.CredentialStore;
import dev.outbound.gateway.spi.StoredCredential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * A {@link CredentialStore} on HashiCorp Vault's KV v2 secrets engine, through Spring Vault Core. Each account is
 * one secret at {@code <mount>/data/<prefix>/<provider>/<customerId>}; its versions are Vault's versions, and
 * {@link #write} sends Vault's check-and-set option ({@code cas} = the version read, 0 for "only if absent"), so two
 * nodes cannot overwrite each other's rotated refresh token. {@link #delete} removes the secret with all its
 * versions and metadata.
 *
 * <p>Login and Vault token renewal are Spring Vault's (see {@link VaultConnection}). Error messages name the
 * account and Vault's status, never secret data. Thread-safe if the given {@link VaultOperations} is (Spring's
 * {@code VaultTemplate} is).
 */
public final class VaultCredentialStore implements CredentialStore {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String CAS_MISMATCH = "check-and-set parameter did not match";

    private final VaultOperations vault;
    private final String mount;
    private final String prefix;

    private VaultCredentialStore(Builder b) {
        this.vault = b.vault;
        this.mount = b.mount;
        this.prefix = b.prefix;
    }

    /** A builder over Spring Vault operations (a {@code VaultTemplate}, for example from {@link VaultConnection}). */
    public static Builder builder(VaultOperations vault) {
        return new Builder(vault);
    }

    /** The created and updated times of an account's secret, and its current version. Immutable. */
    public record SecretMetadata(Instant createdTime, Instant updatedTime, long currentVersion) {
    }

    /** The secret's path below the mount, e.g. {@code outbound/salesforce/acme}. */
    public String secretPath(AccountKey account) {
        Objects.requireNonNull(account, "account");
        // AccountKey has already rejected separators, control characters and "." / ".." as customer ids.
        return (prefix.isEmpty() ? "" : prefix + "/") + account.provider() + "/" + account.customerId();
    }

    @Override
    public Optional<StoredCredential> read(AccountKey account) {
        String path = mount + "/data/" + secretPath(account);
        VaultResponse response;
        try {
            response = vault.read(path);
        } catch (RuntimeException e) {
            throw failure("read", account, e);
        }
        if (response == null || response.getData() == null || !(response.getData().get("data") instanceof Map)) {
            return Optional.empty();
        }
        Map<String, Object> data = response.getData();
        @SuppressWarnings("unchecked")
        Map<String, Object> secret = (Map<String, Object>) data.get("data");
        Map<?, ?> metadata = data.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
        long version = number(metadata.get("version"));
        Instant created = instant(metadata.get("created_time"));
        try {
            return Optional.of(new StoredCredential(CredentialCodec.decode(secret), version, created));
        } catch (IllegalArgumentException e) {
            throw new CredentialStoreException("secret of " + account + " (version " + version
                    + ") is not a credential: " + e.getMessage());
        }
    }

    @Override
    public StoredCredential write(AccountKey account, Credential credential, long expectedVersion) {
        Objects.requireNonNull(credential, "credential");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0, was " + expectedVersion);
        }
        String path = mount + "/data/" + secretPath(account);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", CredentialCodec.encode(credential));
        body.put("options", Map.of("cas", expectedVersion));
        VaultResponse response;
        try {
            response = vault.write(path, body);
        } catch (VaultException e) {
            if (String.valueOf(e.getMessage()).contains(CAS_MISMATCH)) {
                throw new CredentialConflictException("check-and-set failed for " + account + ": expected version "
                        + expectedVersion + " but Vault holds another");
            }
            throw failure("write", account, e);
        } catch (RuntimeException e) {
            throw failure("write", account, e);
        }
        Map<String, Object> meta = response == null || response.getData() == null ? Map.of() : response.getData();
        long version = number(meta.get("version"));
        if (version < 1) {
            throw new CredentialStoreException("Vault accepted the write for " + account + " but returned no version");
        }
        return new StoredCredential(credential, version, instant(meta.get("created_time")));
    }

    @Override
    public boolean delete(AccountKey account) {
        String path = mount + "/metadata/" + secretPath(account);
        try {
            boolean existed = vault.read(path) != null;
            vault.delete(path);
            return existed;
        } catch (RuntimeException e) {
            throw failure("delete", account, e);
        }
    }

    /** The secret's metadata, or empty when the account has no secret. */
    public Optional<SecretMetadata> metadata(AccountKey account) {
        String path = mount + "/metadata/" + secretPath(account);
        VaultResponse response;
        try {
            response = vault.read(path);
        } catch (RuntimeException e) {
            throw failure("read metadata", account, e);
        }
        if (response == null || response.getData() == null) {
            return Optional.empty();
        }
        Map<String, Object> m = response.getData();
        return Optional.of(new SecretMetadata(instant(m.get("created_time")), instant(m.get("updated_time")),
                number(m.get("current_version"))));
    }

    private static CredentialStoreException failure(String what, AccountKey account, RuntimeException e) {
        // Spring's messages carry the HTTP status, the path and Vault's error strings; never the request body.
        return new CredentialStoreException("Vault " + what + " failed for " + account + ": "
                + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? 0 : Long.parseLong(o.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(Object o) {
        if (o == null || o.toString().isEmpty()) {
            return Instant.EPOCH;
        }
        return Instant.parse(o.toString());
    }

    @Override
    public String toString() {
        return "VaultCredentialStore[" + mount + "/" + prefix + "]";
    }

    /** Builds a {@link VaultCredentialStore}. Not thread-safe. */
    public static final class Builder {
        private final VaultOperations vault;
        private String mount = "secret";
        private String prefix = "outbound";

        private Builder(VaultOperations vault) {
            this.vault = Objects.requireNonNull(vault, "vault");
        }

        /** The KV v2 mount; default {@code secret}. */
        public Builder mount(String mount) {
            this.mount = segment(mount, "mount");
            return this;
        }

        /** The path below the mount under which accounts live, one or more segments; default {@code outbound}. */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty()) {
                for (String s : prefix.split("/", -1)) {
                    segment(s, "prefix segment");
                }
            }
            this.prefix = prefix;
            return this;
        }

        public VaultCredentialStore build() {
            return new VaultCredentialStore(this);
        }

        private static String segment(String value, String name) {
            if (value == null || !SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
                throw new IllegalArgumentException(name + " must be 1-64 characters of letters, digits, . _ -, not"
                        + " starting with '.', was '" + value + "'");
            }
            return value;
        }
    }
}
