package dev.isometry.app.bench;

import dev.isometry.model.CardChanges;
import dev.isometry.model.CardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes realistic-looking cards for benchmarks: words from a vocabulary of distinct made-up words whose
 * use follows Zipf's law (the word of rank r is used in proportion to 1/r, as in natural text), so a
 * few terms match nearly every card and most match a handful. Deterministic for a seed. Not
 * thread-safe.
 */
public final class CardGenerator {
    private static final String LETTERS = "eeeeeeeeeeeettttttttttaaaaaaaaoooooooiiiiiiinnnnnnnssssssrrrrrrhhhhhlllldddccuummfpgwybvk";
    private static final String[] FOLDERS = {"Projects", "Reading", "People", "Journal", "Archive", "Ideas"};
    private static final CardType[] TYPES = CardType.values();

    private final SplittableRandom random;
    private final List<String> vocabulary;
    private final double[] cumulative;

    public CardGenerator(long seed, int vocabularySize) {
        this.random = new SplittableRandom(seed);
        this.vocabulary = new ArrayList<>(vocabularySize);
        SplittableRandom words = new SplittableRandom(seed ^ 0x5DEECE66DL);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (vocabulary.size() < vocabularySize) {
            int n = 4 + words.nextInt(7);
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < n; i++) {
                w.append(LETTERS.charAt(words.nextInt(LETTERS.length())));
            }
            if (seen.add(w.toString())) {
                vocabulary.add(w.toString());
            }
        }
        cumulative = new double[vocabularySize];
        double sum = 0;
        for (int r = 0; r < vocabularySize; r++) {
            sum += 1.0 / (r + 1);
            cumulative[r] = sum;
        }
    }

    /** The word at frequency rank {@code rank} (0 is the most common). */
    public String word(int rank) {
        return vocabulary.get(rank);
    }

    public int vocabularySize() {
        return vocabulary.size();
    }

    private String pick() {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = java.util.Arrays.binarySearch(cumulative, u);
        return vocabulary.get(Math.min(vocabulary.size() - 1, i >= 0 ? i : -i - 1));
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(i % 12 == 0 ? ". " : " ");
            }
            sb.append(pick());
        }
        return sb.toString();
    }

    /** The next generated card's fields. */
    public CardChanges next() {
        Map<String, Object> raw = new java.util.HashMap<>();
        raw.put("cardType", TYPES[random.nextInt(TYPES.length)].wireName());
        raw.put("name", capitalize(words(2 + random.nextInt(3))));
        raw.put("content", words(40 + random.nextInt(120)));
        if (random.nextInt(3) == 0) {
            raw.put("summary", words(8));
        }
        raw.put("folder", FOLDERS[random.nextInt(FOLDERS.length)]);
        raw.put("tags", List.of(pick(), pick()));
        return CardChanges.fromRaw(raw);
    }

    public List<CardChanges> next(int n) {
        List<CardChanges> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
