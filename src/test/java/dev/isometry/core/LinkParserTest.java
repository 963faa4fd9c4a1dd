package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkParserTest {
    @Test
    void findsDistinctNamesWithAliasesAndHeadings() {
        assertEquals(List.of("Ada Lovelace", "Engine", "Notes"),
                LinkParser.names("See [[Ada Lovelace]], [[ada lovelace|Ada]], [[Engine#Design]] and [[ Notes ]]. [[]] [x]"));
    }

    @Test
    void renameRewritesEveryFormAndKeepsTheRest() {
        assertEquals("[[Ada King]] met [[Ada King|Ada]] at [[Ada King#Early life]]; [[Babbage]] too.",
                LinkParser.rename("[[Ada Lovelace]] met [[ada lovelace|Ada]] at [[Ada Lovelace#Early life]]; [[Babbage]] too.",
                        "Ada Lovelace", "Ada King"));
    }

    @Test
    void textWithoutLinksIsUntouched() {
        assertEquals(List.of(), LinkParser.names("no links [here] or [[unclosed"));
        assertEquals("a $1 \\ b", LinkParser.rename("a $1 \\ b", "x", "y"));
    }
}
