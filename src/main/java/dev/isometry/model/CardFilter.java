package dev.isometry.model;

/** Narrows a listing or a search to one card type, folder and/or tag; null parts do not narrow. Immutable. */
public record CardFilter(CardType cardType, String folder, String tag) {
    public static final CardFilter NONE = new CardFilter(null, null, null);

    public boolean isEmpty() {
        return cardType == null && folder == null && tag == null;
    }
}
