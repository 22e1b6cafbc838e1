package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.CleanupRuleException;
import dev.deckhand.agent.api.CleanupRules;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.api.ImageRule;
import dev.deckhand.agent.runtime.ImageRuntime;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import dev.deckhand.agent.runtime.NodeInventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@link AgentPaths#CLEANUP}: reads the node's images and containers once, decides with {@link CleanupRules}, then
 * removes the chosen images one by one (by id). A removal the runtime refuses is reported and the others go on.
 */
final class CleanupRoutes {

    private static final Logger LOG = Logger.getLogger(CleanupRoutes.class.getName());
    private static final Set<String> FIELDS = Set.of("images", "keep", "unusedFor", "dryRun");

    private final ImageRuntime runtime;
    private final JsonBodies json;
    private final ImageRule ownImage;

    /** @param ownImage the agent's own image reference, null when not configured */
    CleanupRoutes(ImageRuntime runtime, JsonBodies json, String ownImage) {
        this.runtime = runtime;
        this.json = json;
        this.ownImage = ownImage == null ? null : ImageRule.parse(ownImage);
    }

    Reply cleanup(Request request) {
        Map<?, ?> body = json.object(request.body(), "a JSON object with optional fields images, keep, unusedFor, dryRun");
        for (Object field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw AgentHttpException.badRequest(null, "unknown field '" + field + "'; expected images, keep, unusedFor, dryRun");
            }
        }
        CleanupRules rules;
        try {
            rules = CleanupRules.of(strings(body, "images"), strings(body, "keep"), string(body, "unusedFor"));
        } catch (CleanupRuleException e) {
            throw AgentHttpException.badRequest(null, e.getMessage());
        }
        Object dryRunValue = body.get("dryRun");
        if (dryRunValue != null && !(dryRunValue instanceof Boolean)) {
            throw AgentHttpException.badRequest(null, "field 'dryRun' must be true or false");
        }
        boolean dryRun = Boolean.TRUE.equals(dryRunValue);

        NodeInventory inventory = runtime.inventory();
        CleanupRules.Decision decision = rules.decide(inventory.images(), inventory.pinned(), inventory.users(), ownImage);
        List<CleanupResult.CleanedImage> removed = new ArrayList<>();
        List<CleanupResult.FailedRemoval> failed = new ArrayList<>();
        long bytes = 0;
        for (AgentImage image : decision.remove()) {
            if (!dryRun) {
                try {
                    runtime.remove(image.id());
                } catch (ImageRuntimeException e) {
                    failed.add(new CleanupResult.FailedRemoval(image.id(), CleanupRules.names(image), e.getMessage(), e.code()));
                    continue;
                }
            }
            removed.add(new CleanupResult.CleanedImage(image.id(), CleanupRules.names(image), image.size()));
            bytes += image.size();
        }
        if (!dryRun && !removed.isEmpty()) {
            long freed = bytes;
            LOG.info(() -> "cleanup removed " + removed.size() + " images (" + freed + " bytes)"
                    + (failed.isEmpty() ? "" : "; " + failed.size() + " refused by the runtime"));
        }
        return Reply.ok(new CleanupResult(dryRun, removed, bytes, decision.skipped(), failed));
    }

    private static List<String> strings(Map<?, ?> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw AgentHttpException.badRequest(null, "field '" + field + "' must be a list of strings");
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                throw AgentHttpException.badRequest(null, field + "[" + i + "] must be a string");
            }
            strings.add(text);
        }
        return strings;
    }

    private static String string(Map<?, ?> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw AgentHttpException.badRequest(null, "field '" + field + "' must be a string");
        }
        return (String) value;
    }
}
