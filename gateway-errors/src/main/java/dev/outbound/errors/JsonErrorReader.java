package dev.outbound.errors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Finds the error code and message in a JSON error body by streaming over it, so that a body cut at the capture
 * limit still yields what its first part says. Common shapes: OAuth {@code {"error","error_description"}},
 * {@code {"error":{"code","message"}}} (OData, Stripe, Dataverse, SAP; SAP V2 nests {@code message.value}),
 * {@code {"message","code"}}, {@code {"errors":[...]}}, NetSuite {@code o:errorDetails}, Salesforce
 * {@code [{"message","errorCode"}]}.
 *
 * <p>Candidates are ranked: a proper message key beats a fallback ({@code title}); the top level beats an
 * {@code error} object, which beats the first entry of an error list, which beats anything deeper; on a tie the
 * first one seen wins. Stateless and thread-safe.
 */
final class JsonErrorReader {
    private static final Set<String> MESSAGE_KEYS = Set.of("message", "errormessage", "errordescription", "detail",
            "description", "faultstring", "errormsg", "msg", "errorsummary", "localizedmessage", "reasonphrase");
    private static final Set<String> FALLBACK_MESSAGE_KEYS = Set.of("title", "statustext", "text", "summary");
    private static final Set<String> CODE_KEYS = Set.of("code", "errorcode", "errortype", "faultcode", "errorkey",
            "subcode");
    private static final Set<String> FALLBACK_CODE_KEYS = Set.of("type", "category", "reason", "statuscode",
            "errorname", "name");
    private static final Set<String> ERROR_OBJECT_KEYS = Set.of("error", "fault", "err");
    private static final Set<String> ERROR_LIST_KEYS = Set.of("errors", "details", "errordetails", "messages",
            "faults", "fielderrors", "errormessages", "causes");

    private static final int MAX_TOKENS = 200_000;

    private final JsonFactory factory = SafeJson.newFactory();

    /** One container being read: its rank and what the key that led to it was. */
    private static final class Frame {
        final boolean array;
        final int rank;
        final boolean messageHolder;
        final boolean errorList;
        int elements;

        Frame(boolean array, int rank, boolean messageHolder, boolean errorList) {
            this.array = array;
            this.rank = rank;
            this.messageHolder = messageHolder;
            this.errorList = errorList;
        }
    }

    /** Best code and message seen so far. */
    private static final class Best {
        String code = "";
        int codeScore = Integer.MAX_VALUE;
        String message = "";
        int messageScore = Integer.MAX_VALUE;
        boolean sawStructure;

        void code(String value, int tier, int rank) {
            int score = tier * 1000 + rank;
            if (!value.isBlank() && score < codeScore) {
                code = value.strip();
                codeScore = score;
            }
        }

        void message(String value, int tier, int rank) {
            int score = tier * 1000 + rank;
            if (!value.isBlank() && score < messageScore) {
                message = value;
                messageScore = score;
            }
        }
    }

    /** What the JSON at the start of {@code text} says; whatever was read before a syntax error counts. */
    BodyFindings read(String text) {
        Best best = new Best();
        try (JsonParser p = factory.createParser(text)) {
            walk(p, best);
        } catch (IOException | RuntimeException stopped) {
            // Truncated or malformed: keep what was found before the break.
        }
        return new BodyFindings(best.sawStructure, Texts.cleanCode(best.code), Texts.cleanMessage(best.message));
    }

    private static void walk(JsonParser p, Best best) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        String field = null;
        int tokens = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null && tokens++ < MAX_TOKENS) {
            Frame parent = stack.peek();
            switch (t) {
                case FIELD_NAME -> field = p.currentName();
                case START_OBJECT, START_ARRAY -> {
                    best.sawStructure = true;
                    String key = parent == null || parent.array ? null : Texts.normalizeName(nonNull(field));
                    stack.push(childFrame(parent, key, t == JsonToken.START_ARRAY));
                    if (parent != null && parent.array) {
                        parent.elements++;
                    }
                    field = null;
                }
                case END_OBJECT, END_ARRAY -> {
                    stack.pop();
                    if (stack.isEmpty()) {
                        return; // one root value; what follows (a multipart boundary, junk) is not ours
                    }
                }
                default -> {
                    if (parent == null) {
                        if (t == JsonToken.VALUE_STRING) {
                            best.message(p.getText(), 0, 1); // a body that is just a JSON string
                        }
                        return;
                    }
                    scalar(p, t, parent, parent.array ? null : field, best);
                    if (parent.array) {
                        parent.elements++;
                    }
                    field = null;
                }
            }
        }
    }

    private static Frame childFrame(Frame parent, String key, boolean array) {
        if (parent == null) {
            return new Frame(array, 1, false, array);
        }
        if (parent.array) {
            // Only the first entry of a list is the error we report; later ones rank lower.
            int rank = parent.elements == 0 ? parent.rank : parent.rank + 6;
            return new Frame(array, rank, false, false);
        }
        if (MESSAGE_KEYS.contains(key)) {
            return new Frame(array, parent.rank, true, false);
        }
        if (ERROR_OBJECT_KEYS.contains(key)) {
            return new Frame(array, parent.rank + 1, false, array);
        }
        if (ERROR_LIST_KEYS.contains(key)) {
            return new Frame(array, parent.rank + 2, false, true);
        }
        return new Frame(array, parent.rank + 4, false, false);
    }

    private static void scalar(JsonParser p, JsonToken t, Frame parent, String field, Best best) throws IOException {
        boolean text = t == JsonToken.VALUE_STRING;
        boolean number = t == JsonToken.VALUE_NUMBER_INT;
        if (!text && !number) {
            return;
        }
        String value = p.getText();
        if (parent.array) {
            if (text && parent.errorList) {
                best.message(value, 0, parent.rank); // {"errors": ["Name is required"]}
            }
            return;
        }
        String key = Texts.normalizeName(nonNull(field));
        int rank = parent.rank;
        if (parent.messageHolder) {
            if (text && key.equals("value")) {
                best.message(value, 0, rank); // SAP OData V2: "message": {"lang": "en", "value": "..."}
            }
            return;
        }
        if (text && MESSAGE_KEYS.contains(key)) {
            best.message(value, 0, rank);
        } else if (text && FALLBACK_MESSAGE_KEYS.contains(key)) {
            best.message(value, 1, rank);
        } else if (CODE_KEYS.contains(key)) {
            best.code(value, 0, rank);
        } else if (ERROR_OBJECT_KEYS.contains(key) && text) {
            // OAuth: "error": "invalid_grant" is a code; some APIs put a sentence there instead.
            if (Texts.identifierLike(value)) {
                best.code(value, 0, rank);
            } else {
                best.message(value, 0, rank);
            }
        } else if (FALLBACK_CODE_KEYS.contains(key) && text && Texts.identifierLike(value)
                && !value.equalsIgnoreCase("error")) {
            best.code(value, 1, rank);
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
