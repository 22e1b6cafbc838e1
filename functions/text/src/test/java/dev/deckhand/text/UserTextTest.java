package dev.deckhand.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserTextTest {

    /** Every character the rule names, one by one, in the middle of otherwise ordinary text. */
    private static final List<Character> REFUSED = List.of('\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f',
            '\u007f', '\u0080', '\u0085', '\u009b', '\u009f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c',
            '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff');

    @Test
    void refusesEveryControlSeparatorBidiAndByteOrderMarkCharacterInOneLineText() {
        for (char c : REFUSED) {
            String text = "ls /data" + c + "x";
            assertFalse(UserText.isAllowed(text), () -> String.format("U+%04X", (int) c));
            assertTrue(UserText.problem(text).orElseThrow().contains(String.format("U+%04X", (int) c)));
            assertTrue(UserText.problem(text).orElseThrow().endsWith("at character 9"));
        }
    }

    @Test
    void aDocumentMayHoldTabsAndLineBreaksButNothingElseOfTheRule() {
        assertTrue(UserText.documentProblem("containers:\r\n\t- name: web\n").isEmpty());
        for (char c : REFUSED) {
            if (c != '\t' && c != '\n' && c != '\r') {
                assertFalse(UserText.documentProblem("a: b" + c).isEmpty(), () -> String.format("U+%04X", (int) c));
            }
        }
    }

    @Test
    void refusesUnpairedSurrogatesAndAllowsPairedOnes() {
        assertEquals("contains an unpaired surrogate at character 2", UserText.problem("a\ud800b").orElseThrow());
        assertEquals("contains an unpaired surrogate at character 2", UserText.problem("a\udc00").orElseThrow());
        assertTrue(UserText.problem("a\ud800").isPresent());
        assertTrue(UserText.isAllowed("deploy \ud83d\ude80"), "an emoji is a proper pair");
    }

    @Test
    void ordinaryTextOfAnyScriptPasses() {
        for (String text : List.of("", "nginx:1.27", "cp -r /src/* /dest/ && echo 'done' | tee $(date)", "Größe",
                "服务 名称", "مرحبا", "x\u00a0y", "\u200d")) {
            assertTrue(UserText.isAllowed(text), text);
        }
        assertTrue(UserText.isAllowed(null));
    }
}
