package dev.deckhand.descriptors;

import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.micronaut.web.router.resource.StaticResourceConfiguration;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The routes a running functions context serves, read from its {@link Router}. */
final class Routes {

    /** A method and a path template in API Gateway's notation, e.g. {@code GET /services/{id}}. */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private Routes() {
    }

    /**
     * Every route the functions answer: the URI routes of controllers and management endpoints, less the HEAD
     * route Micronaut derives from each GET route, and less the routes of sensitive management endpoints (without
     * micronaut-security their filter answers every request 401). Static resource mappings are not URI routes.
     */
    static Set<Route> served(ApplicationContext functions) {
        Set<Route> all = all(functions);
        Set<Route> sensitive = sensitive(functions);
        Set<Route> served = new TreeSet<>();
        for (Route route : all) {
            boolean derivedHead = route.method().equals("HEAD") && all.contains(new Route("GET", route.path()));
            if (!derivedHead && !sensitive.contains(route)) {
                served.add(route);
            }
        }
        return served;
    }

    /** Every URI route of the router, as it lists them. */
    static Set<Route> all(ApplicationContext functions) {
        return functions.getBean(Router.class).uriRoutes()
                .map(r -> new Route(r.getHttpMethodName(), apiGatewayPath(r)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Routes of management endpoints marked sensitive (micronaut-management, when it is on the classpath). */
    static Set<Route> sensitive(ApplicationContext functions) {
        Set<Object> methods = new HashSet<>();
        try {
            Class<?> type = Class.forName("io.micronaut.management.endpoint.EndpointSensitivityProcessor");
            Object processor = functions.findBean(type).orElse(null);
            if (processor != null) {
                Map<?, ?> endpointMethods = (Map<?, ?>) type.getMethod("getEndpointMethods").invoke(processor);
                endpointMethods.forEach((method, isSensitive) -> {
                    if (Boolean.TRUE.equals(isSensitive)) {
                        methods.add(method);
                    }
                });
            }
        } catch (ClassNotFoundException e) {
            return Set.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return functions.getBean(Router.class).uriRoutes()
                .filter(r -> methods.contains(r.getTargetMethod().getExecutableMethod()))
                .map(r -> new Route(r.getHttpMethodName(), apiGatewayPath(r)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Static resource mappings (micronaut.router.static-resources.*.mapping), e.g. {@code /swagger/**}. */
    static Set<String> staticMappings(ApplicationContext functions) {
        return functions.getBeansOfType(StaticResourceConfiguration.class).stream()
                .filter(StaticResourceConfiguration::isEnabled)
                .map(StaticResourceConfiguration::getMapping)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The API Gateway route of a static mapping: {@code /swagger/**} is {@code GET /swagger/{proxy+}}. */
    static Route staticRoute(String mapping) {
        if (!mapping.endsWith("/**")) {
            throw new AssertionError("static mapping " + mapping + " has no API Gateway equivalent known to this test");
        }
        return new Route("GET", mapping.substring(0, mapping.length() - 3) + "/{proxy+}");
    }

    /**
     * A Micronaut URI template in API Gateway's notation: {@code {id}} and {@code {id:regex}} become {@code {id}},
     * {@code {+rest}} (or {@code {/rest:.*}}) a greedy {@code {rest+}}; query templates ({@code {?q}}) are dropped.
     */
    static String apiGatewayPath(UriRouteInfo<?, ?> route) {
        String template = route.getUriMatchTemplate().toPathString();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int end = template.indexOf('}', i);
            String variable = template.substring(i + 1, end);
            i = end + 1;
            if (variable.startsWith("?") || variable.startsWith("&")) {
                continue;
            }
            boolean greedy = variable.startsWith("+") || variable.contains(":.*") || variable.contains(":.+");
            String name = variable.replaceFirst("^[+/#.;]", "").replaceFirst(":.*$", "");
            if (variable.startsWith("/")) {
                out.append('/');
            }
            out.append('{').append(name).append(greedy ? "+" : "").append('}');
        }
        String path = out.toString();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
