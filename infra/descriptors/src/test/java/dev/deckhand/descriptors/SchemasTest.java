package dev.deckhand.descriptors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every shipped object against its ecosystem's own schema, as the npm registry serves them (infra/descriptors/schemas,
 * installed by {@code npm ci --prefix infra/descriptors/schemas}): Kubernetes and Knative objects with
 * kubernetes-models' validators, the SAM template's resources with the AWS CDK's CloudFormation and SAM specification.
 */
class SchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** kustomize's own file: read by kubectl, never sent to the API server. */
    private static final String KUSTOMIZATION = "Kustomization";

    private static Path schemas;

    @BeforeAll
    static void installed() {
        schemas = Descriptors.root().resolve("infra/descriptors/schemas");
        if (!Files.isDirectory(schemas.resolve("node_modules/kubernetes-models"))
                || !Files.isRegularFile(schemas.resolve("node_modules/@aws-cdk/aws-service-spec/db.json.gz"))) {
            fail("the schemas are not installed: run npm ci --prefix infra/descriptors/schemas (as .ci/run does)");
        }
    }

    private final Descriptors descriptors = Descriptors.all();

    /** kubernetes-models' verdict on each object: where -> errors. */
    private static Map<String, List<String>> validateKubernetes(Map<String, Object> objectsByWhere) throws IOException, InterruptedException {
        List<Map<String, Object>> input = new ArrayList<>();
        objectsByWhere.forEach((where, object) -> input.add(Map.of("where", where, "object", object)));
        Process node = new ProcessBuilder("node", "validate-kubernetes.mjs").directory(schemas.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node validate-kubernetes.mjs did not finish");
        assertEquals(0, node.exitValue(), "node validate-kubernetes.mjs failed: " + out);
        Map<String, List<String>> verdicts = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            JsonNode verdict = JSON.readTree(line);
            List<String> errors = new ArrayList<>();
            verdict.get("errors").forEach(e -> errors.add(e.asText()));
            verdicts.put(verdict.get("where").asText(), errors);
        }
        assertEquals(objectsByWhere.keySet(), verdicts.keySet(), "a verdict for every object");
        return verdicts;
    }

    @Test
    void everyKubernetesAndKnativeObjectMatchesItsSchema() throws Exception {
        Map<String, Object> objects = new LinkedHashMap<>();
        for (Descriptors.Doc doc : descriptors.kube()) {
            if (!KUSTOMIZATION.equals(doc.kind())) {
                objects.put(doc.where(), doc.body());
            }
        }
        assertTrue(objects.size() > 10, "the objects of infra/k8s and infra/knative: " + objects.keySet());
        List<String> problems = new ArrayList<>();
        validateKubernetes(objects).forEach((where, errors) -> errors.forEach(e -> problems.add(where + ": " + e)));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The check above can fail: a wrongly typed field and an unknown kind are reported. */
    @Test
    void theKubernetesValidatorsRefuseWhatAnApiServerRefuses() throws Exception {
        Map<String, Object> broken = new LinkedHashMap<>();
        broken.put("deployment", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "x"),
                "spec", Map.of("selector", Map.of(), "template", Map.of("spec", Map.of("containers", List.of(Map.of("name", 1)))))));
        broken.put("knative", Map.of("apiVersion", "serving.knative.dev/v1", "kind", "Service", "metadata", Map.of("name", "x"),
                "spec", Map.of("template", Map.of("spec", Map.of("containerConcurrency", "fifty")))));
        broken.put("unknown", Map.of("apiVersion", "example.dev/v1", "kind", "Nothing"));
        Map<String, List<String>> verdicts = validateKubernetes(broken);
        verdicts.forEach((where, errors) -> assertFalse(errors.isEmpty(), where + " passed"));
    }

    private CfnSpec spec() {
        return CfnSpec.load(schemas.resolve("node_modules/@aws-cdk/aws-service-spec/db.json.gz"));
    }

    @Test
    void everySamTemplateResourceAndPropertyIsInTheCloudFormationAndSamSpecification() {
        CfnSpec spec = spec();
        Sam sam = Sam.of(descriptors);
        Map<String, Sam.Function> functions = new LinkedHashMap<>();
        sam.functions().forEach(f -> functions.put(f.logicalId(), f));
        List<String> problems = new ArrayList<>();
        sam.resources().forEach((id, resource) -> {
            String type = Yamls.str(Yamls.at(resource, "Type"));
            // A function with the template's Globals merged in, as the SAM transform sees it.
            Map<String, Object> properties = functions.containsKey(id) ? functions.get(id).properties()
                    : Yamls.map(Yamls.at(resource, "Properties"));
            problems.addAll(spec.check("Resources." + id + ".Properties", type, properties));
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The check above can fail: an unknown property, a misspelt enum value, a wrong type, a missing required one. */
    @Test
    void theSpecificationRefusesWhatCloudFormationRefuses() {
        CfnSpec spec = spec();
        assertFalse(spec.check("Function", "AWS::Serverless::Function", Map.of("Handler", "a.B", "Runtime", "java17", "Tracing", "Active",
                "SnapStart", Map.of("ApplyOn", "Published"))).isEmpty(), "ApplyOn Published");
        assertFalse(spec.check("Function", "AWS::Serverless::Function", Map.of("Handler", "a.B", "Runtime", "java17", "Snapstart",
                Map.of("ApplyOn", "PublishedVersions"))).isEmpty(), "Snapstart");
        assertFalse(spec.check("Secret", "AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Map.of("PasswordLength", "long"))).isEmpty(), "PasswordLength long");
        assertFalse(spec.check("Entry", "AWS::EKS::AccessEntry", Map.of("ClusterName", "x")).isEmpty(), "no PrincipalArn");
        assertFalse(spec.check("Api", "AWS::Serverless::HttpApi", Map.of("Auth", Map.of("Fn::If", List.of("C",
                Map.of("DefaultAuthoriser", "X"), Map.of("Ref", "AWS::NoValue"))))).isEmpty(), "DefaultAuthoriser in an !If");
        assertFalse(spec.knows("AWS::Serverless::Functions"));
        assertTrue(spec.check("Function", "AWS::Serverless::Function", Map.of("Handler", "a.B", "Runtime", "java17",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"))).isEmpty(), "a valid function");
    }
}
