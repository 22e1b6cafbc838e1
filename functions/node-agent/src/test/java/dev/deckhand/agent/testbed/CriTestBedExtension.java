package dev.deckhand.agent.testbed;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Optional;

/**
 * Runs a test class against the shared {@link CriTestBed} (started once per test run, stopped at its end,
 * failed tests included) and injects it as a parameter.
 *
 * <p>When the test bed's tools are not installed the class is skipped with a loud message, except with
 * {@code DECKHAND_REQUIRE_CRI=true} (CI): then it fails, so a CI machine without the packages cannot pass
 * by skipping.
 */
public class CriTestBedExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    public static final String REQUIRE_ENV = "DECKHAND_REQUIRE_CRI";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CriTestBedExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = CriTestBed.missingPieces();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("CRI test bed installed");
        }
        if (required()) {
            return ConditionEvaluationResult.enabled(REQUIRE_ENV + "=true: runs, and fails in beforeAll");
        }
        String message = "CRI test bed not installed: " + missing.get() + "; install with "
                + CriTestBed.INSTALL_HINT + " or set " + REQUIRE_ENV + "=true to make this a failure."
                + " " + context.getDisplayName() + " SKIPPED";
        String bar = "!".repeat(100);
        System.err.println(bar + "\n!!! " + message + "\n" + bar);
        return ConditionEvaluationResult.disabled(message);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> missing = CriTestBed.missingPieces();
        if (missing.isPresent()) {
            throw new AssertionError("CRI test bed not installed: " + missing.get() + ", and " + REQUIRE_ENV
                    + "=true requires it; install with " + CriTestBed.INSTALL_HINT);
        }
        bed(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CriTestBed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return bed(context);
    }

    private static CriTestBed bed(ExtensionContext context) {
        // The root store closes its resources when the whole run ends, whatever the outcome.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).bed();
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV));
    }

    @SuppressWarnings("deprecation") // CloseableResource: JUnit 5.13+ also closes AutoCloseable, older ones only this
    private record Running(CriTestBed bed) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        static Running start() {
            try {
                return new Running(CriTestBed.start());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("CRI test bed failed to start: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            bed.close();
        }
    }
}
