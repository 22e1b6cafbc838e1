package dev.deckhand.yaml;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictYamlTest {

    record Port(String name, int port) {
    }

    record Container(String name, String image, List<Port> ports, Map<String, String> env) {
    }

    record Doc(List<Container> containers) {
    }

    @Test
    void readsNestedRecords() {
        Doc doc = StrictYaml.read("""
                containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{name: http, port: 80}]
                    env: {A: "1"}
                """, Doc.class);
        assertEquals("web", doc.containers().get(0).name());
        assertEquals(80, doc.containers().get(0).ports().get(0).port());
        assertEquals(Map.of("A", "1"), doc.containers().get(0).env());
    }

    @Test
    void unknownKeyNamesItsPathAndTheKnownOnes() {
        YamlDocumentException e = assertThrows(YamlDocumentException.class, () -> StrictYaml.read("""
                containers:
                  - name: web
                    image: nginx
                    privileged: true
                """, Doc.class));
        assertEquals("containers[0].privileged", e.path());
        assertTrue(e.problem().contains("unknown field 'privileged'"), e.problem());
        assertTrue(e.problem().contains("known: env, image, name, ports"), e.problem());
    }

    @Test
    void wrongTypeNamesTheField() {
        YamlDocumentException e = assertThrows(YamlDocumentException.class, () -> StrictYaml.read("""
                containers:
                  - name: web
                    ports: [{name: http, port: eighty}]
                """, Doc.class));
        assertEquals("containers[0].ports[0].port", e.path());
        assertTrue(e.problem().contains("an integer"), e.problem());
    }

    @Test
    void numberWhereTextBelongsIsAnError() {
        YamlDocumentException e = assertThrows(YamlDocumentException.class,
                () -> StrictYaml.read("containers: [{name: 5}]", Doc.class));
        assertEquals("containers[0].name", e.path());
    }

    @Test
    void duplicateKeysAreAnError() {
        YamlDocumentException e = assertThrows(YamlDocumentException.class,
                () -> StrictYaml.read("containers: []\ncontainers: []\n", Doc.class));
        assertTrue(e.getMessage().contains("containers"), e.getMessage());
    }

    @Test
    void aliasBombIsRefusedAtItsFirstAnchorWithoutExpandingAnything() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        bomb.append("containers: *k\n");
        YamlDocumentException e = assertThrows(YamlDocumentException.class,
                () -> StrictYaml.read(bomb.toString(), Doc.class));
        assertEquals("line 1, column 4: an anchor (&a) is not allowed: write the value out", e.getMessage());
    }

    @Test
    void anchorsAliasesMergeKeysAndTagsBeyondTheCoreSchemaAreRefusedWithLineAndColumn() {
        Map<String, String> refused = Map.of(
                "containers:\n  - name: web\n    image: *i\n", "line 3, column 12: an alias (*i)",
                "*x\n", "line 1, column 1: an alias (*x)",
                "containers:\n  - &c {name: web, image: nginx}\n", "line 2, column 5: an anchor (&c)",
                "containers:\n  - <<: {name: web}\n    image: nginx\n", "line 2, column 5: a merge key (<<)",
                "containers:\n  - !Container {name: web, image: nginx}\n", "line 2, column 5: the tag !Container",
                "containers: !!set {a: null}\n", "line 1, column 13: the tag tag:yaml.org,2002:set",
                "containers:\n  - name: !!binary d2Vi\n", "line 2, column 11: the tag tag:yaml.org,2002:binary",
                "containers:\n  - name: !<tag:example.com,2000:app> web\n", "line 2, column 11: the tag tag:example.com,2000:app");
        refused.forEach((yaml, problem) -> {
            YamlDocumentException e = assertThrows(YamlDocumentException.class, () -> StrictYaml.read(yaml, Doc.class), yaml);
            assertTrue(e.getMessage().startsWith(problem), e.getMessage());
        });
    }

    @Test
    void coreSchemaTagsQuotedAmpersandsAndStarsAreFine() {
        Doc doc = StrictYaml.read("containers:\n  - name: !!str web\n    image: \"a&b*c\"\n    env: {A: '<<', B: '&x *y'}\n",
                Doc.class);
        assertEquals("web", doc.containers().get(0).name());
        assertEquals(Map.of("A", "<<", "B", "&x *y"), doc.containers().get(0).env());
    }

    @Test
    void textTheRuleRefusesIsRefusedInYamlAndJsonDocuments() {
        for (String bad : List.of("\u0000", "\u0085", "\u202e", "\u2028", "\ufeff", "\u001b[2J")) {
            assertThrows(YamlDocumentException.class, () -> StrictYaml.read("containers:\n  - name: a" + bad + "\n", Doc.class));
            assertThrows(YamlDocumentException.class, () -> StrictYaml.readJson("{\"containers\": [{\"name\": \"a" + bad + "\"}]}",
                    Doc.class));
        }
    }

    @Test
    void emptyAndMalformedDocumentsAreErrors() {
        assertEquals("the document is empty",
                assertThrows(YamlDocumentException.class, () -> StrictYaml.read("  \n", Doc.class)).getMessage());
        YamlDocumentException e = assertThrows(YamlDocumentException.class,
                () -> StrictYaml.read("containers: [\n  - name: x", Doc.class));
        assertTrue(e.problem().startsWith("not valid YAML"), e.getMessage());
        assertThrows(YamlDocumentException.class, () -> StrictYaml.read("x".repeat(StrictYaml.MAX_CHARS + 1), Doc.class));
    }

    @Test
    void jsonIsReadAsStrictly() {
        assertEquals("containers[0].image", assertThrows(YamlDocumentException.class,
                () -> StrictYaml.readJson("{\"containers\":[{\"name\":\"a\",\"image\":[]}]}", Doc.class)).path());
    }
}
