package dev.deckhand.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived within
 * {@code deckhand.server.header-timeout} (default 10 s) of the connection opening or of the request's first byte. The
 * server's idle timeouts restart at every byte, so a client trickling a header a byte at a time would hold its
 * connection open forever without this.
 */
@Singleton
public class HeaderDeadline implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final Duration timeout;

    public HeaderDeadline(@Value("${deckhand.server.header-timeout:10s}") Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null, timeout));
        return event.getBean();
    }

    private record Customizer(Channel channel, Duration timeout) implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel, timeout) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
                    && channel.pipeline().get(Heads.NAME) == null) {
                Deadline deadline = new Deadline(timeout.toMillis());
                channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, Bytes.NAME, new Bytes(deadline));
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, Heads.NAME, new Heads(deadline));
                deadline.arm(channel);
            }
        }
    }

    /**
     * The clock of one connection: armed when it opens and when the first bytes of a request arrive after an answer,
     * disarmed when the request's head is decoded. A kept-alive connection waiting for its next request is the idle
     * timeouts' business, so that a load balancer reusing connections is not cut off between requests.
     */
    private static final class Deadline {

        private final long millis;
        private ScheduledFuture<?> pending;
        private boolean betweenRequests;

        Deadline(long millis) {
            this.millis = millis;
        }

        void arm(Channel channel) {
            disarm();
            betweenRequests = false;
            pending = channel.eventLoop().schedule(() -> channel.close(), millis, TimeUnit.MILLISECONDS);
        }

        void disarm() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }

    /** Before the HTTP decoder: sees the raw bytes, so the first byte of a request starts its clock. */
    private static final class Bytes extends ChannelInboundHandlerAdapter {

        static final String NAME = "deckhand-header-deadline-bytes";

        private final Deadline deadline;

        Bytes(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (deadline.betweenRequests) {
                deadline.arm(ctx.channel());
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            deadline.disarm();
            super.channelInactive(ctx);
        }
    }

    /** After the HTTP decoder: a decoded head stops the clock; a finished answer waits for the next request's bytes. */
    private static final class Heads extends ChannelDuplexHandler {

        static final String NAME = "deckhand-header-deadline";

        private final Deadline deadline;

        Heads(Deadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                deadline.disarm();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                deadline.betweenRequests = true;
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            deadline.disarm();
        }
    }
}
