package dev.isometry.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements (respecting quotes, comments and trigger bodies) and runs them
 * in order on one connection. Stateless; thread-safe.
 */
public enum SqlScript {
    ;

    public static void execute(Connection c, String script) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : split(script)) {
                st.execute(sql);
            }
        }
    }

    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0; // BEGIN ... END (trigger bodies) and CASE ... END nesting
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char ch = script.charAt(i);
            if (ch == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
                cur.append('\n');
                continue;
            }
            if (ch == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                cur.append(' ');
                continue;
            }
            if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                char close = ch == '[' ? ']' : ch;
                int j = i + 1;
                while (j < n) {
                    if (script.charAt(j) == close) {
                        if (close != ']' && j + 1 < n && script.charAt(j + 1) == close) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                cur.append(script, i, Math.min(j + 1, n));
                i = j;
                continue;
            }
            if (Character.isLetter(ch) && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(script.charAt(j)) || script.charAt(j) == '_')) {
                    j++;
                }
                String word = script.substring(i, j);
                if ((word.equalsIgnoreCase("BEGIN") && isTriggerBody(cur)) || word.equalsIgnoreCase("CASE")) {
                    depth++;
                } else if (word.equalsIgnoreCase("END") && depth > 0) {
                    depth--;
                }
                cur.append(word);
                i = j - 1;
                continue;
            }
            if (ch == ';' && depth == 0) {
                String s = cur.toString().strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
                cur.setLength(0);
                continue;
            }
            cur.append(ch);
        }
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        return out;
    }

    private static boolean isTriggerBody(StringBuilder statementSoFar) {
        String upper = statementSoFar.toString().toUpperCase(java.util.Locale.ROOT);
        return upper.contains("CREATE TRIGGER") || upper.contains("CREATE TEMP TRIGGER")
                || upper.contains("CREATE TEMPORARY TRIGGER");
    }
}
