package dev.deckhand.descriptors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the SAM template: functions, their events, roles and EKS access entries. */
final class Sam {

    static final String FUNCTIONS_HANDLER = "dev.deckhand.lambda.HttpApiHandler";
    static final String RECONCILER_HANDLER = "dev.deckhand.reconciler.lambda.ScheduledPassHandler";

    /** A function of the template, with Globals.Function merged under its own properties. */
    record Function(String logicalId, Map<String, Object> properties) {

        String handler() {
            return Yamls.str(properties.get("Handler"));
        }

        /** The handler's class: {@code a.B::handleRequest} and {@code a.B} both name {@code a.B}. */
        String handlerClass() {
            String handler = handler();
            int colons = handler.indexOf("::");
            return colons < 0 ? handler : handler.substring(0, colons);
        }

        Map<String, Map<String, Object>> events(String type) {
            Map<String, Map<String, Object>> events = new LinkedHashMap<>();
            Yamls.map(properties.get("Events")).forEach((name, event) -> {
                if (type.equals(Yamls.at(event, "Type"))) {
                    events.put(name, Yamls.map(Yamls.at(event, "Properties")));
                }
            });
            return events;
        }

        Map<String, Object> environment() {
            return Yamls.map(Yamls.at(properties, "Environment", "Variables"));
        }

        /** The logical id of the IAM role resource the function runs as ({@code Role: !GetAtt X.Arn}). */
        String roleResource() {
            Object role = properties.get("Role");
            Object getAtt = Yamls.at(role, "Fn::GetAtt");
            if (getAtt == null) {
                throw new AssertionError(logicalId + ": Role should be !GetAtt ROLE.Arn of a role of this template, is " + role);
            }
            return Yamls.strings(getAtt).get(0);
        }
    }

    private final Map<String, Object> template;

    Sam(Map<String, Object> template) {
        this.template = template;
    }

    static Sam of(Descriptors descriptors) {
        return new Sam(descriptors.sam());
    }

    Map<String, Object> template() {
        return template;
    }

    Map<String, Object> resources() {
        return Yamls.map(template.get("Resources"));
    }

    Map<String, Object> parameters() {
        return Yamls.map(template.get("Parameters"));
    }

    Map<String, Object> conditions() {
        return Yamls.map(template.get("Conditions"));
    }

    List<Map.Entry<String, Map<String, Object>>> resourcesOfType(String type) {
        List<Map.Entry<String, Map<String, Object>>> found = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(Yamls.at(r, "Type"))) {
                found.add(Map.entry(id, Yamls.map(r)));
            }
        });
        return found;
    }

    List<Function> functions() {
        Map<String, Object> globals = Yamls.map(Yamls.at(template, "Globals", "Function"));
        List<Function> functions = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            Map<String, Object> own = Yamls.map(e.getValue().get("Properties"));
            own.forEach((k, v) -> {
                if (k.equals("Environment") && merged.containsKey("Environment")) {
                    Map<String, Object> vars = new LinkedHashMap<>(Yamls.map(Yamls.at(merged.get("Environment"), "Variables")));
                    vars.putAll(Yamls.map(Yamls.at(v, "Variables")));
                    merged.put("Environment", Map.of("Variables", vars));
                } else {
                    merged.put(k, v);
                }
            });
            functions.add(new Function(e.getKey(), merged));
        }
        return functions;
    }

    Function function(String handlerClass) {
        List<Function> found = functions().stream().filter(f -> handlerClass.equals(f.handlerClass())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one function with handler " + handlerClass + " in " + Descriptors.SAM_TEMPLATE
                    + ", found " + found.stream().map(Function::logicalId).toList());
        }
        return found.get(0);
    }

    /** The EKS access entry of the role a function runs as, or null. */
    Map<String, Object> accessEntry(Function function) {
        for (Map.Entry<String, Map<String, Object>> e : resourcesOfType("AWS::EKS::AccessEntry")) {
            Object principal = Yamls.at(e.getValue(), "Properties", "PrincipalArn", "Fn::GetAtt");
            if (principal != null && Objects.equals(Yamls.strings(principal).get(0), function.roleResource())) {
                Map<String, Object> entry = new LinkedHashMap<>(e.getValue());
                entry.put("LogicalId", e.getKey());
                return entry;
            }
        }
        return null;
    }
}
