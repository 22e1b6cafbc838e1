package dev.deckhand.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.FieldInjectionPoint;
import io.micronaut.inject.MethodInjectionPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar's service index keeps the micronaut-kubernetes-client factories of exactly the API groups Deckhand's
 * beans inject: one missing would leave a bean of the shipped jar unsatisfiable, one too many costs every cold start.
 */
class KubernetesApiGroupsTest {

    private static final String API_PACKAGE = "io.kubernetes.client.openapi.apis";

    @Test
    void theKeptApiGroupsAreExactlyTheOnesDeckhandsBeansInject() {
        Set<String> injected = new TreeSet<>();
        try (ApplicationContext context = ApplicationContext.builder().start()) {
            for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
                // Deckhand's beans and the beans its factories make (ClusterClientFactory makes the client's ApiClient).
                Class<?> owner = definition.getDeclaringType().orElse(definition.getBeanType());
                if (!owner.getName().startsWith("dev.deckhand.") && !definition.getBeanType().getName().startsWith("dev.deckhand.")) {
                    continue;
                }
                List<Argument<?>> arguments = new ArrayList<>(List.of(definition.getConstructor().getArguments()));
                for (FieldInjectionPoint<?, ?> field : definition.getInjectedFields()) {
                    arguments.add(field.asArgument());
                }
                for (MethodInjectionPoint<?, ?> method : definition.getInjectedMethods()) {
                    arguments.addAll(List.of(method.getArguments()));
                }
                arguments.forEach(argument -> collect(argument, injected));
            }
        }
        assertFalse(injected.isEmpty(), "no API group found: the look-up is broken");
        assertEquals(new TreeSet<>(ServiceIndexWriter.KUBERNETES_API_GROUPS), injected);
    }

    @Test
    void theIndexLeavesOutTheOtherGroupsFactoriesOnly() {
        assertTrue(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$NetworkingV1ApiFactory$Definition"));
        assertTrue(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$NetworkingV1ApiFactory$Build0$Definition"));
        assertFalse(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$CoreV1ApiFactory$Definition"));
        assertFalse(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$CoreV1ApiFactory$Build0$Definition"));
        assertFalse(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$ApiClientFactory$ApiClient1$Definition"));
        assertFalse(ServiceIndexWriter.unusedApiGroupFactory("io.micronaut.kubernetes.client.$DiscoveryFactory$Definition"));
    }

    /** The argument's type and its type parameters (a {@code BeanProvider<CoreV1Api>} injects CoreV1Api too). */
    private static void collect(Argument<?> argument, Set<String> groups) {
        if (argument.getType().getPackageName().equals(API_PACKAGE)) {
            groups.add(argument.getType().getSimpleName());
        }
        for (Argument<?> parameter : argument.getTypeParameters()) {
            collect(parameter, groups);
        }
    }
}
