package dev.isometry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchQueryTest {
    @Test
    void lastWordIsAPrefixAndEveryWordMustMatch() {
        assertEquals(Optional.of("\"alpha\" AND \"bet\"*"), SearchQuery.toFts("alpha bet"));
    }

    @Test
    void trailingSpaceEndsThePrefix() {
        assertEquals(Optional.of("\"alpha\""), SearchQuery.toFts("alpha "));
    }

    @Test
    void quotedTextIsAPhrase() {
        assertEquals(Optional.of("\"big red\" AND \"dog\"*"), SearchQuery.toFts("\"big red\" dog"));
    }

    @Test
    void operatorsAndPunctuationCannotBreakTheQuery() {
        assertEquals(Optional.of("\"NEAR\" AND \"a\" AND \"b\"*"), SearchQuery.toFts("NEAR(a* ^b"));
        assertTrue(SearchQuery.toFts("*** ( ) \"\"").isEmpty());
        assertTrue(SearchQuery.toFts("   ").isEmpty());
    }
}
