package dev.isometry.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and rewrites {@code [[Card name]]} links in Markdown content, as Obsidian writes them:
 * {@code [[Name]]}, {@code [[Name|shown text]]}, {@code [[Name#Heading]]}. Names compare without
 * regard to case. Stateless; thread-safe.
 */
public enum LinkParser {
    ;

    private static final Pattern LINK = Pattern.compile("\\[\\[([^\\[\\]|#\\n]{1,300}?)((?:[|#][^\\[\\]\\n]*)?)\\]\\]");

    /** The distinct names linked from {@code content}, in order of first appearance. */
    public static List<String> names(String content) {
        if (content == null || content.indexOf("[[") < 0) {
            return List.of();
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        Matcher m = LINK.matcher(content);
        while (m.find()) {
            String name = m.group(1).strip();
            if (!name.isEmpty()) {
                byKey.putIfAbsent(key(name), name);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** {@code content} with every link to {@code oldName} pointing at {@code newName} instead. */
    public static String rename(String content, String oldName, String newName) {
        if (content == null || content.indexOf("[[") < 0) {
            return content;
        }
        String oldKey = key(oldName);
        Matcher m = LINK.matcher(content);
        StringBuilder out = new StringBuilder(content.length());
        while (m.find()) {
            String replacement = key(m.group(1).strip()).equals(oldKey)
                    ? "[[" + newName + m.group(2) + "]]"
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
