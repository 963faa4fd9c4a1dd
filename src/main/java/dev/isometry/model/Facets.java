package dev.isometry.model;

import java.util.List;

/** How many live cards each folder, tag and type has, for filter pickers. Immutable. */
public record Facets(List<Count> folders, List<Count> tags, List<Count> types) {

    /** One value and how many cards have it. */
    public record Count(String name, long count) {
    }

    public Facets {
        folders = List.copyOf(folders);
        tags = List.copyOf(tags);
        types = List.copyOf(types);
    }
}
