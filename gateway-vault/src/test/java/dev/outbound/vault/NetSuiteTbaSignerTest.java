package dev.outbound.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbound.gateway.Credential;
import dev.outbound.gateway.spi.OutboundRequest;
import dev.outbound.testkit.FakeClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The TBA header checked against a vector computed here, independently, from the documented OAuth 1.0a algorithm
 * (form-encoding from the JDK with the three RFC 3986 fix-ups, a sorted map, the JDK's HMAC).
 */
class NetSuiteTbaSignerTest {
    static final Credential.NetSuiteTba TBA = new Credential.NetSuiteTba("1234567_SB1", "ck-ef01", "cs-23/45+",
            "tok-6789", "ts-ab cd");

    static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    static String expectedSignature(String method, String baseUrl, TreeMap<String, String> params) throws Exception {
        StringBuilder p = new StringBuilder();
        params.forEach((k, v) -> p.append(p.length() == 0 ? "" : "&").append(pct(k)).append('=').append(pct(v)));
        String base = method + "&" + pct(baseUrl) + "&" + pct(p.toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec((pct(TBA.consumerSecret()) + "&" + pct(TBA.tokenSecret()))
                .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theHeaderCarriesTheDocumentedFieldsInOrderAndAnIndependentlyComputedSignature() throws Exception {
        URI url = URI.create("https://1234567-sb1.restlets.api.netsuite.com:443/app/site/hosting/restlet.nl");
        String header = NetSuiteTbaSigner.authorizationHeader("get", url,
                List.of(new String[] {"script", "42"}, new String[] {"deploy", "1"}), TBA, "n0nce", "1767225600");

        TreeMap<String, String> params = new TreeMap<>();
        params.put("deploy", "1");
        params.put("script", "42");
        params.put("oauth_consumer_key", "ck-ef01");
        params.put("oauth_token", "tok-6789");
        params.put("oauth_nonce", "n0nce");
        params.put("oauth_timestamp", "1767225600");
        params.put("oauth_signature_method", "HMAC-SHA256");
        params.put("oauth_version", "1.0");
        String signature = expectedSignature("GET",
                "https://1234567-sb1.restlets.api.netsuite.com/app/site/hosting/restlet.nl", params);

        assertThat(header).isEqualTo("OAuth realm=\"1234567_SB1\", oauth_consumer_key=\"ck-ef01\", "
                + "oauth_token=\"tok-6789\", oauth_nonce=\"n0nce\", oauth_timestamp=\"1767225600\", "
                + "oauth_signature_method=\"HMAC-SHA256\", oauth_version=\"1.0\", oauth_signature=\""
                + pct(signature) + "\"");
    }

    @Test
    void signingARequestUsesAFreshNonceEachTimeAndTheClocksTimestamp() {
        FakeClock clock = new FakeClock();
        NetSuiteTbaSigner signer = new NetSuiteTbaSigner(clock);
        OutboundRequest request = OutboundRequest.builder("POST", "record/v1/customer", "record/v1/customer")
                .url(URI.create("https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer"))
                .build();

        String a = signer.sign(request, TBA).header("Authorization").orElseThrow();
        String b = signer.sign(request, TBA).header("Authorization").orElseThrow();

        assertThat(a).isNotEqualTo(b).contains("oauth_timestamp=\"" + clock.instant().getEpochSecond() + "\"")
                .doesNotContain(TBA.consumerSecret()).doesNotContain(TBA.tokenSecret());
    }
}
