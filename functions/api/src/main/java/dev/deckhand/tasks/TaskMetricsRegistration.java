package dev.deckhand.tasks;

import io.micronaut.configuration.metrics.micrometer.prometheus.management.PrometheusEndpoint;
import io.micronaut.context.BeanLocator;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Makes every kind's {@link TaskMetrics} when the Prometheus endpoint is made, i.e. for the first scrape at the latest,
 * so that it answers the tasks-by-status gauges of every kind even before any task was touched in this process; until
 * then neither they nor the meter registry are made, which keeps both off a cold start.
 */
@Singleton
public class TaskMetricsRegistration implements BeanCreatedEventListener<PrometheusEndpoint> {

    private final BeanLocator beans;

    public TaskMetricsRegistration(BeanLocator beans) {
        this.beans = beans;
    }

    @Override
    public PrometheusEndpoint onCreated(BeanCreatedEvent<PrometheusEndpoint> event) {
        beans.getBeansOfType(TaskMetrics.class);
        return event.getBean();
    }
}
