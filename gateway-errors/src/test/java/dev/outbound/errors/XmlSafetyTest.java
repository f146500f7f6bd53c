package dev.outbound.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

class XmlSafetyTest {
    private static final String MARKER = "XXE-MARKER-7f3a91";

    @TempDir
    Path dir;
    private Path secretFile;
    private final GenericErrorClassifier classifier = GenericErrorClassifier.create();

    @BeforeEach
    void writeAFileAnAttackerWouldLikeToRead() throws Exception {
        secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, MARKER);
    }

    private ErrorEnvelope classify(int status, String body) {
        ProviderResponse r = ProviderResponse.of(status, Map.of("Content-Type", List.of("application/xml")),
                body.getBytes(StandardCharsets.UTF_8));
        return classifier.classify(r).orElseThrow();
    }

    @Test
    void doesNotResolveAnExternalEntityPointingAtALocalFile() {
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE error [ <!ENTITY xxe SYSTEM \"" + secretFile.toUri()
                + "\"> ]>\n<error><code>&xxe;</code><message>&xxe;</message></error>";

        ErrorEnvelope e = classify(400, body);

        assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION_ERROR);
        assertThat(e.toString() + e.rawError() + e.message() + e.providerCode()).doesNotContain(MARKER);
        assertThat(e.providerCode()).isEmpty();
    }

    @Test
    void doesNotResolveAnEntityPointingAtEtcPasswd() {
        String body = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>"
                + "<faultcode>&x;</faultcode><faultstring>&x;</faultstring></soap:Fault></soap:Body></soap:Envelope>";

        ErrorEnvelope e = classify(500, body);

        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.message() + e.providerCode() + e.rawError()).doesNotContain("root:");
    }

    @Test
    void doesNotLoadAnExternalDtdOrParameterEntity() {
        String body = "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"" + secretFile.toUri() + "\">"
                + "<!-- --><error><message>hello</message></error>";
        String param = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"" + secretFile.toUri()
                + "\"> %p;]><error><message>hi</message></error>";

        assertThat(classify(400, body).toString()).doesNotContain(MARKER);
        assertThat(classify(400, param).toString()).doesNotContain(MARKER);
    }

    @Test
    void doesNotFollowXInclude() {
        String body = "<error xmlns:xi=\"http://www.w3.org/2001/XInclude\"><message><xi:include href=\""
                + secretFile.toUri() + "\" parse=\"text\"/></message><code>E1</code></error>";

        ErrorEnvelope e = classify(400, body);

        assertThat(e.providerCode()).isEqualTo("E1");
        assertThat(e.toString()).doesNotContain(MARKER);
    }

    @Test
    void readsABillionLaughsPayloadQuicklyWithoutExpandingIt() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                b.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            b.append("\">\n");
        }
        b.append("]>\n<error><message>&lol9;</message></error>");

        long start = System.nanoTime();
        ErrorEnvelope e = classify(503, b.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(2_000);
        assertThat(e.category()).isEqualTo(ErrorCategory.SERVER_ERROR);
        assertThat(e.message()).doesNotContain("lollol");
    }

    @Test
    void safeDomParserRejectsADoctype() {
        byte[] body = ("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + secretFile.toUri() + "\">]><r>&x;</r>")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(SafeXml.parse(body)).isEmpty();
        assertThatThrownBy(() -> SafeXml.newDocumentBuilder().parse(new ByteArrayInputStream(body)))
                .isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void safeSaxParserRejectsADoctype() {
        byte[] body = ("<!DOCTYPE r [<!ENTITY x SYSTEM \"" + secretFile.toUri() + "\">]><r>&x;</r>")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SafeXml.newSaxParser().parse(new ByteArrayInputStream(body), new DefaultHandler()))
                .isInstanceOf(SAXException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void safeDomParserReadsAnOrdinaryDocument() {
        assertThat(SafeXml.parse("<error><code>E</code></error>"))
                .hasValueSatisfying(d -> assertThat(d.getDocumentElement().getTextContent()).isEqualTo("E"));
    }

    @Test
    void givesAStatusEnvelopeForTruncatedXml() {
        ErrorEnvelope e = classify(404, "<Errors><Error><errorCode>NOT_FOUND</errorCode><message>The req");

        assertThat(e.category()).isEqualTo(ErrorCategory.NOT_FOUND);
        assertThat(e.providerCode()).isEqualTo("NOT_FOUND");
    }
}
