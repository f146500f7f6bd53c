package dev.outbound.errors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Finds the error code and message in an XML error body or SOAP fault, streaming with a {@link SafeXml} SAX parser
 * so that a truncated body still yields what came before the cut, and a DOCTYPE stops the read before anything is
 * declared. SOAP 1.1 ({@code faultcode}, {@code faultstring}, {@code detail}) and 1.2 ({@code Code/Value},
 * {@code Subcode/Value}, {@code Reason/Text}) faults are recognised in any namespace; other documents give their
 * first {@code code}-like and {@code message}-like leaf elements (or attributes), or the text of a leaf
 * {@code <error>} element. Stateless and thread-safe; each read uses its own parser.
 */
final class XmlErrorReader {
    private static final Set<String> CODE_NAMES = Set.of("code", "errorcode", "faultcode", "errortype", "errorkey");
    private static final Set<String> MESSAGE_NAMES = Set.of("message", "errormessage", "errordescription",
            "description", "detail", "faultstring", "errormsg", "reason", "localizedmessage");
    private static final Set<String> FALLBACK_MESSAGE_NAMES = Set.of("title", "text", "summary");
    private static final int MAX_ELEMENTS = 20_000;
    private static final int MAX_LEAF_CHARS = 4096;

    BodyFindings read(InputSource source) {
        Handler handler = new Handler();
        try {
            SafeXml.newSaxParser().parse(source, handler);
        } catch (SAXException | IOException | RuntimeException | StackOverflowError stopped) {
            // Truncated, malformed, a DOCTYPE, or enough read: keep what was found before the stop.
        }
        return handler.findings();
    }

    private static final class Handler extends DefaultHandler {
        private final List<String> path = new ArrayList<>();
        private final StringBuilder leaf = new StringBuilder();
        private boolean leafOpen;
        private int elements;
        private boolean root;

        private boolean fault;
        private String faultCode = "";
        private String faultString = "";
        private String detailCode = "";
        private String detailMessage = "";

        private String code = "";
        private int codeTier = Integer.MAX_VALUE;
        private String message = "";
        private int messageTier = Integer.MAX_VALUE;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (++elements > MAX_ELEMENTS) {
                throw new SAXException("enough elements read");
            }
            root = true;
            String name = Texts.normalizeName(localName == null || localName.isEmpty() ? qName : localName);
            path.add(name);
            leaf.setLength(0);
            leafOpen = true;
            if (name.equals("fault")) {
                fault = true;
            }
            for (int i = 0; i < atts.getLength() && i < 32; i++) {
                String att = Texts.normalizeName(nonNull(atts.getLocalName(i)).isEmpty() ? nonNull(atts.getQName(i))
                        : atts.getLocalName(i));
                String value = nonNull(atts.getValue(i));
                if (CODE_NAMES.contains(att)) {
                    code(value, 2);
                } else if (MESSAGE_NAMES.contains(att)) {
                    message(value, 2);
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (leafOpen && leaf.length() < MAX_LEAF_CHARS) {
                leaf.append(ch, start, Math.min(length, MAX_LEAF_CHARS - leaf.length()));
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String name = path.remove(path.size() - 1);
            if (leafOpen) {
                leafOpen = false;
                String text = leaf.toString().strip();
                if (!text.isEmpty()) {
                    leafText(name, text);
                }
            }
            leaf.setLength(0);
        }

        private void leafText(String name, String text) {
            String parent = path.isEmpty() ? "" : path.get(path.size() - 1);
            int faultAt = path.lastIndexOf("fault");
            if (faultAt >= 0) {
                boolean inDetail = path.subList(faultAt, path.size()).contains("detail");
                if (inDetail) {
                    if (detailCode.isEmpty() && CODE_NAMES.contains(name)) {
                        detailCode = text;
                    } else if (detailMessage.isEmpty() && MESSAGE_NAMES.contains(name)) {
                        detailMessage = text;
                    }
                } else if (name.equals("faultcode")) {
                    faultCode = text;
                } else if (name.equals("faultstring") && faultString.isEmpty()) {
                    faultString = text;
                } else if (name.equals("value") && (parent.equals("code") || parent.equals("subcode"))) {
                    faultCode = text; // the innermost Subcode comes last and is the most specific
                } else if (name.equals("text") && parent.equals("reason") && faultString.isEmpty()) {
                    faultString = text;
                }
                return;
            }
            if (CODE_NAMES.contains(name)) {
                code(text, 0);
            } else if (MESSAGE_NAMES.contains(name)) {
                message(text, 0);
            } else if (name.equals("error") || name.equals("errors")) {
                message(text, 1); // Coupa: <errors><error>No results match your search criteria.</error></errors>
            } else if (FALLBACK_MESSAGE_NAMES.contains(name)) {
                message(text, 3);
            }
        }

        private void code(String value, int tier) {
            if (!value.isBlank() && tier < codeTier) {
                code = value;
                codeTier = tier;
            }
        }

        private void message(String value, int tier) {
            if (!value.isBlank() && tier < messageTier) {
                message = value;
                messageTier = tier;
            }
        }

        BodyFindings findings() {
            if (fault) {
                String c = !detailCode.isEmpty() ? detailCode : withoutPrefix(faultCode);
                String m = !faultString.isEmpty() ? faultString : detailMessage;
                return new BodyFindings(true, true, Texts.cleanCode(c), Texts.cleanMessage(m));
            }
            return new BodyFindings(root, Texts.cleanCode(code), Texts.cleanMessage(message));
        }

        /** {@code sf:INVALID_SESSION_ID} is {@code INVALID_SESSION_ID}: the prefix is the document's, not the code's. */
        private static String withoutPrefix(String qname) {
            int colon = qname.lastIndexOf(':');
            return colon >= 0 ? qname.substring(colon + 1) : qname;
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }
}
