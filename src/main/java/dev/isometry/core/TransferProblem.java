package dev.isometry.core;

/** Something in one file (or one row of it) that could not be imported, in words fit for a person. */
public record TransferProblem(String file, String message) {
}
