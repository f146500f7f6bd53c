package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field path into a JSON record, parsed once: names separated by dots, array elements as {@code [2]} or every
 * element as {@code [*]}, e.g. {@code addresses[0].city} or {@code lines[*].amount}. Parsing happens when a
 * configuration is loaded so that applying a mapping to a record only walks an array of segments.
 *
 * <p>Names are letters, digits and {@code _ $ @ : -} (Salesforce's {@code Custom__c} and NetSuite's
 * {@code custentity_x} fit); names with dots or spaces are not addressable. Immutable and thread-safe.
 */
public final class FieldPath {

    /** Longest path accepted; the schema says the same. */
    public static final int MAX_LENGTH = 500;
    private static final int MAX_INDEX = 10_000;

    private static final int WILDCARD = -1;

    // A segment is a field name (name != null) or an array step (index >= 0, or WILDCARD).
    private final String[] names;
    private final int[] indexes;
    private final String text;
    private final int wildcards;

    private FieldPath(String text, String[] names, int[] indexes) {
        this.text = text;
        this.names = names;
        this.indexes = indexes;
        int w = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null && indexes[i] == WILDCARD) {
                w++;
            }
        }
        this.wildcards = w;
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the position of the first thing that is wrong
     */
    public static FieldPath parse(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("path must be 1-" + MAX_LENGTH + " characters, was " + path.length());
        }
        List<String> names = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        int i = 0;
        int n = path.length();
        boolean expectName = true;
        while (i < n) {
            if (expectName) {
                int start = i;
                while (i < n && isNameChar(path.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("invalid path '" + path + "': expected a field name at position " + start);
                }
                names.add(path.substring(start, i));
                indexes.add(0);
                expectName = false;
            } else if (path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("invalid path '" + path + "': unclosed '[' at position " + i);
                }
                String inside = path.substring(i + 1, close);
                names.add(null);
                indexes.add(parseIndex(path, inside, i));
                i = close + 1;
            } else if (path.charAt(i) == '.') {
                i++;
                expectName = true;
                if (i == n) {
                    throw new IllegalArgumentException("invalid path '" + path + "': ends with '.'");
                }
            } else {
                throw new IllegalArgumentException("invalid path '" + path + "': unexpected '" + path.charAt(i)
                        + "' at position " + i);
            }
        }
        int[] idx = new int[indexes.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = indexes.get(k);
        }
        return new FieldPath(path, names.toArray(new String[0]), idx);
    }

    private static int parseIndex(String path, String inside, int at) {
        if (inside.equals("*")) {
            return WILDCARD;
        }
        if (inside.isEmpty() || inside.length() > 5 || !inside.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid path '" + path + "': expected [n] or [*] at position " + at);
        }
        int value = Integer.parseInt(inside);
        if (value > MAX_INDEX) {
            throw new IllegalArgumentException("invalid path '" + path + "': index " + value + " is above " + MAX_INDEX);
        }
        return value;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c == '@' || c == ':' || c == '-';
    }

    /** How many {@code [*]} steps the path has. */
    public int wildcards() {
        return wildcards;
    }

    /**
     * The node at this path, or a {@link MissingNode} when any step is absent.
     *
     * @throws IllegalStateException if the path has a wildcard (use {@link #readAll})
     */
    public JsonNode read(JsonNode root) {
        if (wildcards > 0) {
            throw new IllegalStateException("path '" + text + "' has [*]: use readAll");
        }
        JsonNode node = root;
        for (int i = 0; i < names.length && !node.isMissingNode(); i++) {
            node = names[i] != null ? node.path(names[i]) : node.path(indexes[i]);
        }
        return node;
    }

    /**
     * Every node the path reaches, in document order. Under an existing array a missing leaf is returned as a
     * {@link MissingNode} so that positions stay aligned with the array; a missing array contributes nothing.
     */
    public void readAll(JsonNode root, List<JsonNode> out) {
        collect(root, 0, out);
    }

    private void collect(JsonNode node, int from, List<JsonNode> out) {
        for (int i = from; i < names.length; i++) {
            if (node.isMissingNode() || node.isNull()) {
                // Below a missing array there are no elements to keep aligned with; below an element, there are.
                if (!wildcardFrom(i)) {
                    out.add(MissingNode.getInstance());
                }
                return;
            }
            if (names[i] != null) {
                node = node.path(names[i]);
            } else if (indexes[i] != WILDCARD) {
                node = node.path(indexes[i]);
            } else {
                if (node.isArray()) {
                    for (JsonNode element : node) {
                        collect(element, i + 1, out);
                    }
                }
                return;
            }
        }
        out.add(node);
    }

    private boolean wildcardFrom(int from) {
        for (int i = from; i < names.length; i++) {
            if (names[i] == null && indexes[i] == WILDCARD) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code value} at this path, creating objects and arrays on the way (arrays are padded with nulls).
     * A {@code [*]} step is written at {@code element}; other steps ignore it.
     *
     * @throws MappingException if an existing node on the way has the wrong shape, e.g. a text where an object is needed
     */
    public void write(ObjectNode root, JsonNode value, int element) {
        JsonNode node = root;
        for (int i = 0; i < names.length; i++) {
            boolean last = i == names.length - 1;
            boolean nextIsArray = !last && names[i + 1] == null;
            if (names[i] != null) {
                ObjectNode object = (ObjectNode) node;
                if (last) {
                    object.set(names[i], value);
                    return;
                }
                node = child(object.get(names[i]), nextIsArray, object, names[i], -1);
            } else {
                ArrayNode array = (ArrayNode) node;
                int index = indexes[i] == WILDCARD ? element : indexes[i];
                while (array.size() <= index) {
                    array.add(NullNode.getInstance());
                }
                if (last) {
                    array.set(index, value);
                    return;
                }
                node = child(array.get(index), nextIsArray, array, null, index);
            }
        }
    }

    private JsonNode child(JsonNode existing, boolean needArray, ContainerNode<?> parent, String name, int index) {
        if (existing != null && !existing.isNull()) {
            if (needArray ? existing.isArray() : existing.isObject()) {
                return existing;
            }
            throw new MappingException("cannot write '" + text + "': a value that is not "
                    + (needArray ? "an array" : "an object") + " is already in the way");
        }
        JsonNode created = needArray ? parent.arrayNode() : parent.objectNode();
        if (name != null) {
            ((ObjectNode) parent).set(name, created);
        } else {
            ((ArrayNode) parent).set(index, created);
        }
        return created;
    }

    /** The path as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath that && that.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
