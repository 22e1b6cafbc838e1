package dev.deckhand.tenantjobs;

import io.kubernetes.client.openapi.models.V1Job;

/**
 * The template a tenant's next job is rendered from, and where it came from: {@code tenant-service}
 * ({@code TENANT_SERVICE_URL}), {@code stored} (a JobTemplate resource) or {@code default} (built in).
 */
public record TenantJobTemplate(String tenant, String source, V1Job job, String updatedAt) {
}
