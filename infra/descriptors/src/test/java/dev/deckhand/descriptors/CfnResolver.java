package dev.deckhand.descriptors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudFormation template as deployed with given parameter values: conditions evaluated, {@code Fn::If} replaced
 * by its chosen branch, {@code AWS::NoValue} removed, resources and outputs whose condition is false dropped. This
 * is what the AWS::LanguageExtensions transform hands the SAM transform, for conditions that depend on parameters.
 */
final class CfnResolver {

    private static final Object NO_VALUE = new Object();

    private final Map<String, Object> template;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private CfnResolver(Map<String, Object> template, Map<String, String> overrides) {
        this.template = template;
        Yamls.map(template.get("Parameters")).forEach((name, definition) -> {
            String text = overrides.containsKey(name) ? overrides.get(name) : Objects.toString(Yamls.at(definition, "Default"), "");
            boolean list = String.valueOf(Yamls.at(definition, "Type")).startsWith("CommaDelimitedList");
            parameters.put(name, list ? Arrays.asList(text.split(",", -1)) : text);
        });
        overrides.keySet().forEach(name -> {
            if (!parameters.containsKey(name)) {
                throw new AssertionError("no parameter " + name + " in the template");
            }
        });
    }

    /** The template deployed with its defaults, except {@code overrides}. */
    static CfnResolver of(Map<String, Object> template, Map<String, String> overrides) {
        return new CfnResolver(template, overrides);
    }

    boolean holds(String condition) {
        Object definition = Yamls.map(template.get("Conditions")).get(condition);
        if (definition == null) {
            throw new AssertionError("no condition " + condition);
        }
        return evaluate(definition);
    }

    private boolean evaluate(Object condition) {
        Map<String, Object> map = Yamls.map(condition);
        if (map.size() != 1) {
            throw new AssertionError("not a condition: " + condition);
        }
        Map.Entry<String, Object> only = map.entrySet().iterator().next();
        List<Object> args = only.getValue() instanceof List<?> l ? new ArrayList<>(l) : List.of(only.getValue());
        return switch (only.getKey()) {
            case "Fn::Equals" -> Objects.equals(value(args.get(0)), value(args.get(1)));
            case "Fn::Not" -> !evaluate(args.get(0));
            case "Fn::And" -> args.stream().allMatch(this::evaluate);
            case "Fn::Or" -> args.stream().anyMatch(this::evaluate);
            case "Condition" -> holds(only.getValue().toString());
            default -> throw new AssertionError("unsupported in a condition: " + only.getKey());
        };
    }

    /** A condition operand: a literal, a parameter's value, or a join of them. */
    private Object value(Object operand) {
        Object ref = Yamls.at(operand, "Ref");
        if (ref != null && operand instanceof Map<?, ?> m && m.size() == 1) {
            if (!parameters.containsKey(ref.toString())) {
                throw new AssertionError("a condition refers to " + ref + ", which is no parameter");
            }
            return parameters.get(ref.toString());
        }
        Object join = Yamls.at(operand, "Fn::Join");
        if (join != null && operand instanceof Map<?, ?> m && m.size() == 1) {
            List<Object> args = Yamls.list(join);
            Object items = value(args.get(1));
            List<?> list = items instanceof List<?> l ? l : List.of(items);
            return String.join(args.get(0).toString(), list.stream().map(i -> String.valueOf(value(i))).toList());
        }
        return operand;
    }

    /** The whole template as deployed. */
    Map<String, Object> resolved() {
        Map<String, Object> out = new LinkedHashMap<>();
        template.forEach((section, body) -> {
            if (section.equals("Resources") || section.equals("Outputs")) {
                Map<String, Object> kept = new LinkedHashMap<>();
                Yamls.map(body).forEach((id, item) -> {
                    Object condition = Yamls.at(item, "Condition");
                    if (condition == null || holds(condition.toString())) {
                        kept.put(id, resolve(item));
                    }
                });
                out.put(section, kept);
            } else if (section.equals("Globals")) {
                out.put(section, resolve(body));
            } else {
                out.put(section, body);
            }
        });
        return out;
    }

    private Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::If")) {
                List<Object> branches = Yamls.list(map.get("Fn::If"));
                return resolve(holds(branches.get(0).toString()) ? branches.get(1) : branches.get(2));
            }
            if (map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"))) {
                return NO_VALUE;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object r = resolve(v);
                if (r != NO_VALUE) {
                    out.put(k.toString(), r);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object r = resolve(item);
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        return value;
    }
}
