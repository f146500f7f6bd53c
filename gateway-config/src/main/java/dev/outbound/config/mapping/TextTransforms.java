package dev.outbound.config.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.Locale;

import static dev.outbound.config.mapping.BuiltinTransforms.NODES;
import static dev.outbound.config.mapping.BuiltinTransforms.text;

/** The built-in text transforms: {@code trim}, {@code upper}, {@code lower}, {@code concat} and {@code split}. */
final class TextTransforms {

    private TextTransforms() {
    }

    static Transform trim(TransformSpec spec) {
        return value -> NODES.textNode(text(value).strip());
    }

    static Transform upper(TransformSpec spec) {
        return value -> NODES.textNode(text(value).toUpperCase(Locale.ROOT));
    }

    static Transform lower(TransformSpec spec) {
        return value -> NODES.textNode(text(value).toLowerCase(Locale.ROOT));
    }

    static Transform concat(TransformSpec spec) {
        String separator = spec.text("separator").orElse("");
        boolean skipEmpty = spec.flag("skipEmpty", true);
        return value -> {
            if (!value.isArray()) {
                return NODES.textNode(text(value));
            }
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (JsonNode element : value) {
                String part = element.isMissingNode() || element.isNull() ? "" : text(element);
                if (skipEmpty && part.isEmpty()) {
                    continue;
                }
                if (!first) {
                    sb.append(separator);
                }
                sb.append(part);
                first = false;
            }
            return NODES.textNode(sb.toString());
        };
    }

    static Transform split(TransformSpec spec) {
        String separator = spec.requireText("separator");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("transform 'split' needs a non-empty 'separator'");
        }
        int limit = spec.integer("limit").orElse(0);
        boolean trim = spec.flag("trim", false);
        return value -> {
            String s = text(value);
            ArrayNode parts = NODES.arrayNode();
            int from = 0;
            // A literal separator, not a regex: configuration must not be able to smuggle in a pathological pattern.
            while (true) {
                int at = s.indexOf(separator, from);
                if (at < 0 || (limit > 0 && parts.size() == limit - 1)) {
                    parts.add(trim ? s.substring(from).strip() : s.substring(from));
                    return parts;
                }
                String part = s.substring(from, at);
                parts.add(trim ? part.strip() : part);
                from = at + separator.length();
            }
        };
    }
}
