package dev.outbound.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbound.gateway.AccountKey;
import dev.outbound.gateway.Credential;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
    static final AccountKey ACME = AccountKey.of("custom", "acme");
    final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA").build();

    Credential.ClientCertificate issue(HeldCertificate.Builder builder) {
        HeldCertificate held = builder.signedBy(ca).build();
        // The chain as a vault usually holds it: the leaf, then its issuer.
        return new Credential.ClientCertificate(held.certificatePem() + ca.certificatePem(),
                held.privateKeyPkcs8Pem());
    }

    @Test
    void theSameCertificateKeepsItsContextAndAChangedOneGetsANewContext() {
        ClientCertificates certificates = new ClientCertificates(10);
        Credential.ClientCertificate first = issue(new HeldCertificate.Builder().commonName("acme"));
        Credential.ClientCertificate equalCopy = new Credential.ClientCertificate(first.certificateChainPem(),
                first.privateKeyPem());
        Credential.ClientCertificate renewed = issue(new HeldCertificate.Builder().commonName("acme"));

        SSLContext a = certificates.sslContext(ACME, first);
        assertThat(certificates.sslContext(ACME, equalCopy)).isSameAs(a);
        SSLContext b = certificates.sslContext(ACME, renewed);

        assertThat(b).isNotSameAs(a);
        assertThat(certificates.sslContext(ACME, renewed)).isSameAs(b);
        assertThat(certificates.size()).isEqualTo(1);
    }

    @Test
    void readsRsaAndEcKeys() {
        // That the certificate is presented in a handshake is MutualTlsTest's part, with an EC and an RSA client.
        for (HeldCertificate.Builder kind : new HeldCertificate.Builder[] {
                new HeldCertificate.Builder().commonName("rsa-client").rsa2048(),
                new HeldCertificate.Builder().commonName("ec-client").ecdsa256()}) {
            SSLContext context = ClientCertificates.build(issue(kind), ClientCertificates.defaultTrustManager());
            assertThat(context.getSocketFactory()).isNotNull();
        }
    }

    @Test
    void keepsAtMostMaxAccountsContexts() {
        ClientCertificates certificates = new ClientCertificates(2);
        Credential.ClientCertificate certificate = issue(new HeldCertificate.Builder().commonName("shared"));
        for (String customer : new String[] {"a", "b", "c", "d"}) {
            certificates.sslContext(AccountKey.of("custom", customer), certificate);
        }
        assertThat(certificates.size()).isEqualTo(2);
    }

    @Test
    void anUnreadableKeyIsRefusedWithoutQuotingIt() {
        Credential.ClientCertificate good = issue(new HeldCertificate.Builder().commonName("acme"));
        Credential.ClientCertificate badKey = new Credential.ClientCertificate(good.certificateChainPem(),
                "-----BEGIN PRIVATE KEY-----\nU0VDUkVULUtFWS1NQVRFUklBTA==\n-----END PRIVATE KEY-----\n");
        Credential.ClientCertificate pkcs1 = new Credential.ClientCertificate(good.certificateChainPem(),
                "-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVULUtFWS1NQVRFUklBTA==\n-----END RSA PRIVATE KEY-----\n");
        ClientCertificates certificates = new ClientCertificates(10);

        assertThatThrownBy(() -> certificates.sslContext(ACME, badKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unusable")
                .hasMessageNotContaining("U0VDUkVULUtFWS1NQVRFUklBTA");
        assertThatThrownBy(() -> certificates.sslContext(ACME, pkcs1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8")
                .hasMessageNotContaining("U0VDUkVULUtFWS1NQVRFUklBTA");
        assertThat(certificates.size()).isZero();
    }
}
