package dev.outbound.errors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's XML parsers set up for untrusted provider bodies (XML errors, SOAP faults): a document with a DOCTYPE is
 * rejected outright, so no entity is ever declared, expanded or fetched (no XXE, no billion laughs); external DTDs,
 * schemas, external entities and XInclude are off as well, in case a caller relaxes one setting; secure processing
 * caps what is left.
 *
 * <p>Always the JDK's built-in implementation ({@code newDefaultInstance}), never one found on the class path,
 * so the features set here are known to be honoured. Stateless; each call returns a new parser, which is not
 * thread-safe itself.
 */
public final class SafeXml {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    /** Deepest element nesting accepted. */
    public static final int MAX_ELEMENT_DEPTH_VALUE = 256;

    private SafeXml() {
    }

    /** A new namespace-aware DOM builder with the protections above; it reports errors by throwing, silently. */
    public static DocumentBuilder newDocumentBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature(DISALLOW_DOCTYPE, true);
            f.setFeature(EXTERNAL_GENERAL, false);
            f.setFeature(EXTERNAL_PARAMETER, false);
            f.setFeature(LOAD_EXTERNAL_DTD, false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            trySetAttribute(f, MAX_ELEMENT_DEPTH, String.valueOf(MAX_ELEMENT_DEPTH_VALUE));
            DocumentBuilder builder = f.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" to stderr before throwing; provider junk is not news.
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not resolved: " + systemId);
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser does not support secure processing", e);
        }
    }

    /** A new namespace-aware SAX parser with the protections above, for reading a possibly truncated body. */
    public static SAXParser newSaxParser() {
        try {
            SAXParserFactory f = SAXParserFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature(DISALLOW_DOCTYPE, true);
            f.setFeature(EXTERNAL_GENERAL, false);
            f.setFeature(EXTERNAL_PARAMETER, false);
            f.setFeature(LOAD_EXTERNAL_DTD, false);
            SAXParser parser = f.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            try {
                parser.setProperty(MAX_ELEMENT_DEPTH, String.valueOf(MAX_ELEMENT_DEPTH_VALUE));
            } catch (SAXNotRecognizedException | SAXNotSupportedException ignored) {
                // Older JDKs lack the property; the body bound still caps the depth.
            }
            parser.getXMLReader().setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not resolved: " + systemId);
            });
            return parser;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser does not support secure processing", e);
        }
    }

    /** The body as a DOM document, or empty when it is not well-formed XML or has a DOCTYPE. Never throws. */
    public static Optional<Document> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(newDocumentBuilder().parse(new ByteArrayInputStream(body)));
        } catch (SAXException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The text as a DOM document, or empty when it is not well-formed XML or has a DOCTYPE. Never throws. */
    public static Optional<Document> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(newDocumentBuilder().parse(new InputSource(new StringReader(text))));
        } catch (SAXException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void trySetAttribute(DocumentBuilderFactory f, String name, String value) {
        try {
            f.setAttribute(name, value);
        } catch (IllegalArgumentException unsupported) {
            // Older JDKs lack the attribute; the body bound still caps the depth.
        }
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not stop parsing and are of no use to an error classifier.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
