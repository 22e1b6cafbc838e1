package dev.deckhand.descriptors;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.sandbox.RuntimeJdks;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.inject.BeanDefinition;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** infra/aws/template.yaml against the code: routes, handler classes, artifacts, settings, IAM, schedule. */
class SamTemplateTest {

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    /** API Gateway HTTP APIs end an integration after 30 s at most. */
    private static final Duration HTTP_API_INTEGRATION_LIMIT = Duration.ofSeconds(30);
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
    private static final Set<String> ENI_ACTIONS = Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");

    private final Descriptors descriptors = Descriptors.all();
    private final Sam sam = Sam.of(descriptors);
    private final Workloads workloads = Workloads.of(descriptors);

    @Test
    void isASamTemplate() {
        // LanguageExtensions first: it resolves the !If on the API's Auth, which the SAM transform rejects.
        assertEquals(List.of("AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"), sam.template().get("Transform"),
                Descriptors.SAM_TEMPLATE + ": Transform");
        assertEquals("2010-09-09", sam.template().get("AWSTemplateFormatVersion"), Descriptors.SAM_TEMPLATE + ": AWSTemplateFormatVersion");
        assertEquals(2, sam.functions().size(), "the functions and the reconciler: " + sam.functions().stream().map(Sam.Function::logicalId).toList());
    }

    @Test
    void everyRouteTheFunctionsServeIsRoutedAndNothingElse() {
        Set<Routes.Route> expected = new TreeSet<>();
        try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, Map.of(), Map.of())) {
            expected.addAll(Routes.served(functions));
            Routes.staticMappings(functions).forEach(m -> expected.add(Routes.staticRoute(m)));
        }
        assertFalse(expected.isEmpty(), "the functions serve no route?");
        Set<Routes.Route> routed = new TreeSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Sam.Function function : sam.functions()) {
            for (Map<String, Object> event : function.events("HttpApi").values()) {
                Routes.Route route = new Routes.Route(Yamls.str(event.get("Method")).toUpperCase(), Yamls.str(event.get("Path")));
                if (!routed.add(route)) {
                    duplicates.add(route.toString());
                }
                assertEquals(Sam.FUNCTIONS_HANDLER, function.handlerClass(), route + " is routed to " + function.logicalId()
                        + ", which is not the HTTP functions' handler");
            }
        }
        Set<Routes.Route> missing = new TreeSet<>(expected);
        missing.removeAll(routed);
        Set<Routes.Route> extra = new TreeSet<>(routed);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty(), "routes the functions serve but " + Descriptors.SAM_TEMPLATE + " does not route (add an HttpApi event each): " + missing);
        assertTrue(extra.isEmpty(), "routes " + Descriptors.SAM_TEMPLATE + " sends to the functions but the code does not serve: " + extra);
        assertTrue(duplicates.isEmpty(), "routed twice: " + duplicates);
    }

    @Test
    void httpApiEventsUseThePayloadTheHandlerReads() {
        Sam.Function functions = sam.function(Sam.FUNCTIONS_HANDLER);
        for (Map.Entry<String, Map<String, Object>> event : functions.events("HttpApi").entrySet()) {
            Object version = event.getValue().getOrDefault("PayloadFormatVersion", "2.0");
            assertEquals("2.0", Yamls.str(version), functions.logicalId() + " event " + event.getKey()
                    + ": " + Sam.FUNCTIONS_HANDLER + " reads HTTP API payload 2.0");
        }
        assertTrue(functions.events("Api").isEmpty(), functions.logicalId() + ": REST API (payload 1.0) events need dev.deckhand.lambda.RestApiHandler");
    }

    @Test
    void handlerClassesAreLambdaHandlersOnTheClasspath() {
        List<String> problems = new ArrayList<>();
        for (Sam.Function function : sam.functions()) {
            String name = function.handlerClass();
            try {
                Class<?> handler = Class.forName(name);
                boolean lambda = com.amazonaws.services.lambda.runtime.RequestHandler.class.isAssignableFrom(handler)
                        || com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(handler);
                if (!lambda) {
                    problems.add(function.logicalId() + ": " + name + " is neither a RequestHandler nor a RequestStreamHandler");
                }
                if (name.equals(Sam.FUNCTIONS_HANDLER)
                        && !io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction.class.isAssignableFrom(handler)) {
                    problems.add(function.logicalId() + ": " + name + " should read HTTP API payload 2.0 (APIGatewayV2HTTPEventFunction)");
                }
                handler.getConstructor();
            } catch (ClassNotFoundException e) {
                problems.add(function.logicalId() + ": handler class " + name + " is not on the classpath");
            } catch (NoSuchMethodException e) {
                problems.add(function.logicalId() + ": " + name + " has no public no-argument constructor for the Lambda runtime");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void codeUriIsTheJarTheHandlersModuleBuilds() {
        Path aws = Descriptors.root().resolve(Descriptors.SAM_TEMPLATE).getParent();
        List<String> problems = new ArrayList<>();
        for (Sam.Function function : sam.functions()) {
            String codeUri = Yamls.str(function.properties().get("CodeUri"));
            Path jar = Descriptors.root().relativize(aws.resolve(codeUri).normalize());
            if (jar.getNameCount() < 3 || !jar.getName(jar.getNameCount() - 2).toString().equals("target")) {
                problems.add(function.logicalId() + ": CodeUri " + codeUri + " should be a jar in a module's target directory");
                continue;
            }
            String module = jar.getParent().getParent().toString().replace('\\', '/');
            if (!Poms.exists(module)) {
                problems.add(function.logicalId() + ": CodeUri " + codeUri + " is in " + module + ", which is no module");
                continue;
            }
            if (!Poms.shadedJars(module).contains(jar)) {
                problems.add(function.logicalId() + ": CodeUri " + codeUri + " is not a jar " + module + "/pom.xml builds (its shade executions write "
                        + Poms.shadedJars(module) + "): add a maven-shade-plugin execution with outputFile ${project.build.directory}/"
                        + jar.getFileName());
            }
            Path source = Descriptors.root().resolve(module).resolve("src/main/java").resolve(function.handlerClass().replace('.', '/') + ".java");
            if (!Files.isRegularFile(source)) {
                problems.add(function.logicalId() + ": handler " + function.handlerClass() + " is not a class of " + module
                        + " (no " + Descriptors.root().relativize(source) + "), so it is not in " + jar.getFileName());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * SnapStart on the functions: it applies to published versions only, so the API must invoke one (the alias
     * AutoPublishAlias makes), and the runtime must be one SnapStart supports (Java 11 and later).
     */
    @Test
    void functionsStartFromASnapStartSnapshotOfThePublishedAlias() {
        Sam.Function functions = sam.function(Sam.FUNCTIONS_HANDLER);
        assertEquals("PublishedVersions", Yamls.at(functions.properties(), "SnapStart", "ApplyOn"), functions.logicalId() + ": SnapStart.ApplyOn");
        Object alias = functions.properties().get("AutoPublishAlias");
        assertTrue(alias instanceof String a && !a.isBlank(), functions.logicalId()
                + ": AutoPublishAlias, so that the API invokes a published version (SnapStart does nothing for $LATEST)");
        assertTrue(List.of("java11", "java17", "java21", "java25").contains(functions.properties().get("Runtime")),
                functions.logicalId() + ": SnapStart needs a Java runtime");
    }

    /** Java 25 (Amazon Linux 2023), the runtime the cold start is measured on; the build targets --release 17. */
    @Test
    void runtimeIsJava25() {
        for (Sam.Function function : sam.functions()) {
            assertEquals("java25", function.properties().get("Runtime"), function.logicalId() + ": Runtime");
        }
    }

    /**
     * The functions' JVM options are the ones their cold start was measured with (bench/README.md, "coldstart"), and a
     * Java 25 JVM starts with them: an option the runtime did not know would stop every invocation.
     */
    @Test
    void functionsRunWithTheMeasuredJvmOptionsAndJava25AcceptsThem() throws Exception {
        String options = String.valueOf(sam.function(Sam.FUNCTIONS_HANDLER).environment().get("JAVA_TOOL_OPTIONS"));
        assertTrue(List.of(options.trim().split("\\s+")).containsAll(List.of("-XX:TieredStopAtLevel=1", "--sun-misc-unsafe-memory-access=allow")),
                "JAVA_TOOL_OPTIONS: " + options);
        List<Path> javas = RuntimeJdks.installed();
        assertFalse(javas.isEmpty(), "no Java " + RuntimeJdks.PRODUCTION + " under /usr/lib/jvm to start with the functions' options");
        for (Path java : javas) {
            ProcessBuilder start = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true);
            start.environment().put("JAVA_TOOL_OPTIONS", options);
            Process process = start.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), java + " with JAVA_TOOL_OPTIONS=" + options + ":\n" + output);
        }
    }

    @Test
    void intrinsicFunctionsReferToDefinedNames() {
        Set<String> refs = new TreeSet<>(PSEUDO_PARAMETERS);
        refs.addAll(sam.parameters().keySet());
        refs.addAll(sam.resources().keySet());
        Set<String> conditions = sam.conditions().keySet();
        List<String> problems = new ArrayList<>();
        checkIntrinsics(sam.template(), "", refs, conditions, problems);
        sam.resources().forEach((id, r) -> {
            Object condition = Yamls.at(r, "Condition");
            if (condition != null && !conditions.contains(condition.toString())) {
                problems.add("Resources." + id + ".Condition: no condition " + condition);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private void checkIntrinsics(Object value, String path, Set<String> refs, Set<String> conditions, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = only.getKey().toString();
                Object arg = only.getValue();
                switch (key) {
                    case "Ref" -> {
                        if (!refs.contains(arg.toString())) {
                            problems.add(path + ": !Ref " + arg + " names no parameter or resource");
                        }
                    }
                    case "Fn::GetAtt" -> {
                        String resource = Yamls.strings(arg).get(0);
                        if (!sam.resources().containsKey(resource)) {
                            problems.add(path + ": !GetAtt " + resource + " names no resource");
                        }
                    }
                    case "Fn::If" -> {
                        String condition = Yamls.strings(arg).get(0);
                        if (!conditions.contains(condition)) {
                            problems.add(path + ": !If " + condition + " names no condition");
                        }
                    }
                    case "Condition" -> {
                        if (arg instanceof String name && !conditions.contains(name)) {
                            problems.add(path + ": !Condition " + name + " names no condition");
                        }
                    }
                    case "Fn::Sub" -> {
                        String text = arg instanceof List<?> l ? l.get(0).toString() : arg.toString();
                        Set<String> local = arg instanceof List<?> l && l.size() > 1 ? Yamls.map(l.get(1)).keySet() : Set.of();
                        Matcher m = SUB_VARIABLE.matcher(text);
                        while (m.find()) {
                            String variable = m.group(1);
                            String name = variable.contains(".") && !variable.startsWith("AWS::") ? variable.substring(0, variable.indexOf('.')) : variable;
                            if (!refs.contains(name) && !local.contains(name)) {
                                problems.add(path + ": !Sub ${" + variable + "} names no parameter or resource");
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            map.forEach((k, v) -> checkIntrinsics(v, path + "." + k, refs, conditions, problems));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkIntrinsics(list.get(i), path + "[" + i + "]", refs, conditions, problems);
            }
        }
    }

    @Test
    void credentialsModesAreModesOfTheCode() {
        Map<String, Object> mode = Yamls.map(sam.parameters().get("CredentialsMode"));
        List<String> allowed = Yamls.strings(mode.get("AllowedValues"));
        assertEquals(List.of("eks", "kubeconfig"), allowed, "CredentialsMode AllowedValues");
        for (String value : allowed) {
            try {
                dev.deckhand.cluster.credentials.CredentialsMode.valueOf(value.toUpperCase().replace('-', '_'));
            } catch (IllegalArgumentException e) {
                fail("CredentialsMode " + value + " is not a mode of deckhand.cluster.credentials (" + List.of(
                        dev.deckhand.cluster.credentials.CredentialsMode.values()) + ")");
            }
        }
        for (String parameter : List.of("ClusterEndpoint", "ClusterCaData", "EksClusterName", "KubeconfigSecretArn")) {
            assertNotNull(sam.parameters().get(parameter), Descriptors.SAM_TEMPLATE + ": parameter " + parameter);
        }
        for (Sam.Function function : sam.functions()) {
            assertEquals(Map.of("Ref", "CredentialsMode"), function.environment().get("DECKHAND_CLUSTER_CREDENTIALS"),
                    function.logicalId() + ": DECKHAND_CLUSTER_CREDENTIALS should be !Ref CredentialsMode");
        }
    }

    /** A value a variable takes when deployed with default parameters, or a recognisable sample when that is empty. */
    private String sampleValue(String variable, Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::If")) {
            List<Object> branches = Yamls.list(map.get("Fn::If"));
            Object chosen = Yamls.at(branches.get(1), "Ref") != null && "AWS::NoValue".equals(Yamls.at(branches.get(1), "Ref"))
                    ? branches.get(2) : branches.get(1);
            return sampleValue(variable, chosen);
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            Object parameter = sam.parameters().get(map.get("Ref").toString());
            Object fallback = parameter == null ? null : Yamls.at(parameter, "Default");
            return fallback == null || fallback.toString().isEmpty() ? "sample-" + variable.toLowerCase() : fallback.toString();
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            // A dynamic reference ({{resolve:secretsmanager:...}}) that CloudFormation resolves at deploy time.
            return "sample-" + variable.toLowerCase() + "-resolved-at-deploy-time";
        }
        return Objects.toString(value);
    }

    /** The values every @ConfigurationProperties bean of Deckhand bound, as strings. */
    private static Set<String> boundSettings(ApplicationContext context) {
        Set<String> values = new HashSet<>();
        for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
            Class<?> type = definition.getBeanType();
            if (!type.getName().startsWith("dev.deckhand.") || !type.isRecord() || !definition.hasAnnotation(ConfigurationProperties.class)) {
                continue;
            }
            Object bean = context.getBean(type);
            for (RecordComponent component : type.getRecordComponents()) {
                try {
                    Object v = component.getAccessor().invoke(bean);
                    if (v != null) {
                        values.add(v instanceof Duration d ? d.toString() : v.toString().toLowerCase());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    @Test
    void everyEnvironmentVariableIsASettingTheCodeReads() {
        List<String> problems = new ArrayList<>();
        for (Sam.Function function : sam.functions()) {
            Map<String, String> env = new LinkedHashMap<>();
            function.environment().forEach((k, v) -> env.put(k, sampleValue(k, v)));
            Class<?> module = function.handlerClass().equals(Sam.FUNCTIONS_HANDLER) ? Apps.FUNCTIONS : Apps.RECONCILER;
            try (ApplicationContext context = Apps.context(module, env, Map.of())) {
                Set<String> bound = boundSettings(context);
                env.forEach((variable, value) -> {
                    if (variable.equals("JAVA_TOOL_OPTIONS")) {
                        return;
                    }
                    if (variable.equals("DECKHAND_AUTH_ROLES_CLAIM")) {
                        // Micronaut Security's own setting (micronaut.security.token.roles-name), read through application.yml.
                        String rolesName = context.getBean(io.micronaut.security.token.config.TokenConfiguration.class).getRolesName();
                        if (!value.equals(rolesName)) {
                            problems.add(function.logicalId() + ": DECKHAND_AUTH_ROLES_CLAIM (" + value + ") does not set the roles claim (" + rolesName + ")");
                        }
                        return;
                    }
                    String expected = value.matches("\\d+(ms|s|m|h|d)") ? Durations.parse(value).toString() : value.toLowerCase();
                    if (!bound.contains(expected)) {
                        problems.add(function.logicalId() + ": environment variable " + variable + " (" + value
                                + ") sets no setting of " + module.getSimpleName() + "'s code (deckhand.* @ConfigurationProperties)");
                    }
                });
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void agentNamespaceIsTheAgentsNamespace() {
        String ns = KubernetesManifestsTest.agentNamespace(workloads);
        assertEquals(ns, Yamls.at(sam.parameters(), "AgentNamespace", "Default"), "parameter AgentNamespace should default to the agents' namespace " + ns);
        for (Sam.Function function : sam.functions()) {
            assertEquals(Map.of("Ref", "AgentNamespace"), function.environment().get("K8S_NAMESPACE"), function.logicalId() + ": K8S_NAMESPACE");
        }
    }

    @Test
    void functionsTimeoutFitsTheHttpApiAndOutlastsTheAgentCalls() {
        Sam.Function functions = sam.function(Sam.FUNCTIONS_HANDLER);
        long timeout = Durations.seconds(functions.properties().get("Timeout"), functions.logicalId() + " Timeout");
        assertTrue(timeout <= HTTP_API_INTEGRATION_LIMIT.toSeconds(), functions.logicalId() + ": Timeout " + timeout
                + " s: an HTTP API answers 503 after " + HTTP_API_INTEGRATION_LIMIT.toSeconds() + " s, whatever the function does");
        Map<String, String> env = new LinkedHashMap<>();
        functions.environment().forEach((k, v) -> env.put(k, sampleValue(k, v)));
        try (ApplicationContext context = Apps.context(Apps.FUNCTIONS, Workloads.scenarioEnv(env), Map.of())) {
            AgentSettings agents = context.getBean(AgentSettings.class);
            for (Duration call : List.of(agents.pullTimeout(), agents.callTimeout())) {
                assertTrue(call.toSeconds() < timeout, functions.logicalId() + ": an agent call may take " + call.toSeconds()
                        + " s (deckhand.agent.pull-timeout / call-timeout), longer than the Timeout " + timeout + " s");
            }
        }
    }

    @Test
    void reconcilerRunsOnTheCronJobsScheduleWithItsBudgetOnePassAtATime() {
        Sam.Function reconciler = sam.function(Sam.RECONCILER_HANDLER);
        Map<String, Map<String, Object>> schedules = reconciler.events("Schedule");
        schedules.putAll(reconciler.events("ScheduleV2"));
        assertEquals(1, schedules.size(), reconciler.logicalId() + ": one Schedule event");
        Map<String, Object> event = schedules.values().iterator().next();
        String expression = sampleValue("schedule", event.get(event.containsKey("Schedule") ? "Schedule" : "ScheduleExpression"));
        Duration period = Durations.ratePeriod(expression);

        Descriptors.Doc cron = workloads.cronJob();
        Duration cronPeriod = Durations.cronPeriod(Yamls.str(Yamls.at(cron.body(), "spec", "schedule")));
        assertEquals(cronPeriod, period, reconciler.logicalId() + " runs every " + period + ", the CronJob every " + cronPeriod);
        long timeout = Durations.seconds(reconciler.properties().get("Timeout"), reconciler.logicalId() + " Timeout");
        long deadline = Durations.seconds(Yamls.at(cron.body(), "spec", "jobTemplate", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds");
        assertEquals(deadline, timeout, reconciler.logicalId() + ": Timeout should be the CronJob's activeDeadlineSeconds (the pass budget)");
        assertTrue(timeout < period.toSeconds(), reconciler.logicalId() + ": Timeout " + timeout + " s should be under the period " + period);
        assertEquals(1, reconciler.properties().get("ReservedConcurrentExecutions"),
                reconciler.logicalId() + ": ReservedConcurrentExecutions 1, one pass at a time (the CronJob's concurrencyPolicy: Forbid)");
        assertEquals(0, Yamls.at(reconciler.properties(), "EventInvokeConfig", "MaximumRetryAttempts"),
                reconciler.logicalId() + ": EventInvokeConfig.MaximumRetryAttempts 0 (the next tick is the retry)");
    }

    private record Statement(String role, String condition, Map<String, Object> body) {
    }

    private List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> role : sam.resourcesOfType("AWS::IAM::Role")) {
            for (Map<String, Object> policy : Yamls.maps(Yamls.at(role.getValue(), "Properties", "Policies"))) {
                for (Object item : Yamls.list(Yamls.at(policy, "PolicyDocument", "Statement"))) {
                    Object branches = Yamls.at(item, "Fn::If");
                    if (branches != null) {
                        List<Object> b = Yamls.list(branches);
                        assertEquals(Map.of("Ref", "AWS::NoValue"), b.get(2), role.getKey() + ": a conditional statement grants nothing otherwise");
                        statements.add(new Statement(role.getKey(), b.get(0).toString(), Yamls.map(b.get(1))));
                    } else {
                        statements.add(new Statement(role.getKey(), null, Yamls.map(item)));
                    }
                }
            }
        }
        return statements;
    }

    /** Whether a condition holds only in kubeconfig mode. */
    private boolean impliesKubeconfigMode(String condition) {
        Object definition = sam.conditions().get(condition);
        if (definition == null) {
            return false;
        }
        if (Map.of("Fn::Equals", List.of(Map.of("Ref", "CredentialsMode"), "kubeconfig")).equals(definition)) {
            return true;
        }
        Object all = Yamls.at(definition, "Fn::And");
        return all != null && Yamls.list(all).stream().anyMatch(c -> {
            Object name = Yamls.at(c, "Condition");
            return name != null && impliesKubeconfigMode(name.toString());
        });
    }

    @Test
    void rolesGrantOnlyTheirOwnLogsAndByModeTheSecretOrTheVpcInterfaces() {
        List<String> problems = new ArrayList<>();
        Set<String> roles = new TreeSet<>();
        for (Map.Entry<String, Map<String, Object>> role : sam.resourcesOfType("AWS::IAM::Role")) {
            roles.add(role.getKey());
            Map<String, Object> props = Yamls.map(role.getValue().get("Properties"));
            if (props.containsKey("ManagedPolicyArns")) {
                problems.add(role.getKey() + ": ManagedPolicyArns (AWS managed policies grant more than Deckhand uses)");
            }
            for (Map<String, Object> trust : Yamls.maps(Yamls.at(props, "AssumeRolePolicyDocument", "Statement"))) {
                if (!Map.of("Service", "lambda.amazonaws.com").equals(trust.get("Principal"))) {
                    problems.add(role.getKey() + ": trusts " + trust.get("Principal") + ", not only Lambda");
                }
            }
        }
        Map<String, String> logGroupOfRole = new LinkedHashMap<>();
        for (Sam.Function function : sam.functions()) {
            if (function.properties().containsKey("Policies")) {
                problems.add(function.logicalId() + ": SAM Policies (use the least-privilege Role of this template)");
            }
            Object group = Yamls.at(function.properties(), "LoggingConfig", "LogGroup", "Ref");
            if (group == null) {
                problems.add(function.logicalId() + ": LoggingConfig.LogGroup should be !Ref of its own log group");
            } else if (logGroupOfRole.put(function.roleResource(), group.toString()) != null) {
                problems.add(function.logicalId() + ": role " + function.roleResource() + " is shared with another function");
            }
        }
        for (Statement s : statements()) {
            String where = s.role() + " statement " + s.body().getOrDefault("Sid", s.body());
            if (!"Allow".equals(s.body().get("Effect"))) {
                continue;
            }
            List<String> actions = s.body().get("Action") instanceof List<?> ? Yamls.strings(s.body().get("Action")) : List.of(Yamls.str(s.body().get("Action")));
            Object resource = s.body().get("Resource");
            for (String action : actions) {
                if (action.contains("*")) {
                    problems.add(where + ": wildcard action " + action);
                } else if (action.startsWith("logs:")) {
                    Object target = Yamls.at(resource, "Fn::GetAtt");
                    String own = logGroupOfRole.get(s.role());
                    if (!List.of("logs:CreateLogStream", "logs:PutLogEvents").contains(action) || target == null
                            || !Yamls.strings(target).get(0).equals(own) || s.condition() != null) {
                        problems.add(where + ": " + action + " on " + resource + "; only logs:CreateLogStream and logs:PutLogEvents on the function's own log group " + own);
                    }
                } else if (action.equals("secretsmanager:GetSecretValue")) {
                    if (!Map.of("Ref", "KubeconfigSecretArn").equals(resource) || s.condition() == null || !impliesKubeconfigMode(s.condition())) {
                        problems.add(where + ": secretsmanager:GetSecretValue only on !Ref KubeconfigSecretArn and only in kubeconfig mode, is on "
                                + resource + " under condition " + s.condition());
                    }
                } else if (action.equals("kms:Decrypt")) {
                    if (!Map.of("Ref", "KubeconfigSecretKmsKeyArn").equals(resource) || s.condition() == null || !impliesKubeconfigMode(s.condition())
                            || Yamls.at(s.body(), "Condition", "StringEquals", "kms:ViaService") == null) {
                        problems.add(where + ": kms:Decrypt only on the secret's key, via Secrets Manager, in kubeconfig mode");
                    }
                } else if (ENI_ACTIONS.contains(action)) {
                    if (s.condition() == null || !Objects.equals(Yamls.at(sam.conditions().get(s.condition()), "Fn::Not"),
                            List.of(Map.of("Fn::Equals", List.of(Map.of("Fn::Join", List.of("", Map.of("Ref", "SubnetIds"))), ""))))) {
                        problems.add(where + ": " + action + " only when the functions run in a VPC (condition on SubnetIds)");
                    }
                } else {
                    problems.add(where + ": " + action + " is not a permission Deckhand needs (logs; GetSecretValue in kubeconfig mode; ENIs in a VPC)");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(logGroupOfRole.keySet(), roles, "every role should belong to one function");
    }

    @Test
    void inEksModeEachRoleIsMappedToItsOwnKubernetesGroups() {
        List<String> problems = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        for (Sam.Function function : sam.functions()) {
            Map<String, Object> entry = sam.accessEntry(function);
            if (entry == null) {
                problems.add(function.logicalId() + ": no AWS::EKS::AccessEntry for its role " + function.roleResource()
                        + " (eks mode signs tokens with that role; EKS must map it to a Kubernetes group)");
                continue;
            }
            String id = entry.get("LogicalId").toString();
            Object condition = entry.get("Condition");
            if (condition == null || !Map.of("Fn::Equals", List.of(Map.of("Ref", "CredentialsMode"), "eks")).equals(sam.conditions().get(condition.toString()))) {
                problems.add(id + ": should exist in eks mode only (Condition on CredentialsMode == eks)");
            }
            Map<String, Object> props = Yamls.map(entry.get("Properties"));
            if (!Map.of("Ref", "EksClusterName").equals(props.get("ClusterName"))) {
                problems.add(id + ": ClusterName should be !Ref EksClusterName");
            }
            if (props.containsKey("AccessPolicies")) {
                problems.add(id + ": AccessPolicies (EKS access policies grant far more than Deckhand's RBAC roles)");
            }
            if (!"STANDARD".equals(props.getOrDefault("Type", "STANDARD"))) {
                problems.add(id + ": Type should be STANDARD");
            }
            List<String> kubernetesGroups = Yamls.strings(props.get("KubernetesGroups"));
            if (kubernetesGroups.isEmpty()) {
                problems.add(id + ": no KubernetesGroups, so no RBAC binding applies to " + function.logicalId());
            }
            for (String group : kubernetesGroups) {
                if (!groups.add(group)) {
                    problems.add(id + ": group " + group + " is shared by two functions; each needs its own rights");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
