package dev.deckhand.prewarm;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskIdsTest {

    @Test
    void reseedingReplacesTheGeneratorAndIdsKeepTheirShape() {
        SecureRandom before = TaskIds.generator();
        TaskIds.reseed();
        assertNotSame(before, TaskIds.generator(), "a generator seeded after the restore, not the snapshotted one");
        assertTrue(TaskIds.isValid(TaskIds.newId(Instant.parse("2024-05-14T09:30:15Z"))));
    }
}
