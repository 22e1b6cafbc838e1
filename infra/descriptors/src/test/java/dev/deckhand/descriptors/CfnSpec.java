package dev.deckhand.descriptors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The CloudFormation resource specification as the AWS CDK ships it ({@code @aws-cdk/aws-service-spec}, the database
 * the CDK generates its L1 constructs from, CloudFormation's registry schemas and SAM's resources alike), and a
 * check of a template's resources against it: every resource type known, every property a property of its type (or
 * of the type it refers to, down to the leaves), required properties present, literal values of the right primitive
 * type and among the allowed values. Intrinsic functions stand for values of any type; both branches of an
 * {@code Fn::If} are checked.
 *
 * <p>SAM hands some properties of its resources straight to the CloudFormation resource it generates, and its part
 * of the specification lags behind: a property of AWS::Serverless::Function that the spec does not list is checked as
 * the same property of AWS::Lambda::Function (SnapStart, LoggingConfig, ...), one of a Schedule event as the same
 * property of an AWS::Events::Rule target (RetryPolicy, DeadLetterConfig), as the SAM transform passes them on.
 */
final class CfnSpec {

    /** Where SAM passes an unlisted property: the SAM type and the CloudFormation type (resource or type definition) of the receiver. */
    private static final Map<String, String[]> PASSED_THROUGH = Map.of(
            "AWS::Serverless::Function", new String[]{"AWS::Lambda::Function", null},
            "ScheduleEvent", new String[]{"AWS::Events::Rule", "Target"});
    private static final Set<String> INTRINSICS = Set.of("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split",
            "Fn::FindInMap", "Fn::GetAZs", "Fn::ImportValue", "Fn::Base64", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString");

    private final Map<String, JsonNode> resources = new HashMap<>();
    private final Map<String, JsonNode> types = new HashMap<>();
    private final Map<String, List<String>> typesOfResource = new HashMap<>();

    private CfnSpec(JsonNode db) {
        JsonNode schema = db.get("schema");
        Map<String, String> resourceIds = new HashMap<>();
        for (JsonNode resource : schema.at("/resource/entities")) {
            resources.put(resource.get("cloudFormationType").asText(), resource);
            resourceIds.put(resource.get("$id").asText(), resource.get("cloudFormationType").asText());
        }
        for (JsonNode type : schema.at("/typeDefinition/entities")) {
            types.put(type.get("$id").asText(), type);
        }
        schema.at("/usesType/forward").fields().forEachRemaining(e -> {
            String resource = resourceIds.get(e.getKey());
            if (resource != null) {
                List<String> ids = new ArrayList<>();
                e.getValue().forEach(ref -> ids.add(ref.get("$id").asText()));
                typesOfResource.put(resource, ids);
            }
        });
    }

    static CfnSpec load(Path gzippedDatabase) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzippedDatabase))) {
            return new CfnSpec(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gzippedDatabase, e);
        }
    }

    boolean knows(String resourceType) {
        return resources.containsKey(resourceType);
    }

    /** Problems of one resource's properties, each naming where: {@code Resources.X.Properties.A.B: ...}. */
    List<String> check(String where, String resourceType, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        JsonNode resource = resources.get(resourceType);
        if (resource == null) {
            problems.add(where + ": no resource type " + resourceType + " in the CloudFormation specification");
            return problems;
        }
        checkObject(where, resourceType, resource.get("properties"), properties, problems);
        return problems;
    }

    private void checkObject(String where, String typeName, JsonNode declared, Object value, List<String> problems) {
        if (isIntrinsic(value)) {
            checkIntrinsic(where, value, v -> checkObject(where, typeName, declared, v, problems));
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(where + ": should be an object (" + typeName + "), is " + value);
            return;
        }
        declared.fields().forEachRemaining(p -> {
            if (p.getValue().path("required").asBoolean(false) && !map.containsKey(p.getKey())) {
                problems.add(where + ": " + typeName + " requires " + p.getKey());
            }
        });
        map.forEach((key, v) -> {
            String name = key.toString();
            JsonNode property = declared.get(name);
            if (property != null) {
                checkValue(where + "." + name, property.get("type"), v, problems);
                return;
            }
            JsonNode passed = passedThrough(typeName, name);
            if (passed != null) {
                checkValue(where + "." + name, passed.get("type"), v, problems);
            } else {
                problems.add(where + ": " + name + " is no property of " + typeName);
            }
        });
    }

    private JsonNode passedThrough(String typeName, String property) {
        String[] receiver = PASSED_THROUGH.get(typeName);
        if (receiver == null) {
            return null;
        }
        if (receiver[1] == null) {
            return resources.get(receiver[0]).get("properties").get(property);
        }
        for (String id : typesOfResource.getOrDefault(receiver[0], List.of())) {
            JsonNode type = types.get(id);
            if (type.get("name").asText().equals(receiver[1])) {
                return type.get("properties").get(property);
            }
        }
        return null;
    }

    private void checkValue(String where, JsonNode type, Object value, List<String> problems) {
        if (isIntrinsic(value)) {
            checkIntrinsic(where, value, v -> checkValue(where, type, v, problems));
            return;
        }
        switch (type.get("type").asText()) {
            case "string" -> {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    problems.add(where + ": should be a string, is " + value);
                } else if (type.has("allowedValues")) {
                    List<String> allowed = new ArrayList<>();
                    type.get("allowedValues").forEach(a -> allowed.add(a.asText()));
                    if (!allowed.contains(value.toString())) {
                        problems.add(where + ": " + value + " is none of " + allowed);
                    }
                }
            }
            case "number", "integer" -> {
                if (!(value instanceof Number) && !(value instanceof String s && s.matches("-?\\d+(\\.\\d+)?"))) {
                    problems.add(where + ": should be a number, is " + value);
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean) && !(value instanceof String s && (s.equals("true") || s.equals("false")))) {
                    problems.add(where + ": should be true or false, is " + value);
                }
            }
            case "json", "date-time", "tag", "null" -> {
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(where + ": should be a list, is " + value);
                } else {
                    for (int i = 0; i < list.size(); i++) {
                        checkValue(where + "[" + i + "]", type.get("element"), list.get(i), problems);
                    }
                }
            }
            case "map" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(where + ": should be a map, is " + value);
                } else {
                    map.forEach((k, v) -> checkValue(where + "." + k, type.get("element"), v, problems));
                }
            }
            case "ref" -> {
                JsonNode definition = types.get(type.at("/reference/$ref").asText());
                checkObject(where, definition.get("name").asText(), definition.get("properties"), value, problems);
            }
            case "union" -> {
                List<String> fewest = null;
                for (JsonNode alternative : type.get("types")) {
                    List<String> found = new ArrayList<>();
                    checkValue(where, alternative, value, found);
                    if (fewest == null || found.size() < fewest.size()) {
                        fewest = found;
                    }
                    if (found.isEmpty()) {
                        return;
                    }
                }
                problems.addAll(fewest);
            }
            default -> problems.add(where + ": the specification has a type " + type + " this check does not know");
        }
    }

    private static boolean isIntrinsic(Object value) {
        return value instanceof Map<?, ?> map && map.size() == 1
                && (INTRINSICS.contains(map.keySet().iterator().next().toString()) || map.containsKey("Fn::If"));
    }

    /** A value of Fn::If is one of its branches (AWS::NoValue: absent); any other function stands for a value of any type. */
    private static void checkIntrinsic(String where, Object value, java.util.function.Consumer<Object> branch) {
        Object ifArgs = ((Map<?, ?>) value).get("Fn::If");
        if (ifArgs == null) {
            return;
        }
        List<Object> args = Yamls.list(ifArgs);
        for (Object chosen : args.subList(1, args.size())) {
            if (!Map.of("Ref", "AWS::NoValue").equals(chosen)) {
                branch.accept(chosen);
            }
        }
    }
}
