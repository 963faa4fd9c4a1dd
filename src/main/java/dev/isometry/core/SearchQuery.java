package dev.isometry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a person types into a safe FTS5 match expression: every word must match, the last word
 * as a prefix (search as you type), text in double quotes as a phrase. FTS5 operators typed by a person
 * are taken as plain words, so no input can make the match expression invalid. Stateless; thread-safe.
 */
public enum SearchQuery {
    ;

    /** The match expression, or empty when the text has nothing to search for. */
    public static Optional<String> toFts(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = text.length();
        boolean lastWordOpen = false;
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '"') {
                addWord(parts, word);
                int close = text.indexOf('"', i + 1);
                String phrase = text.substring(i + 1, close < 0 ? n : close);
                addPhrase(parts, phrase);
                i = close < 0 ? n : close + 1;
                lastWordOpen = false;
                continue;
            }
            if (isWordChar(text, i)) {
                word.append(ch);
                lastWordOpen = true;
            } else {
                addWord(parts, word);
                lastWordOpen = false;
            }
            i++;
        }
        boolean prefixLast = lastWordOpen && word.length() > 0;
        addWord(parts, word);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        if (prefixLast) {
            int last = parts.size() - 1;
            parts.set(last, parts.get(last) + "*");
        }
        return Optional.of(String.join(" AND ", parts));
    }

    private static final java.util.regex.Pattern ADVANCED =
            java.util.regex.Pattern.compile("\\b(OR|NOT|AND|NEAR)\\b|[()*^:{}]");

    /** True when the text uses FTS5 operators (in capitals), so it is tried as an FTS5 expression first. */
    public static boolean looksAdvanced(String text) {
        return text != null && ADVANCED.matcher(text).find();
    }

    /** True when the failure is FTS5 rejecting a match expression. */
    public static boolean isSyntaxError(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("fts5: syntax error") || m.contains("unknown special query")
                    || m.contains("no such column") || m.contains("fts5:"))) {
                return true;
            }
        }
        return false;
    }

    /** The part of an FTS5 error worth showing a person. */
    public static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                int i = m.indexOf("fts5: ");
                if (i >= 0) {
                    String rest = m.substring(i + 6);
                    int end = rest.indexOf(')');
                    return end > 0 ? rest.substring(0, end) : rest;
                }
                if (m.contains("no such column")) {
                    return "a word followed by a colon is read as a field name";
                }
            }
        }
        return "syntax error";
    }

    private static boolean isWordChar(String text, int i) {
        char ch = text.charAt(i);
        return Character.isLetterOrDigit(ch) || Character.isSurrogate(ch) || ch == '_'
                || Character.getType(ch) == Character.NON_SPACING_MARK;
    }

    private static void addWord(List<String> parts, StringBuilder word) {
        if (word.length() > 0) {
            parts.add(quote(word.toString()));
            word.setLength(0);
        }
    }

    private static void addPhrase(List<String> parts, String phrase) {
        String p = phrase.strip();
        if (p.codePoints().anyMatch(Character::isLetterOrDigit)) {
            parts.add(quote(p));
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
