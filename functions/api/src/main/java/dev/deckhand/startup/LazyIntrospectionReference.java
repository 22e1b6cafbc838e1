package dev.deckhand.startup;

import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospectionReference;

/**
 * A bean introspection's reference as the service index names it: the class it introspects, known from the index
 * ({@link ServiceIndexWriter}), and the generated introspection, created when first asked for more. Micronaut's
 * introspector reads all ~185 references of the jar the first time it looks one up (a custom {@code @Requires}
 * condition at start-up does), only to map them by this name: creating each ran its class initialiser (the
 * introspection's metadata), about 4% of the main thread before the first answer, for the few a first request uses.
 */
final class LazyIntrospectionReference implements BeanIntrospectionReference<Object> {

    private final String implementation;
    private final String introspected;
    private volatile BeanIntrospectionReference<Object> reference;

    LazyIntrospectionReference(String implementation, String introspected) {
        this.implementation = implementation;
        this.introspected = introspected;
    }

    @Override
    public String getName() {
        return introspected;
    }

    /** As the scan would have it: the introspection's class and the class it introspects can be loaded. */
    @Override
    public boolean isPresent() {
        return ServiceIndexLoader.present(implementation) && ServiceIndexLoader.present(introspected);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Object> getBeanType() {
        try {
            return (Class<Object>) Class.forName(introspected, false, LazyIntrospectionReference.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the service index names " + introspected + ", which is not on the class path", e);
        }
    }

    @Override
    public BeanIntrospection<Object> load() {
        return reference().load();
    }

    @Override
    public AnnotationMetadata getAnnotationMetadata() {
        return reference().getAnnotationMetadata();
    }

    @SuppressWarnings("unchecked")
    private BeanIntrospectionReference<Object> reference() {
        BeanIntrospectionReference<Object> made = reference;
        if (made == null) {
            try {
                made = (BeanIntrospectionReference<Object>) Class.forName(implementation, true, LazyIntrospectionReference.class.getClassLoader())
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create the introspection " + implementation, e);
            }
            reference = made;
        }
        return made;
    }

    @Override
    public String toString() {
        return implementation + " (" + introspected + ")";
    }
}
