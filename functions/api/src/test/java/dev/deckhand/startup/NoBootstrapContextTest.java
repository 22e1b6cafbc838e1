package dev.deckhand.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.BootstrapPropertySourceLocator;
import io.micronaut.inject.BeanDefinitionReference;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NoBootstrapContext turns off what Deckhand does not have: no bean definition of the application, enabled or not,
 * is a {@link BootstrapPropertySourceLocator} (what Micronaut would otherwise look for at every start). Should a
 * module bring one (a config-map or Vault client), this fails, and NoBootstrapContext has to go.
 */
@MicronautTest(startApplication = false)
class NoBootstrapContextTest {

    @Inject
    ApplicationContext context;

    @Test
    void noBeanDefinitionIsABootstrapPropertySourceLocator() {
        List<String> locators = context.getBeanDefinitionReferences().stream()
                .filter(BeanDefinitionReference::isPresent)
                .filter(reference -> BootstrapPropertySourceLocator.class.isAssignableFrom(reference.getBeanType()))
                .map(BeanDefinitionReference::getName)
                .toList();
        assertEquals(List.of(), locators);
        assertTrue(context.getBeanDefinitionReferences().size() > 100, "the context's bean definitions were not all seen");
    }
}
