package dev.isometry.safety;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups to keep: the newest daily backup of each of the last {@code daily} days that have one,
 * then the newest of each of the {@code weekly} weeks before those; pre-upgrade and pre-restore backups
 * for {@code keepFor} (the newest of each kind always); manual backups and damaged copies always.
 * Immutable.
 */
public record BackupRetention(int daily, int weekly, Duration keepFor) {

    public static BackupRetention ofDefaults() {
        return new BackupRetention(7, 4, Duration.ofDays(30));
    }

    /** The backups that retention lets go, from {@code all}, as of {@code now}. */
    public List<BackupManifest> expired(List<BackupManifest> all, Instant now) {
        List<BackupManifest> out = new ArrayList<>();
        List<BackupManifest> newestFirst = all.stream()
                .sorted(Comparator.comparing(BackupManifest::createdAt).reversed()).toList();
        Set<LocalDate> days = new HashSet<>();
        Set<String> dayWeeks = new HashSet<>();
        Set<String> weeks = new HashSet<>();
        Set<BackupKind> newestSeen = new HashSet<>();
        for (BackupManifest m : newestFirst) {
            Instant at = Instant.parse(m.createdAt());
            switch (m.kind()) {
                case DAILY -> {
                    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
                    String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    if (!days.contains(day) && days.size() < daily) {
                        days.add(day);
                        dayWeeks.add(week);
                    } else if (!days.contains(day) && days.size() == daily && !dayWeeks.contains(week)
                            && !weeks.contains(week) && weeks.size() < weekly) {
                        weeks.add(week);
                    } else {
                        out.add(m);
                    }
                }
                case PRE_MIGRATION, PRE_RESTORE, PRE_ROLLBACK -> {
                    boolean newest = newestSeen.add(m.kind());
                    if (!newest && at.isBefore(now.minus(keepFor))) {
                        out.add(m);
                    }
                }
                case MANUAL, DAMAGED_COPY -> {
                    // a person's own backups and copies of damaged stores are never removed automatically
                }
            }
        }
        return out;
    }
}
