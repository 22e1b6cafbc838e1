package dev.deckhand.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived within
 * {@code deckhand.server.header-timeout} (default 10 s) of the connection opening or of the previous answer. The
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
                    && channel.pipeline().get(Deadline.NAME) == null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, Deadline.NAME,
                        new Deadline(timeout.toMillis()));
            }
        }
    }

    /** Armed while the server waits for a request's head; disarmed once the head is decoded. */
    private static final class Deadline extends ChannelDuplexHandler {

        static final String NAME = "deckhand-header-deadline";

        private final long millis;
        private ScheduledFuture<?> pending;

        Deadline(long millis) {
            this.millis = millis;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                disarm();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                promise = promise.unvoid();
                promise.addListener(done -> arm(ctx));
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }

        private void arm(ChannelHandlerContext ctx) {
            disarm();
            pending = ctx.executor().schedule(() -> ctx.close(), millis, TimeUnit.MILLISECONDS);
        }

        private void disarm() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
